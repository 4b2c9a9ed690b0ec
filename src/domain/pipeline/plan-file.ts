// The pipeline as a table: the columns of the CSV download, and reading a pipeline file (CSV or XLSX, the download's
// own layout or a close variant) row by row into drafts or the reasons a row cannot be one. Pure: no I/O.
import { PROCUREMENT_ROUTE_LABELS, PROCUREMENT_ROUTES, type ProcurementRoute } from '../contracts/contract.js'
import { cpvCodesOfCell, parseFlag, routeFromText } from '../contracts/register-row.js'
import { formatPence, parseAmount } from '../spend/amount.js'
import { normaliseHeader } from '../spend/columns.js'
import { parseDate } from '../spend/date.js'
import {
  PLAN_STATUS_LABELS,
  PLAN_STATUSES,
  parsePlanDraft,
  type Plan,
  type PlanDraft,
  type PlanStatus,
} from './plan.js'

export type PlanColumn =
  | 'reference'
  | 'title'
  | 'description'
  | 'department'
  | 'category'
  | 'cpvCodes'
  | 'estimatedValue'
  | 'expectedAdvertDate'
  | 'expectedStartDate'
  | 'procurementRoute'
  | 'lots'
  | 'suitableForSme'
  | 'suitableForVcse'
  | 'contactName'
  | 'contactEmail'
  | 'status'
  | 'overdue'

/** Each column: its header in downloads, and other headers a file may use for it (compared after normalising). */
export const PLAN_COLUMNS: Readonly<Record<PlanColumn, { header: string; also: readonly string[] }>> = {
  reference: { header: 'Reference', also: ['ref', 'plan reference', 'procurement reference', 'project reference'] },
  title: { header: 'Title', also: ['procurement title', 'project title', 'name', 'project', 'subject'] },
  description: { header: 'Description', also: ['summary', 'scope', 'details'] },
  department: { header: 'Department', also: ['directorate', 'service area', 'service', 'team'] },
  category: { header: 'Category', also: ['cpv division'] },
  cpvCodes: { header: 'CPV codes', also: ['cpv code', 'cpv', 'cpv codes'] },
  estimatedValue: {
    header: 'Estimated value',
    also: ['estimated value £', 'estimated total value', 'value', 'estimated contract value', 'total value'],
  },
  expectedAdvertDate: {
    header: 'Expected advertisement date',
    also: ['advert date', 'advertisement date', 'expected advert date', 'tender date', 'expected tender date'],
  },
  expectedStartDate: {
    header: 'Expected contract start',
    also: ['contract start', 'start date', 'expected start date', 'expected contract start date'],
  },
  procurementRoute: { header: 'Procurement route', also: ['route', 'procedure', 'procurement procedure'] },
  lots: { header: 'Lots', also: ['lotting', 'lot structure'] },
  suitableForSme: { header: 'Suitable for SMEs', also: ['sme suitable', 'suitable for sme', 'sme'] },
  suitableForVcse: { header: 'Suitable for VCSEs', also: ['vcse suitable', 'suitable for vcse', 'vcse'] },
  contactName: { header: 'Contact team', also: ['contact', 'contact name', 'team'] },
  contactEmail: { header: 'Contact email', also: ['email', 'contact email address', 'mailbox'] },
  status: { header: 'Status', also: ['plan status'] },
  overdue: { header: 'Overdue', also: [] },
}

/** The columns of the CSV download, in order (the public one adds whether each plan is overdue). */
export const PLAN_CSV_COLUMNS: readonly PlanColumn[] = [
  'reference',
  'title',
  'description',
  'department',
  'category',
  'cpvCodes',
  'estimatedValue',
  'expectedAdvertDate',
  'expectedStartDate',
  'procurementRoute',
  'lots',
  'suitableForSme',
  'suitableForVcse',
  'contactName',
  'contactEmail',
  'status',
]

const yesNo = (value: boolean) => (value ? 'Yes' : 'No')

/** A plan as one CSV row: dates ISO, money as plain pounds with pence, codes separated by semicolons. */
export function planCsvCells(plan: Plan, columns: readonly PlanColumn[], extra: { overdue?: boolean } = {}): string[] {
  const cell: Record<PlanColumn, string> = {
    reference: plan.reference,
    title: plan.title,
    description: plan.description ?? '',
    department: plan.department ?? '',
    category: plan.category ?? '',
    cpvCodes: plan.cpvCodes.join('; '),
    estimatedValue: plan.estimatedValue ?? '',
    expectedAdvertDate: plan.expectedAdvertDate,
    expectedStartDate: plan.expectedStartDate ?? '',
    procurementRoute: plan.procurementRoute ? PROCUREMENT_ROUTE_LABELS[plan.procurementRoute] : '',
    lots: plan.lots ?? '',
    suitableForSme: yesNo(plan.suitableForSme),
    suitableForVcse: yesNo(plan.suitableForVcse),
    contactName: plan.contactName ?? '',
    contactEmail: plan.contactEmail ?? '',
    status: PLAN_STATUS_LABELS[plan.status],
    overdue: yesNo(extra.overdue ?? false),
  }
  return columns.map((c) => cell[c])
}

export type PlanMapping = Partial<Record<PlanColumn, number>>

const HEADER_LOOKUP: ReadonlyMap<string, PlanColumn> = new Map(
  (Object.entries(PLAN_COLUMNS) as [PlanColumn, { header: string; also: readonly string[] }][]).flatMap(
    ([column, { header, also }]) => [header, ...also].map((h) => [normaliseHeader(h), column] as const),
  ),
)

