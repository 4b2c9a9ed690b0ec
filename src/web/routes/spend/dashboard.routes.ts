// The spend dashboard: an organisation's (or its network's) figures for a period, each with the payments behind it
// and a CSV download; and the same figures published for anyone to read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ANALYSE_ROLES, READ_ROLES, roleIn } from '../../../domain/access/roles.js'
import { percentage, type SpendReport } from '../../../domain/spend/report.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { columnChart, compactMoney, horizontalBarChart } from '../../support/charts.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'
import { get } from '../../support/route.js'
import { sendTableCsv } from '../../support/table-csv.js'
import { lm3Headline } from '../lm3/lm3.routes.js'
import { queryErrors, rangeQuerySchema, type RangeQuery } from './dashboard.schema.js'
import { paymentsCsv, paymentsPage } from './payments.controller.js'
import { downloadName, drillLinks, queryString, spendContext, type SpendContext } from './spend-context.js'
import { headlineFigures, SPEND_TABLES, spendTables, TOP_EXPENSE_TYPES, type SpendTable } from './spend-tables.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const
const PUBLIC = { kind: 'public' } as const

export default function spendDashboardRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.spend, READERS, (request, reply) => dashboard(request, reply, services, false))
  get(app, paths.spendTableCsv(':table'), READERS, (request, reply) => tableCsv(request, reply, services, false))
  get(app, paths.spendPayments, READERS, (request, reply) => payments(request, reply, services, false))
  get(app, paths.publicSpend(':organisationId'), PUBLIC, (request, reply) => dashboard(request, reply, services, true))
  get(app, paths.publicSpendTableCsv(':organisationId', ':table'), PUBLIC, (request, reply) =>
    tableCsv(request, reply, services, true),
  )
  get(app, paths.publicSpendPayments(':organisationId'), PUBLIC, (request, reply) =>
    payments(request, reply, services, true),
  )
}

async function payments(request: FastifyRequest, reply: FastifyReply, services: Services, isPublic: boolean) {
  const format = (request.query as Record<string, unknown>).format
  return format === 'csv'
    ? paymentsCsv(request, reply, services, isPublic)
    : paymentsPage(request, reply, services, isPublic)
}

/** The period and scope asked for; with errors, the default period (and the scope, if that part was fine). */
function readRange(request: FastifyRequest) {
  const parsed = rangeQuerySchema.safeParse(request.query)
  if (parsed.success) return { query: parsed.data, errors: undefined }
  const scope = rangeQuerySchema.shape.scope.safeParse((request.query as Record<string, unknown>).scope)
  return { query: { scope: scope.success ? scope.data : undefined } as RangeQuery, errors: queryErrors(parsed.error) }
}

function chartFor(table: SpendTable, report: SpendReport, period: string): string | undefined {
  if (!table.chart || table.chart.items.length === 0) return undefined
  const largest = [...table.chart.items].sort((a, b) => Number(b.value) - Number(a.value))[0]!
  const options = {
    id: `chart-${table.key}`,
    title: `${table.caption}, ${period}`,
    description: `The largest is ${largest.label}, ${formatMoney(largest.value)}. The table with this chart gives every figure.`,
    format: (v: string) =>
      table.key === 'leakage-category' || table.chart?.kind === 'column'
        ? compactMoney(v)
        : `${compactMoney(v)} (${percentage(v, report.total.amount)}%)`,
  }
  return table.chart.kind === 'column'
    ? columnChart({ ...options, columns: table.chart.items })
    : horizontalBarChart({ ...options, bars: table.chart.items })
}

/** Whether there are no payments at all, or only none in the chosen period. */
async function emptyState(services: Services, context: SpendContext): Promise<'no-payments' | 'none-in-period'> {
  const any = await services.spendReport.payments(
    context.scope,
    { from: '0001-01-01', to: '9999-12-31' },
    { limit: 1, offset: 0 },
  )
  return any.total.count === 0 ? 'no-payments' : 'none-in-period'
}

async function dashboard(request: FastifyRequest, reply: FastifyReply, services: Services, isPublic: boolean) {
  const { query, errors } = readRange(request)
  const context = await spendContext(request, services, { isPublic, scopeValue: query.scope })
  const report = await services.spendReport.report(context.scope, { from: query.from, to: query.to })
  const range = { from: report.from, to: report.to }
  const period = `${formatDate(report.from)} to ${formatDate(report.to)}`
  const allExpenseTypes = (request.query as Record<string, unknown>).expenseTypes === 'all'
  const drill = drillLinks(context, range)
  const tables = spendTables(report, drill, { allExpenseTypes })
  const view = Object.fromEntries(
    SPEND_TABLES.map((key) => [
      key,
      {
        ...tables[key],
        chartSvg: chartFor(tables[key], report, period),
        csvHref: `${context.links.table(key)}?${queryString(context, range)}`,
      },
    ]),
  )
  const raw = request.query as Record<string, unknown>
  const role = !isPublic && request.principal ? roleIn(request.principal, context.organisation.id) : null
  return reply.view('pages/spend/dashboard', {
    title: isPublic ? `${context.organisation.name}: spend` : 'Spend',
    errors,
    context,
    period,
    range,
    form: {
      from: errors ? raw.from : report.from,
      to: errors ? raw.to : report.to,
      scope: context.scopeValue ?? '',
    },
    state: report.total.count > 0 ? 'figures' : await emptyState(services, context),
    report,
    headlines: headlineFigures(report, drill),
    tables: view,
    leakage: {
      amount: formatMoney(report.leakage.total.amount),
      count: formatNumber(report.leakage.total.count),
      share: percentage(report.leakage.total.amount, report.total.amount),
      href: drill({ leakage: 'true' }),
    },
    unnamed: {
      amount: formatMoney(report.individualsAndRedacted.amount),
      count: report.individualsAndRedacted.count,
      share: percentage(report.individualsAndRedacted.amount, report.total.amount),
      href: drill({ unnamed: 'true' }),
    },
    expenseTypes: {
      count: report.byExpenseType.length,
      top: TOP_EXPENSE_TYPES,
      all: allExpenseTypes,
      toggleHref: `${context.links.dashboard}?${queryString(context, range, allExpenseTypes ? {} : { expenseTypes: 'all' })}#expense-type`,
    },
    lm3: await lm3Headline(services, context.scope, isPublic, report.to),
    uploadHref: role && ANALYSE_ROLES.includes(role) ? paths.spendImportNew : undefined,
    publicHref:
      isPublic || context.scopeValue
        ? undefined
        : `${paths.publicSpend(context.organisation.id)}?${queryString(context, range)}`,
  })
}

async function tableCsv(request: FastifyRequest, reply: FastifyReply, services: Services, isPublic: boolean) {
  return sendTableCsv(request, reply, SPEND_TABLES, async (key, query) => {
    const context = await spendContext(request, services, { isPublic, scopeValue: query.scope })
    const report = await services.spendReport.report(context.scope, { from: query.from, to: query.to })
    const range = { from: report.from, to: report.to }
    const table = spendTables(report, drillLinks(context, range), { allExpenseTypes: true })[key]
    return { table, fileName: downloadName(context, `spend-${key}`, range) }
  })
}
