// The social value dashboard: what an organisation's (or its network's) contracts promised and delivered in a
// period, red/amber/green, by theme, measure, contract and department, the trend by quarter and the targets; each
// table downloads as CSV. The same figures, without private detail, are published for anyone to read. Also the
// quarterly report, the settings and targets, and the framework catalogue (in their own controllers).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES, READ_ROLES, roleIn } from '../../../domain/access/roles.js'
import { financialYearOf } from '../../../domain/spend/lm3.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney } from '../../support/format.js'
import { get } from '../../support/route.js'
import { sendTableCsv } from '../../support/table-csv.js'
import { queryErrors, type RangeQuery } from '../spend/dashboard.schema.js'
import { registerFrameworkRoutes } from './dashboard-framework.controller.js'
import { registerReportRoutes } from './dashboard-report.controller.js'
import { registerSettingsRoutes } from './dashboard-settings.controller.js'
import {
  contractLinks,
  resolveRange,
  svContext,
  svDownloadName,
  svQueryString,
  trendOf,
  type SvContext,
  type SvRange,
} from './dashboard-context.js'
import { rangeQuerySchema } from './dashboard.schema.js'
import {
  chartFor,
  deliveredPercent,
  PUBLIC_SV_TABLES,
  RAG_WORDS,
  SV_TABLES,
  svTables,
  type SvTableKey,
} from './dashboard.view.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const
const PUBLIC = { kind: 'public' } as const

export default function socialValueDashboardRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.socialValue, READERS, (request, reply) => dashboard(request, reply, services, false))
  get(app, paths.socialValueCsv(':table'), READERS, (request, reply) => tableCsv(request, reply, services, false))
  get(app, paths.publicSocialValue(':organisationId'), PUBLIC, (request, reply) =>
    dashboard(request, reply, services, true),
  )
  get(app, paths.publicSocialValueCsv(':organisationId', ':table'), PUBLIC, (request, reply) =>
    tableCsv(request, reply, services, true),
  )
  registerReportRoutes(app, services)
  registerSettingsRoutes(app, services)
  registerFrameworkRoutes(app, services)
}

/** The period and scope asked for; with errors, the default period (and the scope, if that part was fine). */
function readRange(request: FastifyRequest) {
  const parsed = rangeQuerySchema.safeParse(request.query)
  if (parsed.success) return { query: parsed.data, errors: undefined }
  const scope = rangeQuerySchema.shape.scope.safeParse((request.query as Record<string, unknown>).scope)
  return { query: { scope: scope.success ? scope.data : undefined } as RangeQuery, errors: queryErrors(parsed.error) }
}

/** Every table of the report for a context and period: the figures, then the trend and (one organisation) targets. */
export async function tablesFor(services: Services, context: SvContext, range: SvRange, report: SvReportLike) {
  const trend = await trendOf(services, context.scope, range)
  const targets =
    !context.isPublic && 'organisationId' in context.scope
      ? await services.svTargets.progress(context.scope.organisationId, financialYearOf(range.to), range.to)
      : undefined
  const tables = svTables({
    report,
    trend,
    targets,
    contractHref: contractLinks(context, report.byContract),
    isPublic: context.isPublic,
    organisationNames: await organisationNames(services, report.organisations),
  })
  return { tables, trend, targets }
}
/** The names of the organisations a report pools. */
export async function organisationNames(services: Services, ids: readonly string[]) {
  return new Map(await Promise.all(ids.map(async (id) => [id, (await services.organisations.get(id)).name] as const)))
}

type SvReportLike = Awaited<ReturnType<Services['svReport']['report']>>

function csvLinkFor(context: SvContext, key: SvTableKey, range: { from: string; to: string }) {
  const path = context.isPublic ? paths.publicSocialValueCsv(context.organisation.id, key) : paths.socialValueCsv(key)
  return `${path}?${svQueryString(context, range)}`
}

async function dashboard(request: FastifyRequest, reply: FastifyReply, services: Services, isPublic: boolean) {
  const { query, errors } = readRange(request)
  const context = await svContext(request, services, { isPublic, scopeValue: query.scope })
  const { range, report } = await resolveRange(services, context.scope, { from: query.from, to: query.to })
  const { tables, targets } = await tablesFor(services, context, range, report)
  const period = `${formatDate(range.from)} to ${formatDate(range.to)}`
  const keys: readonly SvTableKey[] = isPublic ? PUBLIC_SV_TABLES : SV_TABLES
  const view = Object.fromEntries(
    keys.map((key) => [
      key,
      { ...tables[key], chartSvg: chartFor(tables[key], period), csvHref: csvLinkFor(context, key, range) },
    ]),
  )
  const raw = request.query as Record<string, unknown>
  const role = !isPublic && request.principal ? roleIn(request.principal, context.organisation.id) : null
  const overall = report.rag.overall
  const changer = role !== null && CHANGE_ROLES.includes(role)
  // Suppliers on the organisation's contracts whose mandatory ethical declarations are missing or expired.
  const ethics =
    !isPublic && !context.scopeValue ? await services.svEthics.flaggedCount(context.organisation.id) : undefined
  return reply.view(`social-value/${isPublic ? 'public' : 'dashboard'}/dashboard`, {
    title: isPublic ? `${context.organisation.name}: social value` : 'Social value',
    errors,
    context,
    period,
    range,
    fallback: range.fallbackFrom
      ? { year: financialYearOf(range.from), current: financialYearOf(range.fallbackFrom) }
      : undefined,
    form: { from: errors ? raw.from : range.from, to: errors ? raw.to : range.to, scope: context.scopeValue ?? '' },
    hasFigures: report.byContract.length > 0,
    thresholds: report.thresholds,
    selfHref: isPublic ? paths.publicSocialValue(context.organisation.id) : paths.socialValue,
    headline: {
      committed: formatMoney(report.committed.amount),
      delivered: formatMoney(report.delivered.amount),
      percent: deliveredPercent(report.committed.amount, report.delivered.amount),
      status: overall.status,
      statusText: RAG_WORDS[overall.status],
      statusPercent: overall.percent,
      commitments: report.rag.commitments.length,
      contracts: report.byContract.length,
    },
    tables: view,
    targetsYear: targets?.financialYear,
    ethics,
    links: isPublic
      ? { contracts: `/public/${context.organisation.id}/contracts` }
      : {
          returns: paths.socialValueReturns,
          commitments: paths.socialValueCommitments,
          ethics: paths.socialValueEthics,
          imports: changer ? paths.socialValueImports : undefined,
          report: `${paths.socialValueReport}?${svQueryString(context, range)}`,
          framework: paths.socialValueFramework,
          settings: changer ? paths.socialValueSettings : undefined,
          public: context.scopeValue
            ? undefined
            : `${paths.publicSocialValue(context.organisation.id)}?${svQueryString(context, range)}`,
        },
  })
}

async function tableCsv(request: FastifyRequest, reply: FastifyReply, services: Services, isPublic: boolean) {
  const keys: readonly SvTableKey[] = isPublic ? PUBLIC_SV_TABLES : SV_TABLES
  return sendTableCsv(request, reply, keys, async (key, query) => {
    const context = await svContext(request, services, { isPublic, scopeValue: query.scope })
    const { range, report } = await resolveRange(services, context.scope, query)
    const table = (await tablesFor(services, context, range, report)).tables[key]
    return { table, fileName: svDownloadName(context, key, range) }
  })
}
