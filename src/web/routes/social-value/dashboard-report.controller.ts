// The quarterly social value report for the management board and the scrutiny committee: a printable page and the
// same content as a PDF, both from one model built from the report service.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { READ_ROLES } from '../../../domain/access/roles.js'
import { addDays, financialQuarterOf, periodLabel } from '../../../domain/social-value/period.js'
import { financialYearBounds, financialYearOf } from '../../../domain/spend/lm3.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'
import type { FormErrors } from '../../support/forms.js'
import { renderTablePdf, type PdfDocumentModel, type PdfTable } from '../../support/pdf/table-document-pdf.js'
import { get } from '../../support/route.js'
import { queryErrors } from '../spend/dashboard.schema.js'
import { rangeQuerySchema, reportQuerySchema } from './dashboard.schema.js'
import {
  contractLinks,
  hasFigures,
  quarterBounds,
  quartersBetween,
  svContext,
  svDownloadName,
  svQueryString,
  today,
  trendOf,
  type SvContext,
} from './dashboard-context.js'
import { chartFor, deliveredPercent, RAG_WORDS, svTables, type SvTable } from './dashboard.view.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const

export function registerReportRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.socialValueReport, READERS, async (request, reply) => reportPage(request, reply, services))
  get(app, paths.socialValueReportPdf, READERS, async (request, reply) => reportPdf(request, reply, services))
}

/** The quarter a report is for: asked, else the last full quarter, else the latest quarter with commitments. */
async function periodOf(request: FastifyRequest, services: Services, context: SvContext) {
  const raw = request.query as Record<string, unknown>
  const quarter = reportQuerySchema.safeParse(raw)
  const range = rangeQuerySchema.safeParse(raw)
  const errors: FormErrors | undefined = !quarter.success
    ? queryErrors(quarter.error)
    : !range.success
      ? queryErrors(range.error)
      : undefined
  const asked = quarter.success && quarter.data.quarter ? quarterBounds(quarter.data.quarter) : undefined
  if (asked) return { ...asked, errors }
  if (range.success && (range.data.from || range.data.to)) {
    const to = range.data.to ?? today(services)
    return { from: range.data.from ?? financialYearBounds(financialYearOf(to))!.from, to, errors }
  }
  const current = quarterBounds(financialQuarterOf(today(services)))!
  const lastFull = quarterBounds(financialQuarterOf(addDays(current.from, -1)))!
  const report = await services.svReport.report(context.scope, lastFull)
  if (hasFigures(report)) return { ...lastFull, errors }
  const latest = (await services.svReport.report(context.scope)).rag.commitments.reduce<string | null>(
    (max, c) => (max === null || c.periodStart > max ? c.periodStart : max),
    null,
  )
  return latest ? { ...quarterBounds(financialQuarterOf(latest))!, errors } : { ...lastFull, errors }
}

const pdfTable = (t: SvTable): PdfTable => ({
  columns: t.columns.map((c) => ({ header: c.header, numeric: c.numeric })),
  // In print, each shortfall on its own line.
  rows: t.rows.map((r) =>
    r.map((c, i) => (t.columns[i]?.csv === 'Short of target' ? c.text.split('; ').join('\n') : c.text)),
  ),
  empty: t.empty,
})

/** Everything the page and the PDF show, in order. */
async function reportModel(request: FastifyRequest, services: Services) {
  const scopeValue = rangeQuerySchema.shape.scope.safeParse((request.query as Record<string, unknown>).scope)
  const context = await svContext(request, services, {
    isPublic: false,
    scopeValue: scopeValue.success ? scopeValue.data : undefined,
  })
  const { errors, ...range } = await periodOf(request, services, context)
  const report = await services.svReport.report(context.scope, range)
  // The trend runs from the start of the financial year (or the period, if earlier) to the period's end.
  const yearStart = financialYearBounds(financialYearOf(range.to))!.from
  const trend = await trendOf(services, context.scope, {
    from: range.from < yearStart ? range.from : yearStart,
    to: range.to,
  })
  const organisationId = 'organisationId' in context.scope ? context.scope.organisationId : undefined
  const targets = organisationId
    ? await services.svTargets.progress(organisationId, financialYearOf(range.to), range.to)
    : undefined
  const ethics = organisationId ? await services.svEthics.overview(organisationId) : undefined
  const tables = svTables({
    report,
    trend,
    targets,
    contractHref: contractLinks(context, report.byContract),
    isPublic: false,
  })
  const label = periodLabel({ start: range.from, end: range.to })
  const period = `${formatDate(range.from)} to ${formatDate(range.to)}`
  const produced = formatDate(new Date(services.deps.clock.now()))
  const overall = report.rag.overall
  const percent = deliveredPercent(report.committed.amount, report.delivered.amount)
  const headline = [
    { label: 'Social value promised', value: formatMoney(report.committed.amount) },
    { label: 'Social value delivered', value: formatMoney(report.delivered.amount) },
    { label: 'Delivered of promised', value: percent === null ? 'None promised' : `${percent}%` },
    {
      label: 'Overall status',
      value: `${RAG_WORDS[overall.status]}${overall.percent === null ? '' : ` (${overall.percent}%)`}`,
    },
  ]
  const flagged = ethics?.filter((s) => s.flags.length > 0) ?? []
  const gaps = flagged.reduce((n, s) => n + s.flags.length, 0)
  const ethicsText = ethics
    ? `${formatNumber(flagged.length)} of ${formatNumber(ethics.length)} suppliers on active contracts lack at least one mandatory ethical standard today: ${formatNumber(gaps)} ${gaps === 1 ? 'gap' : 'gaps'} in all (a declaration missing, lapsed or not met).`
    : 'Ethical standards are checked for each organisation: choose one organisation to see them.'
  return {
    context,
    errors,
    range,
    label,
    period,
    produced,
    report,
    tables,
    headline,
    ethics: { text: ethicsText, flagged: flagged.length, gaps },
    targetsYear: targets?.financialYear,
  }
}

