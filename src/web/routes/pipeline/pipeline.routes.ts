// The forward pipeline of planned procurements: officers keep it, the organisation's people read it, and the public
// reads and downloads what is coming up in the next 18 months.
//
// The add and change pages are one form each rather than a question-per-page journey with a check-answers page: a
// plan is one small record that officers revisit often (dates slip, estimates firm up), every field is optional but
// a handful, and nothing branches, so one page with an error summary is quicker to fill and to correct. The plan's
// own page, with its summary list and change links, is where the officer checks what was saved.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CHANGE_ROLES, READ_ROLES, roleIn } from '../../../domain/access/roles.js'
import { PROCUREMENT_ROUTE_LABELS, PROCUREMENT_ROUTES, VALUE_BANDS } from '../../../domain/contracts/contract.js'
import { CPV_DIVISIONS } from '../../../domain/contracts/cpv.js'
import { DomainRuleError, InvalidInputError } from '../../../domain/errors.js'
import { PLAN_COLUMNS, PLAN_CSV_COLUMNS } from '../../../domain/pipeline/plan-file.js'
import { UnsupportedFileError } from '../../../ingest/read-tabular.js'
import { PLAN_STATUS_LABELS, PLAN_STATUSES, type PlanStatus } from '../../../domain/pipeline/plan.js'
import { pipelineQuarter, PIPELINE_MONTHS } from '../../../domain/pipeline/window.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatDateTime, formatNumber } from '../../support/format.js'
import { flash, get, param, post } from '../../support/route.js'
import { fullPipelineCsv, planView, publicPipelineCsv } from './pipeline-view.js'
import {
  checkPlanForm,
  datePartsInError,
  draftInputFromForm,
  formField,
  formValuesOf,
  listQuerySchema,
  planFormErrors,
  planFormSchema,
  publicQuerySchema,
  quarterRange,
  readQuery,
  statusFormSchema,
  type PublicQuery,
} from './pipeline.schema.js'

const PUBLIC = { kind: 'public' } as const
const READERS = { kind: 'org', roles: READ_ROLES } as const
const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

const option = (value: string, text: string, selected: string | undefined) => ({
  value,
  text,
  selected: value === (selected ?? ''),
})

const STATUS_HINTS: Record<PlanStatus, string> = {
  planned: 'Not advertised yet',
  advertised: 'The opportunity has been published and bids are invited',
  awarded: 'The contract has been awarded: it leaves the public pipeline',
  cancelled: 'It will not go ahead: it leaves the public pipeline',
}

