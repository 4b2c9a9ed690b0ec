// Social value commitments and returns on the web. Suppliers see what they owe on the contracts they hold, make or
// resubmit a quarter's return with evidence, and follow its review; the organisation's people review returns (the
// officers decide), and keep the commitments each contract carries.
//
// A person may act for several suppliers: every supplier page looks only through the suppliers they act for, and
// anything outside them is refused (403), whatever the address says.
import type { FastifyMultipartBaseOptions } from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CHANGE_ROLES, READ_ROLES, roleIn, suppliersOf } from '../../../domain/access/roles.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { MAX_EVIDENCE_BYTES } from '../../../services/sv-returns.service.js'
import { paths } from '../../paths.js'
import { formatDate } from '../../support/format.js'
import { formErrorsFrom, parseForm, type FormErrors } from '../../support/forms.js'
import { flash, get, post } from '../../support/route.js'
import { paginationOf } from '../contracts/search.schema.js'
import { readQuery } from '../pipeline/pipeline.schema.js'
import { registerCommitmentRemoveRoutes } from './commitment-remove.controller.js'
import { commitmentForm, commitmentPage, commitmentsList, contractPage } from './commitments.view.js'
import {
  commitmentFormSchema,
  decisionFormSchema,
  queueQuerySchema,
  RETURN_STATUSES,
  returnFormSchema,
  withDateHrefs,
} from './returns.schema.js'
import {
  evidenceRows,
  historyRows,
  idParam,
  OFFICER_STATUS_LABELS,
  period,
  quantity,
  queueRow,
  returnSummary,
  stateTag,
  withUnit,
  type DueState,
} from './returns.view.js'

const SUPPLIER = { kind: 'supplier' } as const
const READERS = { kind: 'org', roles: READ_ROLES } as const
const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

/** Returns per page of the review queue. */
const QUEUE_PAGE_SIZE = 50

/** At most this many evidence files in one return (the service's limit too). */
const MAX_FILES = 10
const MEGABYTES = MAX_EVIDENCE_BYTES / (1024 * 1024)

const NOT_YOURS = 'You can only see and make returns for contracts held by a supplier you act for'

export default function socialValueReturnsRoutes(app: FastifyInstance, services: Services): void {
  supplierPages(app, services)
  officerPages(app, services)
  commitmentPages(app, services)
  registerCommitmentRemoveRoutes(app, services)
}

// ---------------------------------------------------------------------------------------------------------------
// Suppliers

