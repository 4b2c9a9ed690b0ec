// The social value report as tables: one definition per table serves the dashboard (with a chart of the same
// figures), its CSV download, the printable quarterly report and its PDF. Figures come from the report service;
// here they are only formatted, ordered and labelled.
import { THEME_LABELS } from '../../../domain/social-value/framework.js'
import { financialQuarterOf, periodLabel } from '../../../domain/social-value/period.js'
import { parseMoneyPence } from '../../../domain/social-value/quantity.js'
import { percentOf, RAG_STATUSES, type RagRollup, type RagStatus } from '../../../domain/social-value/rag.js'
import type { SvReport } from '../../../services/sv-report.service.js'
import type { TargetProgress } from '../../../services/sv-targets.service.js'
import { columnChart, compactMoney, horizontalBarChart, type ChartItem } from '../../support/charts.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'

export const SV_TABLES = [
  'rag',
  'organisations',
  'contracts',
  'departments',
  'themes',
  'measures',
  'quarters',
  'targets',
  'commitments',
] as const
export type SvTableKey = (typeof SV_TABLES)[number]
/** What the public may read and download: no departments, measures' detail or individual commitments. */
export const PUBLIC_SV_TABLES = ['contracts', 'themes', 'quarters'] as const satisfies readonly SvTableKey[]

export type SvCell = {
  text: string
  csv?: string
  href?: string
  numeric?: boolean
  /** A GOV.UK tag (red, amber, green); its text is the cell's text. */
  tag?: string
  /** On the page, a list of these instead of the text. */
  lines?: string[]
}
export type SvColumn = { header: string; csv: string; numeric?: boolean }
export type SvTable = {
  key: SvTableKey
  caption: string
  columns: SvColumn[]
  rows: SvCell[][]
  empty: string
  chart?: { kind: 'bar' | 'column'; items: ChartItem[]; format: 'money' | 'count' }
}

export const RAG_WORDS: Record<RagStatus, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  'not-due': 'Not yet due',
}
const RAG_TAGS: Record<RagStatus, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
  'not-due': 'govuk-tag--grey',
}
/** Red first: what needs attention leads every list. */
const RAG_ORDER: Record<RagStatus, number> = { red: 0, amber: 1, green: 2, 'not-due': 3 }

export type TrendPoint = { from: string; to: string; report: SvReport }

export type SvTableInput = {
  report: SvReport
  trend: TrendPoint[]
  targets?: { financialYear: string; to: string; rows: TargetProgress[] }
  contractHref: (contractId: string) => string | undefined
  /** Names of the organisations in the report, by id. */
  organisationNames?: ReadonlyMap<string, string>
  isPublic: boolean
}

const money = (amount: string): SvCell => ({ text: formatMoney(amount), csv: amount, numeric: true })
const count = (n: number): SvCell => ({ text: formatNumber(n), csv: String(n), numeric: true })
const quantity = (q: string): SvCell => ({ text: formatNumber(q), csv: q, numeric: true })
const percent = (p: string | null): SvCell =>
  p === null ? { text: 'None promised', csv: '', numeric: true } : { text: `${p}%`, csv: p, numeric: true }
const status = (s: RagStatus): SvCell => ({ text: RAG_WORDS[s], tag: RAG_TAGS[s] })

/** Delivered £ as a share of promised £, one decimal; null when nothing was promised. */
export function deliveredPercent(committed: string, delivered: string): string | null {
  return percentOf(parseMoneyPence(delivered)!, parseMoneyPence(committed)!)
}

const MONEY_COLUMNS: SvColumn[] = [
  { header: 'Promised', csv: 'Promised (£)', numeric: true },
  { header: 'Delivered', csv: 'Delivered (£)', numeric: true },
  { header: 'Delivered of promised', csv: 'Delivered of promised (%)', numeric: true },
]
const moneyCells = (f: { committed: { amount: string }; delivered: { amount: string } }): SvCell[] => [
  money(f.committed.amount),
  money(f.delivered.amount),
  percent(deliveredPercent(f.committed.amount, f.delivered.amount)),
]
/** Where no proxy value prices a row's units, £0.00 would read as nothing delivered: it says so instead. */
/** What a value in pounds reads where no proxy value prices the measures behind it: they are counted in units only. */
export const UNITS_ONLY_TEXT = 'Counted in units only'
const UNITS_ONLY: SvCell = { text: UNITS_ONLY_TEXT, csv: '', numeric: true }
const valueCells = (f: Parameters<typeof moneyCells>[0] & { unitsOnly: boolean }): SvCell[] =>
  f.unitsOnly ? [UNITS_ONLY, UNITS_ONLY, UNITS_ONLY] : moneyCells(f)