/** Which column holds what; a header row must name at least a reference, a title and an advertisement date. */
export function mapPlanColumns(cells: readonly string[]): { mapping: PlanMapping | null; unused: string[] } {
  const mapping: PlanMapping = {}
  const unused: string[] = []
  cells.forEach((cell, index) => {
    const column = HEADER_LOOKUP.get(normaliseHeader(cell))
    if (column && mapping[column] === undefined) mapping[column] = index
    else if (cell.trim() !== '') unused.push(cell.trim())
  })
  const complete =
    mapping.reference !== undefined && mapping.title !== undefined && mapping.expectedAdvertDate !== undefined
  return { mapping: complete ? mapping : null, unused }
}

export type PlanRowOutcome =
  { kind: 'blank' } | { kind: 'plan'; draft: PlanDraft } | { kind: 'rejected'; reason: string }

const FIELD_LABELS: Record<keyof PlanDraft, string> = {
  reference: 'Reference',
  title: 'Title',
  description: 'Description',
  department: 'Department',
  cpvCodes: 'CPV codes',
  estimatedValue: 'Estimated value',
  expectedAdvertDate: 'Expected advertisement date',
  expectedStartDate: 'Expected contract start',
  procurementRoute: 'Procurement route',
  lots: 'Lots',
  suitableForSme: 'Suitable for SMEs',
  suitableForVcse: 'Suitable for VCSEs',
  contactName: 'Contact team',
  contactEmail: 'Contact email',
  status: 'Status',
}

/** A route written as cwb writes it ("Open tender", "open") or as registers do ("ITT", "Call-off"). */
export function planRouteFromText(text: string): { ok: true; value: ProcurementRoute | null } | { ok: false } {
  const t = text.trim().toLowerCase()
  if (t === '') return { ok: true, value: null }
  const exact = PROCUREMENT_ROUTES.find((r) => r === t || PROCUREMENT_ROUTE_LABELS[r].toLowerCase() === t)
  if (exact) return { ok: true, value: exact }
  const guessed = routeFromText(t)
  return guessed && guessed !== 'other' ? { ok: true, value: guessed } : { ok: false }
}

/** "Planned", "advertised", … ; blank means planned. */
export function planStatusFromText(text: string): PlanStatus | null {
  const t = text.trim().toLowerCase()
  if (t === '') return 'planned'
  return PLAN_STATUSES.find((s) => s === t || PLAN_STATUS_LABELS[s].toLowerCase() === t) ?? null
}

/** One data row → a draft, or every reason it cannot be one, in the order of the draft's fields. */
export function interpretPlanRow(cells: readonly string[], mapping: PlanMapping): PlanRowOutcome {
  const text = (column: PlanColumn) => {
    const index = mapping[column]
    return index === undefined ? '' : (cells[index] ?? '').trim()
  }
  if (cells.every((c) => c.trim() === '')) return { kind: 'blank' }
  const problems: Partial<Record<keyof PlanDraft, string>> = {}
  const date = (column: 'expectedAdvertDate' | 'expectedStartDate') => {
    const raw = text(column)
    if (raw === '') return column === 'expectedAdvertDate' ? '' : null
    const parsed = parseDate(raw)
    if (parsed.ok) return parsed.date
    problems[column] = `${FIELD_LABELS[column]} “${raw}” is not a date`
    return null
  }
  const flag = (column: 'suitableForSme' | 'suitableForVcse') => {
    const parsed = parseFlag(text(column))
    if (parsed.ok) return parsed.value === true
    problems[column] = `${FIELD_LABELS[column]} “${text(column)}” must be Yes or No`
    return false
  }
  let estimatedValue: string | null = null
  if (text('estimatedValue') !== '') {
    const parsed = parseAmount(text('estimatedValue'))
    if (!parsed.ok || parsed.pence < 0n)
      problems.estimatedValue = `Estimated value “${text('estimatedValue')}” is not an amount in pounds`
    else estimatedValue = formatPence(parsed.pence)
  }
  const route = planRouteFromText(text('procurementRoute'))
  if (!route.ok) problems.procurementRoute = `Procurement route “${text('procurementRoute')}” is not one cwb knows`
  const status = planStatusFromText(text('status'))
  if (!status) problems.status = `Status “${text('status')}” must be Planned, Advertised, Awarded or Cancelled`
  const input = {
    reference: text('reference'),
    title: text('title'),
    description: text('description') || null,
    department: text('department') || null,
    cpvCodes: cpvCodesOfCell(text('cpvCodes')),
    estimatedValue,
    expectedAdvertDate: date('expectedAdvertDate'),
    expectedStartDate: date('expectedStartDate'),
    procurementRoute: route.ok ? route.value : null,
    lots: text('lots') || null,
    suitableForSme: flag('suitableForSme'),
    suitableForVcse: flag('suitableForVcse'),
    contactName: text('contactName') || null,
    contactEmail: text('contactEmail') || null,
    status: status ?? 'planned',
  }
  const parsed = parsePlanDraft(input)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof PlanDraft
      problems[field] ??= field === 'cpvCodes' && input.cpvCodes.length === 0 ? 'CPV codes are missing' : issue.message
    }
  const reasons = (Object.keys(FIELD_LABELS) as (keyof PlanDraft)[]).flatMap((f) => problems[f] ?? [])
  if (!parsed.success || reasons.length > 0) return { kind: 'rejected', reason: reasons.join('; ') }
  return { kind: 'plan', draft: parsed.data }
}