function supplierPages(app: FastifyInstance, services: Services) {
  get(app, paths.supplierSocialValue, SUPPLIER, async (request, reply) => {
    const today = services.contractRegister.today()
    const suppliers = await Promise.all(
      suppliersOf(request.principal!).map(async (s) => {
        const [due, returns, contracts] = await Promise.all([
          services.svReturns.returnsDueForSupplier(s.id),
          services.svReturns.listReturnsForSupplier(s.id),
          services.svReturns.contractsOfSupplier(s.id),
        ])
        const organisations = [...new Map(contracts.map((c) => [c.organisation_id, c.organisation_name]))]
        return {
          ...s,
          organisations: organisations.map(([id, name]) => ({
            name,
            contracts: contracts
              .filter((c) => c.organisation_id === id)
              .map((c) => ({
                id: `contract-${c.id}`,
                heading: `${c.reference}: ${c.title}`,
                rows: due
                  .filter((d) => d.commitment.contractId === c.id && d.commitment.periodStart <= today)
                  .reverse()
                  .map((d) => dueRow(d)),
              })),
          })),
          returns: returns.map((r) => ({
            href: paths.supplierReturn(r.id),
            contract: r.contractReference,
            measure: `${r.measureCode} ${r.measureName}`,
            period: period(r),
            actual: withUnit(r.actualQuantity, r.unit),
            tag: stateTag(r.status),
            submitted: formatDate(r.submittedAt),
          })),
        }
      }),
    )
    return reply.view('social-value/supplier/list', { title: 'Social value returns', suppliers })
  })

  get(app, paths.supplierReturnNew(':id'), SUPPLIER, async (request, reply) => {
    const owed = await owedCommitment(request, services)
    if (owed.returnId && (owed.state === 'submitted' || owed.state === 'accepted'))
      return reply.redirect(paths.supplierReturn(owed.returnId))
    const previous = owed.returnId
      ? await services.svReturns.getReturn({ supplierId: owed.supplierId }, owed.returnId)
      : undefined
    const values = previous
      ? { actualQuantity: quantity(previous.actualQuantity), description: previous.description }
      : {}
    return returnForm(reply, owed, values, previous)
  })

  // The files stream in as multipart, so the CSRF token travels in the form's query string (see return-form.njk).
  app.route({
    method: 'POST',
    url: paths.supplierReturnNew(':id'),
    config: { access: SUPPLIER, form: z.object({}).passthrough() },
    handler: async (request, reply) => {
      const owed = await owedCommitment(request, services)
      // Only a new return, or one queried or rejected, is made again: one awaiting review waits for the officer.
      if (owed.state === 'submitted')
        throw new ConflictError(
          'This return is awaiting review: you can change it if the officer queries or rejects it',
        )
      const previous = owed.returnId
        ? await services.svReturns.getReturn({ supplierId: owed.supplierId }, owed.returnId)
        : undefined
      const upload = await readMultipart(request)
      const form = parseForm(returnFormSchema, upload.fields)
      const values = upload.fields
      if (!form.ok || upload.problem) {
        const errors: FormErrors = form.ok ? { list: [], fields: {} } : form.errors
        if (upload.problem) {
          errors.fields.files = { text: upload.problem }
          errors.list.push({ text: upload.problem, href: '#files' })
        }
        return returnForm(reply.code(400), owed, values, previous, errors)
      }
      try {
        const made = await services.svReturns.submitReturn(request.actor, owed.supplierId, {
          contractId: owed.commitment.contractId,
          measureId: owed.commitment.measureId,
          periodStart: owed.commitment.periodStart,
          periodEnd: owed.commitment.periodEnd,
          actualQuantity: form.data.actualQuantity,
          description: form.data.description,
          links: form.data.links.map((url) => ({ url, description: '' })),
          files: upload.files.map((f) => ({ name: f.name, content: f.content, description: '' })),
        })
        flash(
          request,
          `Your return for ${owed.commitment.measureCode}, ${period(owed.commitment)} has been sent to ${owed.organisationName} for review.`,
          made.version > 1 ? 'Return resubmitted' : 'Return submitted',
        )
        return reply.redirect(paths.supplierReturn(made.id))
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error
        return returnForm(reply.code(400), owed, values, previous, returnFormErrors(error))
      }
    },
  })

  get(app, paths.supplierReturn(':id'), SUPPLIER, async (request, reply) => {
    const { supplierId, detail } = await ownReturn(request, services)
    const r = await services.svReturns.returnInContext({ supplierId }, detail.id)
    const commitment = (await services.svReturns.returnsDueForSupplier(supplierId)).find(
      (d) => d.returnId === r.id,
    )?.commitment
    return reply.view('social-value/supplier/return', {
      title: `Return for ${r.measureCode}, ${period(r)}`,
      r,
      tag: stateTag(r.status),
      summary: returnSummary(r),
      evidence: evidenceRows(r.evidence, (e) => paths.supplierReturnEvidence(r.id, e)),
      history: historyRows(r.history, r.unit),
      resubmitHref:
        commitment && (r.status === 'queried' || r.status === 'rejected')
          ? paths.supplierReturnNew(commitment.id)
          : null,
      links: { back: paths.supplierSocialValue },
    })
  })

  get(app, paths.supplierReturnEvidence(':id', ':evidenceId'), SUPPLIER, async (request, reply) => {
    const { supplierId, detail } = await ownReturn(request, services)
    const file = await services.svReturns.evidenceFile({ supplierId }, detail.id, idParam(request, 'evidenceId'))
    return sendFile(reply, file)
  })
}

type Owed = Awaited<ReturnType<Services['svReturns']['returnsDueForSupplier']>>[number] & {
  supplierId: string
  supplierName: string
  organisationName: string
}

/** Refused when it exists but is another's; not found when there is no such thing at all. */
async function notYours(services: Services, kind: 'commitment' | 'return', id: string): Promise<never> {
  if (await services.svReturns.exists(kind, id)) throw new ForbiddenError(NOT_YOURS)
  throw new NotFoundError(`There is no such ${kind}`)
}

/** The commitment in the address, through the suppliers this person acts for; 403 when it is another's. */
async function owedCommitment(request: FastifyRequest, services: Services): Promise<Owed> {
  const id = idParam(request, 'id')
  for (const s of suppliersOf(request.principal!)) {
    const owed = (await services.svReturns.returnsDueForSupplier(s.id)).find((d) => d.commitment.id === id)
    if (!owed) continue
    const contracts = await services.svReturns.contractsOfSupplier(s.id)
    const organisationName =
      contracts.find((c) => c.id === owed.commitment.contractId)?.organisation_name ?? owed.commitment.organisationId
    return { ...owed, supplierId: s.id, supplierName: s.name, organisationName }
  }
  return notYours(services, 'commitment', id)
}