const RAG_COLUMNS: SvColumn[] = [
  { header: 'Status', csv: 'Status' },
  { header: 'Delivered where due', csv: 'Delivered where due (%)', numeric: true },
  ...RAG_STATUSES.map((s) => ({ header: RAG_WORDS[s], csv: `${RAG_WORDS[s]} commitments`, numeric: true })),
]
const ragCells = (r: RagRollup): SvCell[] => [
  status(r.status),
  r.percent === null
    ? { text: 'None judged yet', csv: '', numeric: true }
    : { text: `${r.percent}%`, csv: r.percent, numeric: true },
  ...RAG_STATUSES.map((s) => count(r.counts[s])),
]

/** Contracts in the order a reader needs them: red, then amber, green and not yet due; by reference within each. */
export function contractsInOrder(report: SvReport) {
  return [...report.byContract].sort(
    (a, b) => RAG_ORDER[a.rag.status] - RAG_ORDER[b.rag.status] || a.reference.localeCompare(b.reference),
  )
}

/** Why a contract is red or amber: each commitment short of target, as delivered against target. */
export function shortfallsOf(report: SvReport, contractId: string): string[] {
  return report.rag.commitments
    .filter((l) => l.contractId === contractId && (l.status === 'red' || l.status === 'amber'))
    .map(
      (l) =>
        `${l.measureCode} ${periodLabel({ start: l.periodStart, end: l.periodEnd })}: ${formatNumber(l.deliveredQuantity)} of ${formatNumber(l.targetQuantity)} delivered (${l.percent ?? '0.0'}%)`,
    )
}