export default function pipelineRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.pipeline, READERS, (request, reply) => pipelineList(request, reply, services))

  // Every plan, whatever its status, in the layout `cwb pipeline import` reads back.
  get(app, paths.pipelineCsv, READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const plans = await services.pipeline.list(organisationId)
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${organisationId}-pipeline-all-${services.pipeline.today()}.csv"`,
      )
      .send(fullPipelineCsv(plans))
  })

  get(app, paths.pipelineImport, CHANGERS, async (_request, reply) => uploadView(reply, 200))

  // The file streams in as multipart, so the CSRF token travels in the form's query string (see upload.njk).
  app.route({
    method: 'POST',
    url: paths.pipelineImport,
    config: { access: CHANGERS, form: z.object({}).passthrough() },
    handler: async (request, reply) => {
      const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })
      if (!file || !file.filename) return uploadView(reply, 400, { file: 'Select a pipeline file' })
      const content = await file.toBuffer()
      if (file.file.truncated) return uploadView(reply, 400, { file: 'The file must be smaller than 10 MB' })
      if (content.byteLength === 0) return uploadView(reply, 400, { file: 'The selected file is empty' })
      try {
        const summary = await services.pipeline.importFile(request.actor, {
          organisationId: request.organisationId!,
          source: { stream: Readable.from([content]), name: file.filename },
        })
        if (!summary.loaded) {
          const count = summary.rejections.length
          return uploadView(
            reply,
            400,
            {
              file: `${count} ${count === 1 ? 'row has a problem' : 'rows have problems'}: nothing was loaded. Correct the file and upload it again.`,
            },
            { fileName: file.filename, read: summary.read, rejections: summary.rejections, warnings: summary.warnings },
          )
        }
        flash(
          request,
          `${summary.read} planned ${summary.read === 1 ? 'procurement' : 'procurements'} read from ${file.filename}: ${summary.created} added, ${summary.updated} changed, ${summary.unchanged} unchanged.`,
          'Pipeline file loaded',
        )
        return reply.redirect(paths.pipeline)
      } catch (error) {
        if (error instanceof DomainRuleError || error instanceof UnsupportedFileError)
          return uploadView(reply, 400, { file: `cwb could not read the file: ${error.message}` })
        throw error
      }
    },
  })

  get(app, paths.pipelineNew, CHANGERS, async (_request, reply) =>
    planForm(reply, { mode: 'add', values: { status: 'planned' } }),
  )

  post(app, paths.pipelineNew, CHANGERS, planFormSchema, async (request, reply, form) => {
    if (!form.ok) return planForm(reply.code(400), { mode: 'add', values: form.values, errors: form.errors })
    const problems = checkPlanForm(form.data)
    if (Object.keys(problems).length > 0)
      return planForm(reply.code(400), { mode: 'add', values: form.data, errors: planFormErrors(problems, form.data) })
    try {
      const plan = await services.pipeline.add(request.actor, request.organisationId!, draftInputFromForm(form.data))
      flash(request, `${plan.title} has been added to the pipeline.`)
      return reply.redirect(paths.pipelinePlan(plan.id))
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return planForm(reply.code(400), { mode: 'add', values: form.data, errors: serviceErrors(error) })
    }
  })

  get(app, paths.pipelinePlan(':id'), READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const plan = await services.pipeline.get(organisationId, param(request, 'id'))
    const role = request.principal ? roleIn(request.principal, organisationId) : null
    return reply.view('pipeline/plan', {
      title: plan.title,
      plan: planView(plan, services.pipeline.today()),
      lastChanged: formatDateTime(plan.updatedAt),
      canChange: role !== null && CHANGE_ROLES.includes(role),
      statusItems: statusItems(plan.status),
      links: {
        list: paths.pipeline,
        edit: paths.pipelinePlanEdit(plan.id),
        status: paths.pipelinePlanStatus(plan.id),
        publicPipeline: paths.publicPipeline(organisationId),
      },
    })
  })

  get(app, paths.pipelinePlanEdit(':id'), CHANGERS, async (request, reply) => {
    const plan = await services.pipeline.get(request.organisationId!, param(request, 'id'))
    return planForm(reply, { mode: 'change', planId: plan.id, values: formValuesOf(plan) })
  })

  post(app, paths.pipelinePlanEdit(':id'), CHANGERS, planFormSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    // Another organisation's plan is a 404 before any of the form is looked at.
    const plan = await services.pipeline.get(organisationId, param(request, 'id'))
    const render = (values: Record<string, unknown>, errors: ReturnType<typeof planFormErrors>) =>
      planForm(reply.code(400), { mode: 'change', planId: plan.id, values, errors })
    if (!form.ok) return render(form.values, form.errors)
    const problems = checkPlanForm(form.data)
    if (Object.keys(problems).length > 0) return render(form.data, planFormErrors(problems, form.data))
    try {
      await services.pipeline.update(request.actor, organisationId, plan.id, draftInputFromForm(form.data))
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return render(form.data, serviceErrors(error))
    }
    flash(request, 'Your changes have been saved.')
    return reply.redirect(paths.pipelinePlan(plan.id))
  })

  post(app, paths.pipelinePlanStatus(':id'), CHANGERS, statusFormSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    const plan = await services.pipeline.get(organisationId, param(request, 'id'))
    if (!form.ok) {
      flash(request, 'Choose a status.')
      return reply.redirect(paths.pipelinePlan(plan.id))
    }
    const after = await services.pipeline.setStatus(request.actor, organisationId, plan.id, form.data.status)
    flash(request, `Status changed to ${PLAN_STATUS_LABELS[after.status].toLowerCase()}.`)
    return reply.redirect(paths.pipelinePlan(plan.id))
  })

  get(app, paths.publicPipeline(':organisationId'), PUBLIC, (request, reply) =>
    publicPipelinePage(request, reply, services),
  )

  get(app, paths.publicPipelineCsv(':organisationId'), PUBLIC, async (request, reply) => {
    const organisation = await services.organisations.get(param(request, 'organisationId'))
    const { query } = readQuery(publicQuerySchema, request.query)
    const { plans, today } = await services.pipeline.publicPipeline(organisation.id, publicFilter(query))
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${organisation.id}-pipeline-${today}.csv"`)
      .send(publicPipelineCsv(plans, today))
  })
}

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