/** The return in the address, through the suppliers this person acts for; 403 when it is another's. */
async function ownReturn(request: FastifyRequest, services: Services) {
  const id = idParam(request, 'id')
  for (const s of suppliersOf(request.principal!)) {
    try {
      return { supplierId: s.id, detail: await services.svReturns.getReturn({ supplierId: s.id }, id) }
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error
    }
  }
  return notYours(services, 'return', id)
}

/** Reads a multipart return form: its text fields, and its files within the size and number limits. */
async function readMultipart(request: FastifyRequest) {
  const fields: Record<string, string> = {}
  const files: { name: string; content: Uint8Array<ArrayBuffer> }[] = []
  let problem: string | undefined
  try {
    // Sizes are checked here rather than thrown, so the whole body is read and the browser gets the page back.
    const options: FastifyMultipartBaseOptions = {
      limits: { fileSize: MAX_EVIDENCE_BYTES, files: MAX_FILES, fields: 20, parts: 40 },
      throwFileSizeLimit: false,
    }
    // parts() takes throwFileSizeLimit like file() does, though its type leaves it out.
    const parts = request.parts(options as Parameters<FastifyRequest['parts']>[0])
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value
        continue
      }
      const content = await part.toBuffer()
      // A file input left empty still sends a part, with no name and nothing in it.
      if (!part.filename && content.byteLength === 0) continue
      if (part.file.truncated) problem ??= `${part.filename} is larger than ${MEGABYTES} MB: each file must be smaller`
      else if (content.byteLength === 0) problem ??= `${part.filename} is empty`
      else files.push({ name: part.filename.slice(0, 255), content: new Uint8Array(content) })
    }
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_FILES_LIMIT') throw error
    problem = `Attach at most ${MAX_FILES} files`
  }
  return { fields, files, problem }
}

function returnFormErrors(error: InvalidInputError): FormErrors {
  const fields: Record<string, string> = {}
  for (const [key, message] of Object.entries(error.fields)) {
    const field = key.startsWith('links')
      ? 'links'
      : ['actualQuantity', 'description', 'files'].includes(key)
        ? key
        : 'actualQuantity'
    fields[field] ??= message
  }
  return formErrorsFrom(fields, { field: 'actualQuantity', message: error.message })
}

function dueRow(d: { commitment: Owed['commitment']; dueDate: string; returnId: string | null; state: string }) {
  const state = d.state as DueState
  const c = d.commitment
  const action =
    d.returnId && (state === 'submitted' || state === 'accepted')
      ? { text: 'View return', href: paths.supplierReturn(d.returnId) }
      : d.returnId
        ? { text: 'Resubmit', href: paths.supplierReturnNew(c.id) }
        : { text: 'Make a return', href: paths.supplierReturnNew(c.id) }
  return {
    period: period(c),
    measure: `${c.measureCode} ${c.measureName}`,
    target: withUnit(c.targetQuantity, c.unit),
    due: formatDate(d.dueDate),
    tag: stateTag(state),
    action: { ...action, hidden: ` for ${c.measureCode}, ${period(c)}` },
  }
}

function returnForm(
  reply: FastifyReply,
  owed: Owed,
  values: Record<string, unknown>,
  previous: Awaited<ReturnType<Services['svReturns']['getReturn']>> | undefined,
  errors?: FormErrors,
) {
  const c = owed.commitment
  return reply.view('social-value/supplier/return-form', {
    title: previous ? `Resubmit your return for ${c.measureCode}, ${period(c)}` : `Make a return for ${period(c)}`,
    errors,
    values,
    commitment: {
      contract: `${c.contractReference}: ${c.contractTitle}`,
      organisation: owed.organisationName,
      supplier: owed.supplierName,
      measure: `${c.measureCode} ${c.measureName}`,
      unit: c.unit,
      period: `${period(c)} (${formatDate(c.periodStart)} to ${formatDate(c.periodEnd)})`,
      target: withUnit(c.targetQuantity, c.unit),
      due: formatDate(owed.dueDate),
    },
    previous: previous && {
      tag: stateTag(previous.status),
      comment: previous.reviewComment,
      evidence: evidenceRows(previous.evidence, (e) => paths.supplierReturnEvidence(previous.id, e)),
    },
    maxFiles: MAX_FILES,
    megabytes: MEGABYTES,
    action: paths.supplierReturnNew(c.id),
    links: { back: previous ? paths.supplierReturn(previous.id) : paths.supplierSocialValue },
  })
}

