// What the public pipeline shows, and how: plans expected to be advertised from today to 18 months ahead, plus plans
// whose advertisement date has passed while they are still only planned (marked overdue, so nobody waits for a
// notice that slipped), grouped by the UK public-sector financial quarter (April to June is Q1). Pure: no I/O.
import { MONTH_NAMES } from '../spend/date.js'
import { financialQuarter } from '../spend/report.js'
import type { Plan, PlanStatus } from './plan.js'

/** How far ahead the public pipeline looks, in months. */
export const PIPELINE_MONTHS = 18

/** Statuses the public pipeline may show: awarded and cancelled plans are no longer opportunities. */
export const PUBLIC_STATUSES: readonly PlanStatus[] = ['planned', 'advertised']

/**
 * The same day `months` later; when that month is shorter, its last day (2026-08-31 + 18 months = 2028-02-29).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** The day `days` after (or before, when negative) a date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** The window the public pipeline covers: today to 18 months ahead, both days included. */
export function pipelineWindow(today: string): { from: string; to: string } {
  return { from: today, to: addMonths(today, PIPELINE_MONTHS) }
}

export type PipelinePlacement = 'upcoming' | 'overdue' | null

/** Where a plan stands on the public pipeline today: upcoming, overdue (still planned, date passed), or not shown. */
export function pipelinePlacement(plan: Pick<Plan, 'status' | 'expectedAdvertDate'>, today: string): PipelinePlacement {
  if (!PUBLIC_STATUSES.includes(plan.status)) return null
  const { from, to } = pipelineWindow(today)
  if (plan.expectedAdvertDate >= from && plan.expectedAdvertDate <= to) return 'upcoming'
  if (plan.expectedAdvertDate < from && plan.status === 'planned') return 'overdue'
  return null
}

export type PipelineQuarter = {
  /** "2026-27 Q3" */
  key: string
  /** "October to December 2026" */
  label: string
  from: string
  to: string
}

/** The financial quarter a date falls in, with a label a resident reads without knowing the financial year. */
export function pipelineQuarter(date: string): PipelineQuarter {
  const q = financialQuarter(date)
  const firstMonth = Number(q.from.slice(5, 7))
  const lastMonth = Number(q.to.slice(5, 7))
  const label = `${MONTH_NAMES[firstMonth - 1]} to ${MONTH_NAMES[lastMonth - 1]} ${q.to.slice(0, 4)}`
  return { key: q.quarter, label, from: q.from, to: q.to }
}

/** Every financial quarter from the one `from` falls in to the one `to` falls in, in order. */
export function quartersBetween(from: string, to: string): PipelineQuarter[] {
  const out: PipelineQuarter[] = []
  for (let q = pipelineQuarter(from); q.from <= to; q = pipelineQuarter(addMonths(q.from, 3))) out.push(q)
  return out
}

export type PipelineGroup<T> = {
  key: string
  label: string
  overdue: boolean
  plans: T[]
}

/**
 * The public pipeline's sections: overdue plans first, then one section per quarter that has any plan, in date
 * order; within a section by expected advertisement date, then reference. Plans not on the pipeline are left out.
 */
export function groupPipeline<T extends Pick<Plan, 'status' | 'expectedAdvertDate' | 'reference'>>(
  plans: readonly T[],
  today: string,
): PipelineGroup<T>[] {
  const sorted = [...plans].sort(
    (a, b) =>
      a.expectedAdvertDate.localeCompare(b.expectedAdvertDate) || a.reference.localeCompare(b.reference, 'en-GB'),
  )
  const overdue: PipelineGroup<T> = {
    key: 'overdue',
    label: 'Overdue: expected to be advertised already',
    overdue: true,
    plans: [],
  }
  const quarters = new Map<string, PipelineGroup<T>>()
  for (const plan of sorted) {
    const placement = pipelinePlacement(plan, today)
    if (placement === 'overdue') overdue.plans.push(plan)
    if (placement !== 'upcoming') continue
    const q = pipelineQuarter(plan.expectedAdvertDate)
    let group = quarters.get(q.key)
    if (!group) quarters.set(q.key, (group = { key: q.key, label: q.label, overdue: false, plans: [] }))
    group.plans.push(plan)
  }
  return [...(overdue.plans.length > 0 ? [overdue] : []), ...quarters.values()]
}