function uploadView(
  reply: FastifyReply,
  status: number,
  problem?: { file: string },
  result?: {
    fileName: string
    read: number
    rejections: { row: number; sheet: string | null; reason: string }[]
    warnings: string[]
  },
) {
  return reply.code(status).view('pipeline/upload', {
    title: 'Load a pipeline file',
    errors: problem
      ? { list: [{ text: problem.file, href: '#file' }], fields: { file: { text: problem.file } } }
      : undefined,
    result,
    columns: PLAN_CSV_COLUMNS.map((c) => PLAN_COLUMNS[c].header),
    links: { back: paths.pipeline, template: paths.pipelineCsv },
  })
}

function serviceErrors(error: InvalidInputError) {
  const fields = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [formField(k), v]))
  return planFormErrors(Object.keys(fields).length > 0 ? fields : { reference: error.message })
}

function statusItems(current: string | undefined) {
  return PLAN_STATUSES.map((s) => ({
    value: s,
    text: PLAN_STATUS_LABELS[s],
    hint: { text: STATUS_HINTS[s] },
    checked: s === current,
  }))
}

function planForm(
  reply: FastifyReply,
  options: {
    mode: 'add' | 'change'
    planId?: string
    values: Record<string, unknown>
    errors?: ReturnType<typeof planFormErrors>
  },
) {
  const v = options.values
  const chosen = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined)
  const suitability = ([] as unknown[]).concat(v.suitability ?? [])
  return reply.view('pipeline/form', {
    title: options.mode === 'add' ? 'Add a planned procurement' : 'Change a planned procurement',
    mode: options.mode,
    errors: options.errors,
    values: v,
    backHref: options.planId ? paths.pipelinePlan(options.planId) : paths.pipeline,
    categoryItems: [
      option('', 'Choose a category', chosen('category')),
      ...Object.entries(CPV_DIVISIONS).map(([code, name]) => option(code, name, chosen('category'))),
    ],
    routeItems: [
      option('', 'Not decided yet', chosen('procurementRoute')),
      ...PROCUREMENT_ROUTES.map((r) => option(r, PROCUREMENT_ROUTE_LABELS[r], chosen('procurementRoute'))),
    ],
    suitabilityItems: [
      { value: 'sme', text: 'Small and medium-sized enterprises (SMEs)', checked: suitability.includes('sme') },
      {
        value: 'vcse',
        text: 'Voluntary, community and social enterprises (VCSEs)',
        checked: suitability.includes('vcse'),
      },
    ],
    statusItems: statusItems(chosen('status')),
    dateItems: (name: 'expectedAdvertDate' | 'expectedStartDate') => {
      const wrong = options.errors?.fields[name] ? datePartsInError(v, name) : []
      return (['day', 'month', 'year'] as const).map((part) => ({
        name: part,
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${wrong.includes(part) ? ' govuk-input--error' : ''}`,
        value: chosen(`${name}-${part}`),
      }))
    },
  })
}

async function pipelineList(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const organisationId = request.organisationId!
  const organisation = await services.organisations.get(organisationId)
  const { query, errors } = readQuery(listQuerySchema, request.query)
  const range = query.quarter ? quarterRange(query.quarter) : undefined
  const [plans, facets] = await Promise.all([
    services.pipeline.list(organisationId, {
      status: query.status,
      department: query.department,
      category: query.category,
      advertFrom: range?.from,
      advertTo: range?.to,
    }),
    services.pipeline.facets(organisationId),
  ])
  const today = services.pipeline.today()
  const quarters = [...new Map(facets.advertDates.map((d) => [pipelineQuarter(d).key, pipelineQuarter(d)])).values()]
  const role = request.principal ? roleIn(request.principal, organisationId) : null
  return reply.view('pipeline/list', {
    title: 'Procurement pipeline',
    errors,
    organisation: { id: organisation.id, name: organisation.name },
    total: plans.length,
    totalText: formatNumber(plans.length),
    filtered: Boolean(query.status || query.department || query.category || query.quarter),
    filters: {
      statuses: [
        option('', 'Any status', query.status),
        ...PLAN_STATUSES.map((s) => option(s, PLAN_STATUS_LABELS[s], query.status)),
      ],
      departments: [
        option('', 'All departments', query.department),
        ...facets.departments.map((d) => option(d, d, query.department)),
      ],
      categories: [
        option('', 'All categories', query.category),
        ...facets.categories.map((c) => option(c, c, query.category)),
      ],
      quarters: [
        option('', 'Any time', query.quarter),
        ...quarters.map((q) => option(q.key, `${q.label} (${q.key})`, query.quarter)),
      ],
    },
    rows: plans.map((p) => ({ ...planView(p, today), href: paths.pipelinePlan(p.id) })),
    canChange: role !== null && CHANGE_ROLES.includes(role),
    links: {
      add: paths.pipelineNew,
      upload: paths.pipelineImport,
      self: paths.pipeline,
      publicPipeline: paths.publicPipeline(organisation.id),
      publicCsv: paths.publicPipelineCsv(organisation.id),
      fullCsv: paths.pipelineCsv,
    },
  })
}

function publicFilter(query: PublicQuery) {
  return {
    category: query.category,
    valueBand: query.valueBand,
    sme: query.sme ? true : undefined,
    vcse: query.vcse ? true : undefined,
  }
}

async function publicPipelinePage(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const organisation = await services.organisations.get(param(request, 'organisationId'))
  const { query, errors } = readQuery(publicQuerySchema, request.query)
  const [pipeline, facets] = await Promise.all([
    services.pipeline.publicPipeline(organisation.id, publicFilter(query)),
    services.pipeline.facets(organisation.id),
  ])
  const qs = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString()
  const base = paths.publicPipeline(organisation.id)
  return reply.view('pipeline/public', {
    title: `${organisation.name}: procurement pipeline`,
    errors,
    organisation: { id: organisation.id, name: organisation.name },
    months: PIPELINE_MONTHS,
    window: { from: formatDate(pipeline.window.from), to: formatDate(pipeline.window.to) },
    total: pipeline.plans.length,
    totalText: formatNumber(pipeline.plans.length),
    groups: pipeline.groups.map((g) => ({
      ...g,
      id: g.overdue ? 'overdue' : `quarter-${g.key.replace(/\s+/g, '-').toLowerCase()}`,
      countText: `${formatNumber(g.plans.length)} ${g.plans.length === 1 ? 'procurement' : 'procurements'}`,
      plans: g.plans.map((p) => planView(p, pipeline.today)),
    })),
    filters: {
      query,
      filtered: Boolean(qs),
      categories: [
        option('', 'All categories', query.category),
        ...facets.categories.map((c) => option(c, c, query.category)),
      ],
      valueBands: [
        option('', 'Any value', query.valueBand),
        ...VALUE_BANDS.map((b) => option(b.id, b.label, query.valueBand)),
      ],
    },
    links: {
      self: base,
      csv: qs ? `${paths.publicPipelineCsv(organisation.id)}?${qs}` : paths.publicPipelineCsv(organisation.id),
      contracts: paths.publicContracts(organisation.id),
      spend: paths.publicSpend(organisation.id),
    },
  })
}