function sendFile(reply: FastifyReply, file: { fileName: string; content: Uint8Array }) {
  // The name is the supplier's: only plain characters go in the header, the rest percent-encoded.
  const fallback = file.fileName.replace(/[^\w.()-]+/g, '_')
  return reply
    .type('application/octet-stream')
    .header(
      'content-disposition',
      `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.content))
}

// ---------------------------------------------------------------------------------------------------------------
// The organisation's people

function officerPages(app: FastifyInstance, services: Services) {
  get(app, paths.socialValueReturns, READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const { query, errors } = readQuery(queueQuerySchema, request.query)
    const all = await services.svReturns.listReturns(organisationId)
    const shown = await services.svReturns.listReturns(organisationId, {
      status: query.status,
      contractId: query.contractId,
      from: query.period,
      to: query.period,
    })
    // Awaiting review first, then the rest; each newest period first as the service gives them.
    const order = (s: string) => RETURN_STATUSES.indexOf(s as (typeof RETURN_STATUSES)[number])
    const sorted = [...shown].sort((a, b) => order(a.status) - order(b.status))
    const pages = Math.max(1, Math.ceil(sorted.length / QUEUE_PAGE_SIZE))
    const page = Math.min(query.page ?? 1, pages)
    const rows = sorted.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE).map(queueRow)
    const href = (n: number) => {
      const kept = Object.entries({ status: query.status, contractId: query.contractId, period: query.period })
      const qs = new URLSearchParams([...kept.filter((e): e is [string, string] => Boolean(e[1])), ['page', String(n)]])
      return `${paths.socialValueReturns}?${qs.toString()}`
    }
    const option = (value: string, text: string, chosen: string | undefined) => ({
      value,
      text,
      selected: value === (chosen ?? ''),
    })
    const contracts = [...new Map(all.map((r) => [r.contractId, `${r.contractReference}: ${r.contractTitle}`]))]
    const periods = [...new Map(all.map((r) => [r.periodStart, period(r)]))].sort((a, b) => b[0].localeCompare(a[0]))
    return reply.view('social-value/returns/queue', {
      title: 'Social value returns',
      errors,
      total: sorted.length,
      shownFrom: sorted.length ? (page - 1) * QUEUE_PAGE_SIZE + 1 : 0,
      shownTo: (page - 1) * QUEUE_PAGE_SIZE + rows.length,
      pagination: paginationOf(page, pages, href),
      awaiting: all.filter((r) => r.status === 'submitted').length,
      filtered: Boolean(query.status || query.contractId || query.period),
      rows,
      filters: {
        statuses: [
          option('', 'Any status', query.status),
          ...RETURN_STATUSES.map((s) => option(s, OFFICER_STATUS_LABELS[s], query.status)),
        ],
        contracts: [
          option('', 'All contracts', query.contractId),
          ...contracts.map(([id, text]) => option(id, text, query.contractId)),
        ],
        periods: [option('', 'Any period', query.period), ...periods.map(([p, t]) => option(p, t, query.period))],
      },
      links: { self: paths.socialValueReturns, commitments: paths.socialValueCommitments },
    })
  })

  get(app, paths.socialValueReturn(':id'), READERS, async (request, reply) => reviewPage(request, reply, services, {}))

  post(app, paths.socialValueReturn(':id'), CHANGERS, decisionFormSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    // Another organisation's return is a 404 before the form is looked at.
    const before = await services.svReturns.getReturn({ organisationId }, idParam(request, 'id'))
    if (!form.ok) return reviewPage(request, reply.code(400), services, { values: form.values, errors: form.errors })
    try {
      const after = await services.svReturns.reviewReturn(request.actor, organisationId, {
        returnId: before.id,
        decision: form.data.decision,
        comment: form.data.comment,
        expectedVersion: form.data.version,
      })
      flash(
        request,
        `You ${after.status} the return from ${after.contractReference} for ${after.measureCode}, ${period(after)}. The supplier can see your decision${form.data.comment ? ' and comment' : ''}.`,
        `Return ${after.status}`,
      )
      return reply.redirect(paths.socialValueReturns)
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof ConflictError)) throw error
      const errors =
        error instanceof InvalidInputError
          ? formErrorsFrom(error.fields, { field: 'decision', message: error.message })
          : formErrorsFrom({ decision: error.message }, { field: 'decision', message: error.message })
      return reviewPage(request, reply.code(error instanceof ConflictError ? 409 : 400), services, {
        values: form.data,
        errors,
      })
    }
  })

  get(app, paths.socialValueReturnEvidence(':id', ':evidenceId'), READERS, async (request, reply) => {
    const file = await services.svReturns.evidenceFile(
      { organisationId: request.organisationId! },
      idParam(request, 'id'),
      idParam(request, 'evidenceId'),
    )
    return sendFile(reply, file)
  })
}

async function reviewPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  options: { values?: Record<string, unknown>; errors?: FormErrors },
) {
  const organisationId = request.organisationId!
  const r = await services.svReturns.returnInContext({ organisationId }, idParam(request, 'id'))
  const role = roleIn(request.principal!, organisationId)
  const open = r.status === 'submitted' || r.status === 'queried'
  const values = options.values ?? {}
  const decisions = [
    { value: 'accepted', text: 'Accept', hint: { text: 'The figure and evidence are right: it counts as delivered' } },
    { value: 'queried', text: 'Query', hint: { text: 'Ask the supplier a question or for more evidence' } },
    { value: 'rejected', text: 'Reject', hint: { text: 'The return is wrong: the supplier must resubmit it' } },
  ]
  return reply.view('social-value/returns/return', {
    title: `Return from ${r.contractReference} for ${r.measureCode}, ${period(r)}`,
    errors: options.errors,
    r,
    tag: stateTag(r.status, 'officer'),
    summary: returnSummary(r),
    evidence: evidenceRows(r.evidence, (e) => paths.socialValueReturnEvidence(r.id, e)),
    history: historyRows(r.history, r.unit),
    canDecide: role !== null && CHANGE_ROLES.includes(role) && open,
    decisionItems: decisions
      .filter((d) => d.value !== r.status)
      .map((d) => ({ ...d, checked: values.decision === d.value })),
    values,
    version: r.version,
    action: paths.socialValueReturn(r.id),
    links: {
      back: paths.socialValueReturns,
      contract: paths.contractSocialValue(r.contractId),
    },
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Commitments

/** Service field names as the commitment form names them. */
function commitmentErrors(error: InvalidInputError): FormErrors {
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([k, v]) => [k === 'periodStart' || k === 'periodEnd' ? 'quarter' : k, v]),
  )
  return formErrorsFrom(fields, { field: 'contractId', message: error.message })
}

function commitmentPages(app: FastifyInstance, services: Services) {
  get(app, paths.socialValueCommitments, READERS, (request, reply) => commitmentsList(request, reply, services))

  get(app, paths.socialValueCommitmentNew, CHANGERS, async (request, reply) => {
    const contractId = (request.query as Record<string, unknown>).contractId
    return commitmentForm(reply, services, request.organisationId!, {
      values: { contractId: typeof contractId === 'string' ? contractId : '' },
    })
  })

  post(app, paths.socialValueCommitmentNew, CHANGERS, commitmentFormSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    if (!form.ok)
      return commitmentForm(reply.code(400), services, organisationId, {
        values: form.values,
        errors: withDateHrefs(form.errors),
      })
    try {
      const saved = await services.svReturns.saveCommitment(request.actor, organisationId, form.data)
      flash(
        request,
        `The commitment for ${saved.measureCode}, ${period(saved)} on ${saved.contractReference} is saved.`,
      )
      return reply.redirect(paths.socialValueCommitment(saved.id))
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return commitmentForm(reply.code(400), services, organisationId, {
        values: (request.body ?? {}) as Record<string, unknown>,
        errors: commitmentErrors(error),
      })
    }
  })

  get(app, paths.socialValueCommitment(':id'), READERS, (request, reply) => commitmentPage(request, reply, services))

  post(app, paths.socialValueCommitment(':id'), CHANGERS, commitmentFormSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    // Another organisation's commitment is a 404 before the form is looked at.
    const c = await services.svReturns.getCommitment(organisationId, idParam(request, 'id'))
    const values = (request.body ?? {}) as Record<string, unknown>
    if (!form.ok)
      return commitmentPage(request, reply.code(400), services, { values, errors: withDateHrefs(form.errors) })
    try {
      const saved = await services.svReturns.changeCommitment(request.actor, organisationId, c.id, form.data)
      flash(
        request,
        `The commitment for ${saved.measureCode}, ${period(saved)} on ${saved.contractReference} is saved.`,
      )
      return reply.redirect(paths.socialValueCommitment(c.id))
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return commitmentPage(request, reply.code(400), services, { values, errors: commitmentErrors(error) })
    }
  })

  get(app, paths.contractSocialValue(':id'), READERS, (request, reply) => contractPage(request, reply, services))
}
