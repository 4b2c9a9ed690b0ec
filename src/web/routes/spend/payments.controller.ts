// The drill-down: the payments behind one figure of the dashboard, 50 to a page, or all of them as CSV.
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PaymentFilter, PaymentRow } from '../../../db/repositories/spend-report.repository.js'
import { SIZE_LABELS, TIER_LABELS, type SizeBandKey, type TierKey } from '../../../domain/spend/report.js'
import type { Services } from '../../../services.js'
import { csvLine } from '../../support/csv.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'
import { paymentsQuerySchema, queryErrors, type PaymentsQuery } from './dashboard.schema.js'
import { downloadName, queryString, spendContext, type SpendContext } from './spend-context.js'
import { VCSE_LABELS } from './spend-tables.js'

const PAGE_SIZE = 50
/** CSV downloads read this many rows at a time, so a year of a large council's payments never sits in memory. */
export const CSV_CHUNK = 5000

/** Names of people, and names a publisher withheld, are never shown: to the public or to anyone signed in. */
export function payeeLabel(row: Pick<PaymentRow, 'payee' | 'payeeKind'>): string {
  if (row.payeeKind === 'individual') return 'Individual (not named)'
  if (row.payeeKind === 'redacted') return 'Redacted'
  return row.payee ?? 'Not published'
}

const tierLabel = (tier: string) => TIER_LABELS[tier as TierKey] ?? tier
const sizeLabel = (band: string) => (SIZE_LABELS[band as SizeBandKey] ?? band).replace(/ \(.*\)$/, '')

type Parsed = { context: SpendContext; query: PaymentsQuery; filter: Omit<PaymentFilter, 'organisationIds'> }

/** Reads the filters; null (after answering 400) when they are not valid. */
async function readFilter(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  isPublic: boolean,
  csv: boolean,
): Promise<Parsed | null> {
  const parsed = paymentsQuerySchema.safeParse(request.query)
  if (!parsed.success) {
    const message = `These payments cannot be shown: ${queryErrors(parsed.error)
      .list.map((e) => e.text)
      .join('; ')}`
    if (csv) await reply.code(400).type('text/plain; charset=utf-8').send(message)
    else await reply.code(400).view('errors/bad-request', { message })
    return null
  }
  const query = parsed.data
  const context = await spendContext(request, services, { isPublic, scopeValue: query.scope })
  const defaults = query.from && query.to ? null : await services.spendReport.defaultRange(context.scope)
  const filter = {
    from: query.from ?? defaults!.from,
    to: query.to ?? defaults!.to,
    tier: query.tier,
    sizeBand: query.sizeBand,
    quarter: query.quarter,
    department: query.department,
    expenseType: query.expenseType,
    category: query.category,
    supplierId: query.supplierId,
    vcse: query.vcse,
    leakage: query.leakage === 'true' || undefined,
    unnamed: query.unnamed === 'true' || undefined,
  }
  return { context, query, filter }
}

/** Which figure these payments make up, in words, one part per filter. */
function describe(query: PaymentsQuery, supplierName: string | null): string[] {
  const parts: string[] = []
  if (query.leakage) parts.push('Spend leaving the place (suppliers outside the home area)')
  if (query.unnamed) parts.push('Payments to individuals and redacted payees')
  if (query.tier) parts.push(`Supplier location: ${TIER_LABELS[query.tier]}`)
  if (query.sizeBand) parts.push(`Supplier size: ${SIZE_LABELS[query.sizeBand]}`)
  if (query.vcse) parts.push(`Kind of supplier: ${VCSE_LABELS[query.vcse]}`)
  if (query.quarter) parts.push(`Quarter: ${query.quarter}`)
  if (query.department) parts.push(`Department: ${query.department}`)
  if (query.expenseType) parts.push(`Expense type: ${query.expenseType}`)
  if (query.category) parts.push(`Category: ${query.category}`)
  if (query.supplierId) parts.push(`Supplier: ${supplierName ?? 'the chosen supplier'}`)
  return parts
}

