// The spend report as tables: one definition per table serves the page (with links to the payments behind each
// figure, and a chart of the same figures) and its CSV download.
import {
  percentage,
  SIZE_BANDS,
  SIZE_LABELS,
  TIER_LABELS,
  TIERS,
  type Figure,
  type SizeBandKey,
  type SpendReport,
  type TierKey,
} from '../../../domain/spend/report.js'
import type { ChartItem } from '../../support/charts.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'

export const SPEND_TABLES = [
  'tier',
  'size',
  'vcse',
  'quarter',
  'department',
  'expense-type',
  'top-suppliers',
  'leakage-category',
  'leakage-supplier',
] as const
export type SpendTableKey = (typeof SPEND_TABLES)[number]

export const TOP_EXPENSE_TYPES = 15

/** Filters of the drill-down page, as query-string values. */
export type DrillFilter = Partial<
  Record<
    | 'tier'
    | 'sizeBand'
    | 'quarter'
    | 'department'
    | 'expenseType'
    | 'category'
    | 'supplierId'
    | 'vcse'
    | 'leakage'
    | 'unnamed',
    string
  >
>
export type DrillLink = (filter: DrillFilter) => string

export type Cell = { text: string; csv?: string; href?: string; numeric?: boolean }
export type Column = { header: string; csv: string; numeric?: boolean }
export type SpendTable = {
  key: SpendTableKey
  caption: string
  columns: Column[]
  rows: Cell[][]
  /** Rows derived from the others (e.g. all SMEs): on the page, not in the CSV, so its columns add up. */
  footer?: Cell[][]
  /** A note under the caption, e.g. that groups overlap. */
  note?: string
  chart?: { kind: 'bar' | 'column'; items: ChartItem[] }
}

export const VCSE_LABELS = {
  vcse: 'All voluntary, community and social enterprise (VCSE)',
  charity: 'Charities',
  socialEnterprise: 'Social enterprises and community interest companies',
  coop: 'Co-operatives',
} as const

const money = (amount: string): Cell => ({ text: formatMoney(amount), csv: amount, numeric: true })
const count = (n: number): Cell => ({ text: formatNumber(n), csv: String(n), numeric: true })
const share = (amount: string, whole: string): Cell => {
  const p = percentage(amount, whole)
  return { text: `${p}%`, csv: p, numeric: true }
}
const figureCells = (f: Figure, whole: string): Cell[] => [money(f.amount), count(f.count), share(f.amount, whole)]
const FIGURE_COLUMNS: Column[] = [
  { header: 'Amount', csv: 'Amount (£)', numeric: true },
  { header: 'Payments', csv: 'Payments', numeric: true },
  { header: 'Share of total spend', csv: 'Share of total spend (%)', numeric: true },
]

const sizeLabel = (band: SizeBandKey) => SIZE_LABELS[band].replace(/ \(.*\)$/, '')

