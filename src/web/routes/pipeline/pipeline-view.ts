// How a planned procurement reads on the pipeline's pages and in its CSV downloads (shared with `cwb pipeline export`).
import { PROCUREMENT_ROUTE_LABELS } from '../../../domain/contracts/contract.js'
import { PLAN_CSV_COLUMNS, PLAN_COLUMNS, planCsvCells } from '../../../domain/pipeline/plan-file.js'
import { PLAN_STATUS_LABELS, type Plan } from '../../../domain/pipeline/plan.js'
import { pipelinePlacement, pipelineQuarter } from '../../../domain/pipeline/window.js'
import { toCsv } from '../../support/csv.js'
import { formatDate, formatMoney } from '../../support/format.js'

export const NOT_KNOWN = 'Not known yet'

/** The public CSV: the rows of the public pipeline, and whether each is overdue. */
export function publicPipelineCsv(plans: readonly Plan[], today: string): string {
  const columns = [...PLAN_CSV_COLUMNS, 'overdue' as const]
  return toCsv(
    columns.map((c) => PLAN_COLUMNS[c].header),
    plans.map((p) => planCsvCells(p, columns, { overdue: pipelinePlacement(p, today) === 'overdue' })),
  )
}

/** Every plan of an organisation, in the layout `cwb pipeline import` reads back. */
export function fullPipelineCsv(plans: readonly Plan[]): string {
  return toCsv(
    PLAN_CSV_COLUMNS.map((c) => PLAN_COLUMNS[c].header),
    plans.map((p) => planCsvCells(p, PLAN_CSV_COLUMNS)),
  )
}

/** The fields a page shows, formatted. */
export function planView(plan: Plan, today: string) {
  const quarter = pipelineQuarter(plan.expectedAdvertDate)
  const suitable = [
    plan.suitableForSme && 'Small and medium-sized enterprises (SMEs)',
    plan.suitableForVcse && 'Voluntary, community and social enterprises (VCSEs)',
  ].filter((s): s is string => Boolean(s))
  return {
    id: plan.id,
    reference: plan.reference,
    title: plan.title,
    description: plan.description,
    department: plan.department ?? NOT_KNOWN,
    category: plan.category ?? NOT_KNOWN,
    cpvCodes: plan.cpvCodes.join(', '),
    value: plan.estimatedValue ? formatMoney(plan.estimatedValue) : NOT_KNOWN,
    advertDate: formatDate(plan.expectedAdvertDate),
    advertQuarter: quarter.label,
    startDate: plan.expectedStartDate ? formatDate(plan.expectedStartDate) : NOT_KNOWN,
    route: plan.procurementRoute ? PROCUREMENT_ROUTE_LABELS[plan.procurementRoute] : NOT_KNOWN,
    lots: plan.lots,
    sme: plan.suitableForSme,
    vcse: plan.suitableForVcse,
    suitableFor: suitable.length > 0 ? suitable : null,
    contactName: plan.contactName,
    contactEmail: plan.contactEmail,
    status: plan.status,
    statusLabel: PLAN_STATUS_LABELS[plan.status],
    overdue: pipelinePlacement(plan, today) === 'overdue',
  }
}
