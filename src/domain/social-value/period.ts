// Reporting periods: a commitment or a return covers whole days from a start to an end date, usually a quarter or a
// year. Dates are ISO 'YYYY-MM-DD' strings, compared as strings.

export type Period = { start: string; end: string }

const ISO = /^\d{4}-\d{2}-\d{2}$/

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!ISO.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** A date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Whether `inner` lies wholly within `outer`. */
export function periodWithin(inner: Period, outer: Period): boolean {
  return inner.start >= outer.start && inner.end <= outer.end
}

/** The kind of a period, by its length: a calendar quarter (3 months) or a year, else 'other'. */
export function periodKind(p: Period): 'quarter' | 'year' | 'other' {
  const after = addDays(p.end, 1)
  const months = monthsBetween(p.start, after)
  if (p.start.slice(8) !== '01' || after.slice(8) !== '01') return 'other'
  if (months === 3) return 'quarter'
  if (months === 12) return 'year'
  return 'other'
}

function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7))
}

/** The UK financial quarter a date falls in, e.g. '2025-26 Q1' for April to June 2025. */
export function financialQuarterOf(date: string): string {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const fyStart = month >= 4 ? year : year - 1
  const quarter = Math.floor(((month + 8) % 12) / 3) + 1
  return `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')} Q${quarter}`
}

/** When a return for a period is due: a number of days after the period ends. */
export function returnDueDate(period: Period, dueDays: number): string {
  return addDays(period.end, dueDays)
}

/** A short label for a period: "2025-26 Q1" for a financial quarter, else "1 Apr 2025 to 31 Mar 2026" style dates. */
export function periodLabel(p: Period): string {
  const kind = periodKind(p)
  if (kind === 'quarter' && ['04', '07', '10', '01'].includes(p.start.slice(5, 7))) return financialQuarterOf(p.start)
  if (kind === 'year' && p.start.slice(5) === '04-01') return `${financialQuarterOf(p.start).slice(0, 7)}`
  return `${p.start} to ${p.end}`
}

/**
 * Why a commitment's period cannot be delivered under a contract, or null if it can: the period must fall at least
 * partly within the contract's term, counting every extension the contract allows (its latest possible end).
 */
export function periodOutsideTerm(
  p: Period,
  term: { startDate: string | null; endDate: string | null; maxEndDate: string | null },
): string | null {
  const end = term.maxEndDate ?? term.endDate
  if ((term.startDate && p.end < term.startDate) || (end && p.start > end))
    return `the period falls outside the contract, which runs from ${term.startDate ?? 'its start'} to ${end ?? 'its end'}`
  return null
}