/** Every table of a report. `allExpenseTypes` lists every expense type on the page, not only the largest. */
export function spendTables(report: SpendReport, drill: DrillLink, options: { allExpenseTypes?: boolean } = {}) {
  const total = report.total.amount
  const leakage = report.leakage.total.amount
  const labelled = (label: string, href: string): Cell => ({ text: label, href })
  const bars = (rows: { label: string; amount: string }[]) => rows.map((r) => ({ label: r.label, value: r.amount }))

  const tierRows = TIERS.map((t) => ({
    label: TIER_LABELS[t],
    amount: report.byTier[t].amount,
    href: drill({ tier: t }),
    f: report.byTier[t],
  }))
  const sizeRows = SIZE_BANDS.map((s) => ({
    label: SIZE_LABELS[s],
    amount: report.bySize[s].amount,
    href: drill({ sizeBand: s }),
    f: report.bySize[s],
  }))
  const vcseRows = (Object.keys(VCSE_LABELS) as (keyof typeof VCSE_LABELS)[]).map((k) => ({
    label: VCSE_LABELS[k],
    amount: report.vcse[k].amount,
    href: drill({ vcse: k }),
    f: report.vcse[k],
  }))
  const quarterRows = report.byQuarter.map((q) => ({
    label: q.quarter,
    amount: q.amount,
    href: drill({ quarter: q.quarter }),
    f: q,
  }))
  const departmentRows = report.byDepartment.map((d) => ({
    label: d.label,
    amount: d.amount,
    href: drill({ department: d.key }),
    f: d,
  }))
  const expenseRows = report.byExpenseType.map((e) => ({
    label: e.label,
    amount: e.amount,
    href: drill({ expenseType: e.key }),
    f: e,
  }))
  const shownExpenseRows = options.allExpenseTypes ? expenseRows : expenseRows.slice(0, TOP_EXPENSE_TYPES)
  const leakageRows = report.leakage.byCategory.map((c) => ({
    label: c.label,
    amount: c.amount,
    href: drill({ leakage: 'true', category: c.key }),
    f: c,
  }))

  const tables: Record<SpendTableKey, SpendTable> = {
    tier: {
      key: 'tier',
      caption: 'Spend by where suppliers are',
      columns: [{ header: 'Supplier location', csv: 'Supplier location' }, ...FIGURE_COLUMNS],
      rows: tierRows.map((r) => [labelled(r.label, r.href), ...figureCells(r.f, total)]),
      chart: { kind: 'bar', items: bars(tierRows) },
    },
    size: {
      key: 'size',
      caption: 'Spend by supplier size',
      columns: [{ header: 'Supplier size', csv: 'Supplier size' }, ...FIGURE_COLUMNS],
      rows: sizeRows.map((r) => [labelled(r.label, r.href), ...figureCells(r.f, total)]),
      footer: [[labelled(SIZE_LABELS.sme, drill({ sizeBand: 'sme' })), ...figureCells(report.bySize.sme, total)]],
      chart: { kind: 'bar', items: bars(sizeRows.map((r, i) => ({ ...r, label: sizeLabel(SIZE_BANDS[i]!) }))) },
    },
    vcse: {
      key: 'vcse',
      caption: 'Spend with the voluntary, community and social enterprise sector',
      note: 'A supplier can be in more than one group (a charity can also be a social enterprise), so these do not add up.',
      columns: [{ header: 'Kind of supplier', csv: 'Kind of supplier' }, ...FIGURE_COLUMNS],
      rows: vcseRows.map((r) => [labelled(r.label, r.href), ...figureCells(r.f, total)]),
      chart: {
        kind: 'bar',
        items: bars(
          vcseRows.map((r) => ({
            ...r,
            label: r.label
              .replace(/ \(VCSE\)$/, '')
              .replace('All voluntary, community and social enterprise', 'All VCSE'),
          })),
        ),
      },
    },
    quarter: {
      key: 'quarter',
      caption: 'Spend by financial quarter',
      columns: [{ header: 'Quarter', csv: 'Quarter' }, { header: 'Dates', csv: 'Dates' }, ...FIGURE_COLUMNS],
      rows: report.byQuarter.map((q, i) => [
        labelled(q.quarter, quarterRows[i]!.href),
        { text: `${formatDate(q.from)} to ${formatDate(q.to)}`, csv: `${q.from} to ${q.to}` },
        ...figureCells(q, total),
      ]),
      chart: { kind: 'column', items: bars(quarterRows) },
    },
    department: {
      key: 'department',
      caption: 'Spend by department',
      columns: [{ header: 'Department', csv: 'Department' }, ...FIGURE_COLUMNS],
      rows: departmentRows.map((r) => [labelled(r.label, r.href), ...figureCells(r.f, total)]),
      chart: { kind: 'bar', items: bars(departmentRows.slice(0, TOP_EXPENSE_TYPES)) },
    },
    'expense-type': {
      key: 'expense-type',
      caption:
        options.allExpenseTypes || expenseRows.length <= TOP_EXPENSE_TYPES
          ? 'Spend by expense type'
          : `Spend by expense type: the ${TOP_EXPENSE_TYPES} largest`,
      columns: [{ header: 'Expense type', csv: 'Expense type' }, ...FIGURE_COLUMNS],
      rows: shownExpenseRows.map((r) => [labelled(r.label, r.href), ...figureCells(r.f, total)]),
      chart: { kind: 'bar', items: bars(expenseRows.slice(0, TOP_EXPENSE_TYPES)) },
    },
    'top-suppliers': {
      key: 'top-suppliers',
      caption:
        report.topSuppliers.length === 1
          ? 'The supplier paid most'
          : `The ${report.topSuppliers.length} suppliers paid most`,
      columns: [
        { header: 'Supplier', csv: 'Supplier' },
        ...FIGURE_COLUMNS,
        { header: 'Location', csv: 'Location' },
        { header: 'District', csv: 'District' },
        { header: 'Size', csv: 'Size' },
      ],
      rows: report.topSuppliers.map((s) => [
        labelled(s.name, drill({ supplierId: s.supplierId })),
        ...figureCells(s, total),
        { text: tierLabel(s.tier) },
        { text: s.district ?? 'Not known', csv: s.district ?? '' },
        { text: sizeLabel(s.sizeBand) },
      ]),
    },
    'leakage-category': {
      key: 'leakage-category',
      caption: 'Spend leaving the place, by category',
      columns: [
        { header: 'Category', csv: 'Category' },
        { header: 'Amount', csv: 'Amount (£)', numeric: true },
        { header: 'Payments', csv: 'Payments', numeric: true },
        { header: 'Share of leakage', csv: 'Share of leakage (%)', numeric: true },
      ],
      rows: leakageRows.map((r) => [
        labelled(r.label, r.href),
        money(r.f.amount),
        count(r.f.count),
        share(r.f.amount, leakage),
      ]),
      chart: { kind: 'bar', items: bars(leakageRows) },
    },
    'leakage-supplier': {
      key: 'leakage-supplier',
      caption: 'Spend leaving the place, by supplier, with local alternatives',
      columns: [
        { header: 'Supplier', csv: 'Supplier' },
        { header: 'Category', csv: 'Category' },
        { header: 'Location', csv: 'Location' },
        { header: 'Amount', csv: 'Amount (£)', numeric: true },
        { header: 'Payments', csv: 'Payments', numeric: true },
        { header: 'Local suppliers in the same category', csv: 'Local suppliers in the same category' },
      ],
      rows: report.leakage.bySupplier.map((s) => [
        labelled(
          s.name,
          drill({ leakage: 'true', supplierId: s.supplierId, ...(s.category ? { category: s.category } : {}) }),
        ),
        { text: s.category ?? 'Not stated', csv: s.category ?? '' },
        { text: tierLabel(s.tier) },
        money(s.amount),
        count(s.count),
        {
          text: s.localAlternatives.map((a) => a.name).join(', ') || 'None in the register',
          csv: s.localAlternatives.map((a) => a.name).join('; '),
        },
      ]),
    },
  }
  return tables
}

function tierLabel(tier: TierKey): string {
  return TIER_LABELS[tier] ?? TIER_LABELS.unknown
}

/** The figures at the top of the dashboard, each with its share of the total and a link to its payments. */
export function headlineFigures(report: SpendReport, drill: DrillLink) {
  const total = report.total.amount
  const item = (label: string, f: Figure, filter: DrillFilter, hidden: string) => ({
    label,
    amount: formatMoney(f.amount),
    count: formatNumber(f.count),
    share: percentage(f.amount, total),
    href: drill(filter),
    hidden,
  })
  return [
    { ...item('Total spend', report.total, {}, 'all payments'), share: null },
    item('Local spend', report.byTier.local, { tier: 'local' }, 'local payments'),
    item('Spend with SMEs', report.bySize.sme, { sizeBand: 'sme' }, 'payments to SMEs'),
    item('Spend with VCSE organisations', report.vcse.vcse, { vcse: 'vcse' }, 'payments to VCSE organisations'),
  ]
}
