// Whose social value a request is about (an organisation, or a network it belongs to, as on the spend dashboard)
// and for which dates: by default the financial year to date, or, when nothing is recorded in it yet, the latest
// financial year with commitments.
import type { FastifyRequest } from 'fastify'
import { ukCalendarDay } from '../../../domain/contracts/search-query.js'
import { addDays, financialQuarterOf } from '../../../domain/social-value/period.js'
import { financialYearBounds, financialYearOf } from '../../../domain/spend/lm3.js'
import type { Services } from '../../../services.js'
import type { SvReport, SvReportScope } from '../../../services/sv-report.service.js'
import { paths } from '../../paths.js'
import { spendContext, type SpendContext } from '../spend/spend-context.js'
import type { TrendPoint } from './dashboard.view.js'

export type SvContext = Omit<SpendContext, 'links' | 'scope'> & { scope: SvReportScope }

/** The organisation (or network) asked about; the public pages name one organisation in the URL. */
export async function svContext(
  request: FastifyRequest,
  services: Services,
  options: { isPublic: boolean; scopeValue?: string },
): Promise<SvContext> {
  const { scope, isPublic, organisation, scopeValue, scopeName, scopeSlug, networks } = await spendContext(
    request,
    services,
    options,
  )
  // The public page reads the figures as the public register publishes contracts: no cancelled ones.
  const svScope: SvReportScope = isPublic ? { ...scope, audience: 'public' } : scope
  return { scope: svScope, isPublic, organisation, scopeValue, scopeName, scopeSlug, networks }
}

export function today(services: Services): string {
  return ukCalendarDay(services.deps.clock.now())
}

export type SvRange = {
  from: string
  to: string
  /** Set when the default period was empty and the latest year with commitments is shown instead. */
  fallbackFrom?: string
}

/** A report has something to show when any commitment or return falls in its period. */
export const hasFigures = (report: SvReport) => report.byContract.length > 0

/** The dates asked for, else the financial year to date, else the latest financial year with commitments. */
export async function resolveRange(
  services: Services,
  scope: SvReportScope,
  asked: { from?: string; to?: string },
): Promise<{ range: SvRange; report: SvReport }> {
  const day = today(services)
  const to = asked.to ?? day
  const from = asked.from ?? financialYearBounds(financialYearOf(to))!.from
  const report = await services.svReport.report(scope, { from, to })
  if (asked.from || asked.to || hasFigures(report)) return { range: { from, to }, report }
  const everything = await services.svReport.report(scope)
  const latest = everything.rag.commitments.reduce<string | null>(
    (max, c) => (max === null || c.periodStart > max ? c.periodStart : max),
    null,
  )
  if (latest === null) return { range: { from, to }, report }
  const year = financialYearBounds(financialYearOf(latest))!
  return {
    range: { ...year, fallbackFrom: from },
    report: await services.svReport.report(scope, year),
  }
}

/** The financial quarters a period touches, the first and last cut to the period (at most the last 20). */
export function quartersBetween(from: string, to: string): { from: string; to: string }[] {
  const quarters: { from: string; to: string }[] = []
  let start = from
  while (start <= to) {
    const month = Number(start.slice(5, 7))
    const quarterStartMonth = month - ((month - 1) % 3)
    const next = `${quarterStartMonth + 3 > 12 ? Number(start.slice(0, 4)) + 1 : start.slice(0, 4)}-${String(((quarterStartMonth + 2) % 12) + 1).padStart(2, '0')}-01`
    const end = addDays(next, -1)
    quarters.push({ from: start, to: end < to ? end : to })
    start = next
  }
  return quarters.slice(-20)
}

/** The report for each quarter of a period: the trend. */
export async function trendOf(services: Services, scope: SvReportScope, range: { from: string; to: string }) {
  const points: TrendPoint[] = []
  for (const q of quartersBetween(range.from, range.to))
    points.push({ ...q, report: await services.svReport.report(scope, q) })
  return points
}

/** "2025-26 Q2" → its first and last days; undefined unless it is one. Also accepts "2025-26-Q2". */
export function quarterBounds(label: string): { from: string; to: string } | undefined {
  const match = /^(\d{4}-\d{2})[ -]Q([1-4])$/.exec(label)
  const year = match ? financialYearBounds(match[1]!) : undefined
  if (!match || !year) return undefined
  const q = Number(match[2])
  const startYear = Number(year.from.slice(0, 4)) + (q === 4 ? 1 : 0)
  const month = q === 4 ? 1 : 4 + (q - 1) * 3
  const from = `${startYear}-${String(month).padStart(2, '0')}-01`
  const to = quartersBetween(from, `${startYear + 1}-12-31`)[0]!.to
  return financialQuarterOf(from) === `${match[1]} Q${q}` ? { from, to } : undefined
}

/** A query string with the period and scope; blank values left out. */
export function svQueryString(
  context: SvContext,
  range: { from: string; to: string },
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams({ from: range.from, to: range.to })
  if (context.scopeValue) params.set('scope', context.scopeValue)
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value)
  return params.toString()
}

/** A file name for a download: organisation or network, what it is, and the period. */
export function svDownloadName(context: SvContext, what: string, range: { from: string; to: string }, ext = 'csv') {
  return `${context.scopeSlug}-social-value-${what}-${range.from}-to-${range.to}.${ext}`.replace(
    /[^a-zA-Z0-9._-]+/g,
    '-',
  )
}

/** Where a contract's figures lead: its social value page, or its public register page; none for other members'. */
export function contractLinks(context: SvContext, byContract: { contractId: string; organisationId: string }[]) {
  const owner = new Map(byContract.map((c) => [c.contractId, c.organisationId]))
  return (contractId: string) =>
    owner.get(contractId) !== context.organisation.id
      ? undefined
      : context.isPublic
        ? paths.publicContract(context.organisation.id, contractId)
        : paths.contractSocialValue(contractId)
}
