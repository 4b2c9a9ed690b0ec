// Spend figures for an organisation or a network, over any date range, and the payments behind each figure.
import {
  aggregateSpend,
  describeSuppliers,
  findLocalSuppliersByCategory,
  listClassifiedPayments,
  listClassifiedPaymentsAfter,
  paymentDateRange,
  type AggregateRow,
  type PaymentFilter,
  withReportMemory,
} from '../db/repositories/spend-report.repository.js'
import { listNetworks } from '../db/repositories/organisation.repository.js'
import { NotFoundError } from '../domain/errors.js'
import {
  addFigures,
  quarterFromIndex,
  SIZE_BANDS,
  TIERS,
  ZERO,
  type Figure,
  type SizeBandKey,
  type SpendReport,
  type TierKey,
} from '../domain/spend/report.js'
import type { ServiceDeps } from './deps.js'

const TOP = 20

export type ReportScope = { organisationId: string } | { networkId: string }

function figure(row: AggregateRow | undefined): Figure {
  return row ? { amount: row.amount ?? '0.00', count: row.count } : { ...ZERO }
}

function byAmountDesc<T extends Figure>(a: T, b: T): number {
  const diff = Number(b.amount) - Number(a.amount)
  return diff !== 0 ? diff : 0
}

export function createSpendReportService({ db }: Pick<ServiceDeps, 'db'>) {
  async function organisationsIn(scope: ReportScope): Promise<{ label: string; ids: string[] }> {
    if ('organisationId' in scope) return { label: scope.organisationId, ids: [scope.organisationId] }
    const [network] = await listNetworks(db, [scope.networkId])
    if (!network) throw new NotFoundError(`There is no network ${scope.networkId}`)
    return { label: network.id, ids: network.members.map((m) => m.id) }
  }

  /** The latest twelve months with payments, as a default range: from the first of the month a year before the last. */
  async function defaultRange(ids: string[]): Promise<{ from: string; to: string }> {
    const range = await paymentDateRange(db, ids)
    if (!range.to) return { from: '1900-01-01', to: '1900-01-01' }
    const to = range.to
    const [y, m] = to.split('-').map(Number) as [number, number]
    const from = new Date(Date.UTC(y - 1, m, 1)).toISOString().slice(0, 10)
    return { from: range.from && range.from > from ? range.from : from, to }
  }

  return {
    defaultRange: async (scope: ReportScope) => defaultRange((await organisationsIn(scope)).ids),

    /** Every figure of the spend report. Amounts are exact two-decimal strings. */
    async report(scope: ReportScope, range: { from?: string; to?: string } = {}): Promise<SpendReport> {
      const { label, ids } = await organisationsIn(scope)
      const defaults = range.from && range.to ? null : await defaultRange(ids)
      const from = range.from ?? defaults!.from
      const to = range.to ?? defaults!.to
      const filter: PaymentFilter = { organisationIds: ids, from, to }
      const { rows, leakage: leakageRows } = await withReportMemory(db, (trx) => aggregateSpend(trx, filter, TOP))
      const of = (dimension: string) => rows.filter((r) => r.dimension === dimension)
      const find = (dimension: string, key: string) => of(dimension).find((r) => r.key === key)

      const byTier = Object.fromEntries(TIERS.map((t) => [t, figure(find('tier', t))])) as Record<TierKey, Figure>
      const sizes = Object.fromEntries(SIZE_BANDS.map((s) => [s, figure(find('size', s))])) as Record<
        SizeBandKey,
        Figure
      >
      const bySize = { ...sizes, sme: addFigures(sizes.micro, sizes.small, sizes.medium) }

      const supplierRows = of('supplier')
        .filter((r) => r.key !== null)
        .map((r) => ({ supplierId: r.key!, ...figure(r) }))
        .sort(byAmountDesc)
        .slice(0, TOP)
      // Names and places are described for the first organisation: within a network each keeps its own place.
      const described = new Map(
        (
          await describeSuppliers(
            db,
            ids[0]!,
            supplierRows.map((r) => r.supplierId),
          )
        ).map((d) => [d.id, d]),
      )

      const leakDescribed = new Map(
        (
          await describeSuppliers(
            db,
            ids[0]!,
            leakageRows.bySupplier.map((r) => r.supplier_id!),
          )
        ).map((d) => [d.id, d]),
      )
      const leakCategories = [...new Set(leakageRows.bySupplier.map((r) => r.category ?? '').filter(Boolean))]
      const alternatives = await findLocalSuppliersByCategory(db, ids[0]!, leakCategories, 5)

      return {
        organisation: label,
        organisations: ids,
        from,
        to,
        total: figure(of('total')[0]),
        byTier,
        bySize,
        vcse: {
          vcse: figure(find('vcse', 'true')),
          charity: figure(find('charity', 'true')),
          socialEnterprise: figure(find('socialEnterprise', 'true')),
          coop: figure(find('coop', 'true')),
        },
        byQuarter: of('quarter')
          .filter((r) => r.key)
          .map((r) => {
            // A quarter's dates are those counted: a range that starts or ends inside it cuts it short.
            const q = quarterFromIndex(Number(r.key))
            return { ...q, from: q.from < from ? from : q.from, to: q.to > to ? to : q.to, ...figure(r) }
          })
          .sort((a, b) => a.from.localeCompare(b.from)),
        byDepartment: of('department')
          .map((r) => ({ key: r.key ?? 'Not stated', label: r.key ?? 'Not stated', ...figure(r) }))
          .sort(byAmountDesc),
        byExpenseType: of('expenseType')
          .map((r) => ({ key: r.key ?? 'Not stated', label: r.key ?? 'Not stated', ...figure(r) }))
          .sort(byAmountDesc),
        topSuppliers: supplierRows.map((r) => {
          const d = described.get(r.supplierId)
          return {
            ...r,
            name: d?.name ?? 'Unknown supplier',
            tier: (d?.tier ?? 'unknown') as TierKey,
            sizeBand: (d?.size_band ?? 'unknown') as SizeBandKey,
            district: d?.district_name ?? null,
          }
        }),
        individualsAndRedacted: addFigures(
          figure(find('payeeKind', 'individual')),
          figure(find('payeeKind', 'redacted')),
        ),
        leakage: {
          // With no leaking payments the grand total row sums nothing: SQL gives null, which is £0.00 here.
          total: leakageRows.total
            ? { amount: leakageRows.total.amount ?? '0.00', count: leakageRows.total.count }
            : { ...ZERO },
          byCategory: leakageRows.byCategory.map((r) => ({
            key: r.category ?? 'Not stated',
            label: r.category ?? 'Not stated',
            amount: r.amount,
            count: r.count,
          })),
          bySupplier: leakageRows.bySupplier.map((r) => {
            const d = leakDescribed.get(r.supplier_id!)
            return {
              supplierId: r.supplier_id!,
              name: d?.name ?? 'Unknown supplier',
              tier: (d?.tier ?? 'unknown') as TierKey,
              category: r.category,
              amount: r.amount,
              count: r.count,
              localAlternatives: alternatives
                .filter((a) => a.category === r.category && a.id !== r.supplier_id)
                .map((a) => ({ supplierId: a.id, name: a.name })),
            }
          }),
        },
      }
    },

    /** The payments behind a figure (for drill-down pages and CSV). */
    async payments(
      scope: ReportScope,
      filter: Omit<PaymentFilter, 'organisationIds'>,
      page: { limit: number; offset: number },
    ) {
      const { ids } = await organisationsIn(scope)
      return listClassifiedPayments(db, { ...filter, organisationIds: ids }, page)
    },

    /** Every payment behind a figure, newest first, in chunks of `size` (for downloads that must not sit in memory). */
    async *paymentChunks(scope: ReportScope, filter: Omit<PaymentFilter, 'organisationIds'>, size: number) {
      const { ids } = await organisationsIn(scope)
      let after: { date: string; id: number } | null = null
      for (;;) {
        const rows = await listClassifiedPaymentsAfter(db, { ...filter, organisationIds: ids }, after, size)
        if (rows.length > 0) yield rows
        if (rows.length < size) return
        const last = rows[rows.length - 1]!
        after = { date: last.date, id: last.id }
      }
    },
  }
}

export type SpendReportService = ReturnType<typeof createSpendReportService>