/** Every table of a report (the public reads only PUBLIC_SV_TABLES). */
export function svTables(input: SvTableInput): Record<SvTableKey, SvTable> {
  const { report, trend, targets, contractHref, isPublic, organisationNames } = input
  const overall = report.rag.overall
  const contracts = contractsInOrder(report)
  const contractCell = (c: { contractId: string; reference: string; title: string }): SvCell => ({
    text: `${c.reference}: ${c.title}`,
    href: contractHref(c.contractId),
  })
  const measureUnits = (m: SvReport['byMeasure'][number]) => `${m.name} (${m.unit})`

  return {
    rag: {
      key: 'rag',
      caption: 'Commitments by red, amber and green',
      columns: [
        { header: 'Status', csv: 'Status' },
        { header: 'Commitments', csv: 'Commitments', numeric: true },
      ],
      rows: RAG_STATUSES.map((s) => [status(s), count(overall.counts[s])]),
      empty: 'No commitments in this period.',
      chart: {
        kind: 'bar',
        format: 'count',
        items: RAG_STATUSES.map((s) => ({ label: RAG_WORDS[s], value: String(overall.counts[s]) })),
      },
    },
    organisations: {
      key: 'organisations',
      caption: 'Red, amber and green by organisation',
      columns: [{ header: 'Organisation', csv: 'Organisation' }, ...RAG_COLUMNS],
      rows: report.rag.byOrganisation.map((o) => [
        { text: organisationNames?.get(o.organisationId) ?? o.organisationId },
        ...ragCells(o.rag),
      ]),
      empty: 'No commitments in this period.',
    },
    contracts: {
      key: 'contracts',
      caption: 'Social value by contract, red and amber first',
      columns: [
        { header: 'Contract', csv: 'Contract' },
        ...(isPublic ? [] : [{ header: 'Department', csv: 'Department' }]),
        ...MONEY_COLUMNS,
        { header: 'Status', csv: 'Status' },
        ...(isPublic ? [] : [{ header: 'Short of target', csv: 'Short of target' }]),
      ],
      rows: contracts.map((c) => {
        const reasons = shortfallsOf(report, c.contractId)
        return [
          contractCell(c),
          ...(isPublic ? [] : [{ text: c.department ?? 'Not stated', csv: c.department ?? '' }]),
          ...valueCells(c),
          status(c.rag.status),
          ...(isPublic ? [] : [{ text: reasons.join('; ') || 'None', csv: reasons.join('; '), lines: reasons }]),
        ]
      }),
      empty: 'No contract has social value commitments or returns in this period.',
    },
    departments: {
      key: 'departments',
      caption: 'Red, amber and green by department',
      columns: [{ header: 'Department', csv: 'Department' }, ...RAG_COLUMNS],
      rows: [...report.rag.byDepartment]
        .sort(
          (a, b) =>
            RAG_ORDER[a.rag.status] - RAG_ORDER[b.rag.status] || (a.department ?? '').localeCompare(b.department ?? ''),
        )
        .map((d) => [{ text: d.department ?? 'Not stated', csv: d.department ?? '' }, ...ragCells(d.rag)]),
      empty: 'No commitments in this period.',
    },
    themes: {
      key: 'themes',
      caption: 'Social value by theme',
      columns: [{ header: 'Theme', csv: 'Theme' }, ...MONEY_COLUMNS],
      rows: report.byTheme.map((t) => [{ text: THEME_LABELS[t.theme] }, ...valueCells(t)]),
      empty: 'No social value in this period.',
      chart: {
        kind: 'bar',
        format: 'money',
        // A theme counted in units only has no £ to draw.
        items: report.byTheme
          .filter((t) => !t.unitsOnly)
          .flatMap((t) => [
            { label: `${THEME_LABELS[t.theme]}: promised`, value: t.committed.amount },
            { label: `${THEME_LABELS[t.theme]}: delivered`, value: t.delivered.amount },
          ]),
      },
    },
    measures: {
      key: 'measures',
      caption: 'Social value by measure',
      columns: [
        { header: 'Measure', csv: 'Measure' },
        { header: 'Theme', csv: 'Theme' },
        { header: 'Units promised', csv: 'Units promised', numeric: true },
        { header: 'Units delivered', csv: 'Units delivered', numeric: true },
        ...MONEY_COLUMNS,
      ],
      rows: report.byMeasure.map((m) => [
        { text: `${m.code}: ${measureUnits(m)}`, csv: `${m.code}: ${measureUnits(m)}` },
        { text: THEME_LABELS[m.theme] },
        quantity(m.committedQuantity),
        quantity(m.deliveredQuantity),
        ...valueCells(m),
      ]),
      empty: 'No measures have commitments or returns in this period.',
    },
    quarters: {
      key: 'quarters',
      caption: 'Social value by financial quarter',
      columns: [{ header: 'Quarter', csv: 'Quarter' }, { header: 'Dates', csv: 'Dates' }, ...MONEY_COLUMNS],
      rows: trend.map((q) => [
        { text: financialQuarterOf(q.from) },
        { text: `${formatDate(q.from)} to ${formatDate(q.to)}`, csv: `${q.from} to ${q.to}` },
        ...moneyCells(q.report),
      ]),
      empty: 'No quarters in this period.',
      chart: {
        kind: 'column',
        format: 'money',
        items: trend.map((q) => ({
          label: financialQuarterOf(q.from),
          value: q.report.delivered.amount,
        })),
      },
    },
    targets: targetsTable(targets),
    commitments: {
      key: 'commitments',
      caption: 'Every commitment, red and amber first',
      columns: [
        { header: 'Contract', csv: 'Contract reference' },
        { header: 'Measure', csv: 'Measure code' },
        { header: 'Period', csv: 'Period' },
        { header: 'Return due', csv: 'Return due' },
        { header: 'Target', csv: 'Target (units)', numeric: true },
        { header: 'Delivered', csv: 'Delivered (units)', numeric: true },
        { header: 'Proxy value', csv: 'Proxy value (£ per unit)', numeric: true },
        { header: 'Promised', csv: 'Promised (£)', numeric: true },
        { header: 'Delivered value', csv: 'Delivered (£)', numeric: true },
        { header: 'Delivered of target', csv: 'Delivered of target (%)', numeric: true },
        { header: 'Status', csv: 'Status' },
      ],
      rows: [...report.rag.commitments]
        .sort(
          (a, b) =>
            RAG_ORDER[a.status] - RAG_ORDER[b.status] ||
            a.contractReference.localeCompare(b.contractReference) ||
            a.periodStart.localeCompare(b.periodStart) ||
            a.measureCode.localeCompare(b.measureCode),
        )
        .map((l) => [
          { text: l.contractReference, href: contractHref(l.contractId) },
          { text: l.measureCode },
          { text: periodLabel({ start: l.periodStart, end: l.periodEnd }), csv: `${l.periodStart} to ${l.periodEnd}` },
          { text: formatDate(l.dueDate), csv: l.dueDate },
          quantity(l.targetQuantity),
          quantity(l.deliveredQuantity),
          l.proxyValue === null ? { text: 'None', csv: '', numeric: true } : money(l.proxyValue),
          money(l.committed.amount),
          money(l.delivered.amount),
          percent(l.percent),
          status(l.status),
        ]),
      empty: 'No commitments in this period.',
    },
  }
}