type ReportModel = Awaited<ReturnType<typeof reportModel>>

async function reportPage(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const m = await reportModel(request, services)
  const current = financialQuarterOf(today(services))
  const currentStart = quarterBounds(current)!.from
  const quarters = quartersBetween(`${Number(currentStart.slice(0, 4)) - 2}-${currentStart.slice(5)}`, currentStart)
    .map((q) => financialQuarterOf(q.from))
    .reverse()
  const chosen = periodLabel({ start: m.range.from, end: m.range.to })
  const quarterItems = [...new Set([chosen, ...quarters])]
    .filter((q) => quarterBounds(q))
    .map((q) => ({ value: q.replace(' ', '-'), text: q, selected: q === chosen }))
  const charts = Object.fromEntries(
    (['rag', 'themes', 'quarters', 'targets'] as const).map((k) => [k, chartFor(m.tables[k], m.period)]),
  )
  return reply.view('social-value/report/report', {
    title: `Social value report: ${m.context.scopeName}, ${m.label}`,
    ...m,
    charts,
    quarterItems,
    styleNonce: reply.cspNonce?.style,
    pdfHref: `${paths.socialValueReportPdf}?${svQueryString(m.context, m.range)}`,
    dashboardHref: `${paths.socialValue}?${svQueryString(m.context, m.range)}`,
  })
}

/** The report as a document: the same sections, tables and bars as the page. */
export function reportDocument(m: ReportModel): PdfDocumentModel {
  const t = m.tables
  const bars = (table: SvTable, muted?: (label: string) => boolean) =>
    (table.chart?.items ?? []).map((i) => ({
      label: i.label,
      value: Number(i.value),
      text: table.chart?.format === 'money' ? formatMoney(i.value) : formatNumber(i.value),
      muted: muted?.(i.label),
    }))
  return {
    title: 'Social value report',
    subtitle: `${m.context.scopeName}, ${m.label}`,
    runningHeader: `Social value report: ${m.context.scopeName}, ${m.label}`,
    author: m.context.scopeName,
    meta: [`Period: ${m.period}`, `Produced on ${m.produced}`, REPORT_BASIS],
    headline: m.headline,
    sections: [
      { heading: 'Red, amber and green', paragraphs: [ragText(m)], table: pdfTable(t.rag) },
      {
        heading: 'By theme',
        bars: bars(t.themes, (l) => l.endsWith('promised')),
        table: pdfTable(t.themes),
      },
      { heading: 'By contract, red and amber first', paragraphs: [CONTRACT_TEXT], table: pdfTable(t.contracts) },
      { heading: 'Trend by quarter', bars: bars(t.quarters), table: pdfTable(t.quarters) },
      {
        heading: 'Targets',
        bars: bars(t.targets),
        table: m.targetsYear ? pdfTable(t.targets) : undefined,
        paragraphs: m.targetsYear ? [t.targets.caption] : [t.targets.empty],
      },
      { heading: 'Ethical standards', paragraphs: [m.ethics.text] },
    ],
  }
}

export const REPORT_BASIS =
  'Promised value is each commitment’s target times the financial proxy value in force at the start of its period; delivered value is each accepted return’s figure times the same. A commitment is judged once its return is due.'
const CONTRACT_TEXT =
  'Each contract’s status rolls up its commitments by value. Short of target lists each red or amber commitment: what was delivered against what was promised.'

function ragText(m: ReportModel): string {
  const c = m.report.rag.overall.counts
  return `${formatNumber(m.report.rag.commitments.length)} commitments on ${formatNumber(m.report.byContract.length)} contracts: ${c.red} red, ${c.amber} amber, ${c.green} green and ${c['not-due']} not yet due. Green is at least ${m.report.thresholds.greenPercent}% of target; amber at least ${m.report.thresholds.amberPercent}%.`
}

async function reportPdf(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const m = await reportModel(request, services)
  const pdf = await renderTablePdf(reportDocument(m))
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${svDownloadName(m.context, 'report', m.range, 'pdf')}"`)
    .send(pdf)
}