/** The filters as a query string, without the page or format. */
function filterQuery(parsed: Parsed, extra: Record<string, string> = {}): string {
  const { query, filter, context } = parsed
  return queryString(context, filter, {
    tier: query.tier,
    sizeBand: query.sizeBand,
    quarter: query.quarter,
    department: query.department,
    expenseType: query.expenseType,
    category: query.category,
    supplierId: query.supplierId,
    vcse: query.vcse,
    leakage: query.leakage,
    unnamed: query.unnamed,
    ...extra,
  })
}

export async function paymentsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  isPublic: boolean,
) {
  const parsed = await readFilter(request, reply, services, isPublic, false)
  if (!parsed) return reply
  const { context, query, filter } = parsed
  const page = query.page
  const { rows, total } = await services.spendReport.payments(context.scope, filter, {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  })
  const pages = Math.max(1, Math.ceil(total.count / PAGE_SIZE))
  const pageHref = (n: number) => `${context.links.payments}?${filterQuery(parsed, { page: String(n) })}`
  if (page > pages) return reply.redirect(pageHref(pages))
  const supplierName = query.supplierId
    ? (rows.find((r) => r.supplierId === query.supplierId)?.supplierName ?? null)
    : null
  const organisations = context.scopeValue ? await services.organisations.list(rows.map((r) => r.organisationId)) : []
  const organisationName = new Map(organisations.map((o) => [o.id, o.name]))
  return reply.view('pages/spend/payments', {
    title: isPublic ? `${context.organisation.name}: payments` : 'Payments',
    context,
    figure: describe(query, supplierName),
    period: `${formatDate(filter.from)} to ${formatDate(filter.to)}`,
    total: { amount: formatMoney(total.amount), count: total.count, countText: formatNumber(total.count) },
    showOrganisation: Boolean(context.scopeValue),
    rows: rows.map((r) => ({
      date: formatDate(r.date),
      reference: r.transactionRef ?? '',
      payee: payeeLabel(r),
      named: r.payeeKind === 'organisation',
      // The matched supplier, when the ledger spells it differently.
      supplier:
        r.payeeKind === 'organisation' && r.supplierName?.toLowerCase() !== r.payee?.toLowerCase()
          ? r.supplierName
          : null,
      amount: formatMoney(r.amount),
      department: r.department,
      expenseType: r.expenseType,
      category: r.category,
      location: r.districtName ? `${tierLabel(r.tier)}: ${r.districtName}` : tierLabel(r.tier),
      size: sizeLabel(r.sizeBand),
      organisation: organisationName.get(r.organisationId) ?? r.organisationId,
    })),
    pagination: {
      page,
      pages,
      previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
      next: page < pages ? { href: pageHref(page + 1) } : undefined,
    },
    csvHref: `${context.links.payments}?${filterQuery(parsed, { format: 'csv' })}`,
    backHref: `${context.links.dashboard}?${queryString(context, filter)}`,
  })
}

const CSV_HEADER = [
  'Date',
  'Transaction reference',
  'Payee',
  'Supplier',
  'Amount (£)',
  'Department',
  'Expense type',
  'Category',
  'Supplier location',
  'District',
  'Supplier size',
  'Organisation',
]

function csvRow(r: PaymentRow): string {
  const named = r.payeeKind === 'organisation'
  return csvLine([
    r.date,
    r.transactionRef ?? '',
    payeeLabel(r),
    named ? (r.supplierName ?? '') : '',
    r.amount,
    r.department,
    r.expenseType,
    r.category,
    tierLabel(r.tier),
    r.districtName ?? '',
    sizeLabel(r.sizeBand),
    r.organisationId,
  ])
}

/** Every payment behind a figure, read and written in chunks: a 200,000-row download streams in 40 pieces. */
export async function paymentsCsv(request: FastifyRequest, reply: FastifyReply, services: Services, isPublic: boolean) {
  const parsed = await readFilter(request, reply, services, isPublic, true)
  if (!parsed) return reply
  const { context, filter } = parsed
  async function* lines() {
    yield csvLine(CSV_HEADER)
    for await (const rows of services.spendReport.paymentChunks(context.scope, filter, CSV_CHUNK))
      yield rows.map(csvRow).join('')
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${downloadName(context, 'payments', filter)}"`)
    .send(Readable.from(lines(), { objectMode: false }))
}