function targetsTable(targets: SvTableInput['targets']): SvTable {
  const reached: Record<TargetProgress['reached'], string> = {
    stretch: 'Stretch reached',
    baseline: 'Baseline reached',
    below: 'Below target',
    none: 'No target set',
  }
  const optionalMoney = (v: string | null): SvCell =>
    v === null ? { text: 'Not set', csv: '', numeric: true } : money(v)
  const optionalPercent = (v: string | null): SvCell =>
    v === null ? { text: 'Not set', csv: '', numeric: true } : { text: `${v}%`, csv: v, numeric: true }
  const total = targets?.rows.find((r) => r.scope === 'total')
  return {
    key: 'targets',
    caption: targets
      ? `Targets for ${targets.financialYear} against social value delivered up to ${formatDate(targets.to)}`
      : 'Targets',
    columns: [
      { header: 'Social value', csv: 'Social value' },
      { header: 'Baseline', csv: 'Baseline (£)', numeric: true },
      { header: 'Stretch', csv: 'Stretch (£)', numeric: true },
      { header: 'Delivered', csv: 'Delivered (£)', numeric: true },
      { header: 'Of baseline', csv: 'Delivered of baseline (%)', numeric: true },
      { header: 'Of stretch', csv: 'Delivered of stretch (%)', numeric: true },
      { header: 'Progress', csv: 'Progress' },
    ],
    rows: (targets?.rows ?? []).map((r) => [
      { text: r.label },
      optionalMoney(r.baseline),
      optionalMoney(r.stretch),
      money(r.delivered),
      optionalPercent(r.percentOfBaseline),
      optionalPercent(r.percentOfStretch),
      { text: reached[r.reached] },
    ]),
    empty: 'Targets are set by each organisation: choose one organisation to see its targets.',
    chart:
      total && total.reached !== 'none'
        ? {
            kind: 'bar',
            format: 'money',
            items: [
              ...(total.baseline === null ? [] : [{ label: 'Baseline', value: total.baseline }]),
              ...(total.stretch === null ? [] : [{ label: 'Stretch', value: total.stretch }]),
              { label: 'Delivered', value: total.delivered },
            ],
          }
        : undefined,
  }
}

export function chartFor(table: SvTable, period: string): string | undefined {
  if (!table.chart || table.chart.items.length === 0) return undefined
  const format = table.chart.format === 'money' ? compactMoney : (v: string) => formatNumber(v)
  const largest = [...table.chart.items].sort((a, b) => Number(b.value) - Number(a.value))[0]!
  const shown = table.chart.format === 'money' ? formatMoney(largest.value) : formatNumber(largest.value)
  const options = {
    id: `chart-${table.key}`,
    title: `${table.caption}, ${period}`,
    description: `The largest is ${largest.label}, ${shown}. The table with this chart gives every figure.`,
    format,
  }
  return table.chart.kind === 'column'
    ? columnChart({ ...options, columns: table.chart.items })
    : horizontalBarChart({ ...options, bars: table.chart.items })
}
