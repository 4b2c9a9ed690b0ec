// The commitments pages: the organisation's list with delivery against target, the add and change forms, and one
// contract's commitments. Every £ and status comes from the social value report (svReport), so these pages agree
// with the dashboards.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES, roleIn } from '../../../domain/access/roles.js'
import { proxyInForce, THEME_LABELS } from '../../../domain/social-value/framework.js'
import { RAG_LABELS, RAG_STATUSES, type RagStatus } from '../../../domain/social-value/rag.js'
import type { Commitment, SvReturn } from '../../../db/repositories/sv-delivery.repository.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney } from '../../support/format.js'
import type { FormErrors } from '../../support/forms.js'
import { readQuery } from '../pipeline/pipeline.schema.js'
import { dateParts } from '../contracts/manage.schema.js'
import { commitmentsQuerySchema, quarterChoices } from './returns.schema.js'
import { idParam, period, quantity, queueRow, ragTag, shortUnit, withUnit } from './returns.view.js'
import { UNITS_ONLY_TEXT } from './dashboard.view.js'

type Line = Awaited<ReturnType<Services['svReport']['report']>>['rag']['commitments'][number]

const option = (value: string, text: string, chosen: unknown) => ({
  value,
  text,
  selected: value === (typeof chosen === 'string' ? chosen : ''),
})

const canChange = (request: FastifyRequest) => {
  const role = roleIn(request.principal!, request.organisationId!)
  return role !== null && CHANGE_ROLES.includes(role)
}

/** A commitment's value in pounds, from its report line: blank without one, and never £0.00 for a measure no proxy value prices. */
function lineValue(line: Line | undefined, amount: (line: Line) => string): string {
  if (!line) return ''
  return line.proxyValue === null ? UNITS_ONLY_TEXT : formatMoney(amount(line))
}

/** A commitment's delivery as the tables show it, from its report line. */
function deliveryCells(line: Line | undefined, unit: string) {
  return {
    delivered: line ? withUnit(line.deliveredQuantity, unit) : '',
    percent: line?.percent === null || !line ? '' : `${line.percent}%`,
    committed: lineValue(line, (l) => l.committed.amount),
    deliveredValue: lineValue(line, (l) => l.delivered.amount),
    rag: line ? ragTag(line.status) : undefined,
  }
}

export async function commitmentsList(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const organisationId = request.organisationId!
  const { query, errors } = readQuery(commitmentsQuerySchema, request.query)
  const [all, report] = await Promise.all([
    services.svReturns.listCommitments(organisationId),
    services.svReport.report({ organisationId }),
  ])
  const lines = new Map(report.rag.commitments.map((l) => [l.commitmentId, l]))
  const shown = all.filter(
    (c) =>
      (!query.contractId || c.contractId === query.contractId) &&
      (!query.measureId || c.measureId === query.measureId) &&
      (!query.status || lines.get(c.id)?.status === query.status),
  )
  const contracts = [...new Map(all.map((c) => [c.contractId, `${c.contractReference}: ${c.contractTitle}`]))]
  const measures = [...new Map(all.map((c) => [c.measureId, `${c.measureCode} ${c.measureName}`]))].sort((a, b) =>
    a[1].localeCompare(b[1]),
  )
  return reply.view('social-value/commitments/list', {
    title: 'Social value commitments',
    errors,
    total: shown.length,
    filtered: Boolean(query.contractId || query.measureId || query.status),
    canChange: canChange(request),
    rows: shown.map((c) => ({
      href: paths.socialValueCommitment(c.id),
      contract: `${c.contractReference}: ${c.contractTitle}`,
      contractHref: paths.contractSocialValue(c.contractId),
      measure: `${c.measureCode} ${c.measureName}`,
      period: period(c),
      target: withUnit(c.targetQuantity, c.unit),
      ...deliveryCells(lines.get(c.id), c.unit),
    })),
    filters: {
      contracts: [
        option('', 'All contracts', query.contractId),
        ...contracts.map(([id, t]) => option(id, t, query.contractId)),
      ],
      measures: [
        option('', 'All measures', query.measureId),
        ...measures.map(([id, t]) => option(id, t, query.measureId)),
      ],
      statuses: [
        option('', 'Any status', query.status),
        ...RAG_STATUSES.map((s) => option(s, RAG_LABELS[s], query.status)),
      ],
    },
    links: {
      self: paths.socialValueCommitments,
      add: paths.socialValueCommitmentNew,
      returns: paths.socialValueReturns,
    },
  })
}

/** The form's choices: contracts, the measures of the organisation's framework with today's proxy values, quarters. */
async function formChoices(services: Services, organisationId: string, v: Record<string, unknown>) {
  const today = services.contractRegister.today()
  const frameworkId = await services.svFrameworks.frameworkOf(organisationId)
  const [contracts, measures] = await Promise.all([
    services.svReturns.contractChoices(organisationId),
    services.svFrameworks.measures(frameworkId),
  ])
  const priced = measures.map((m) => ({ ...m, proxy: proxyInForce(m.proxies, today) }))
  return {
    contractItems: [
      option('', 'Choose a contract', v.contractId),
      ...contracts.map((c) => option(c.id, `${c.reference}: ${c.title}`, v.contractId)),
    ],
    measureItems: [
      option('', 'Choose a measure', v.measureId),
      ...priced.map((m) => option(m.id, `${m.code} ${m.name} (${m.unit})`, v.measureId)),
    ],
    quarterItems: [
      option('', 'Other dates', v.quarter),
      ...quarterChoices(today).map((q) =>
        option(q.start, `${q.label}: ${formatDate(q.start)} to ${formatDate(q.end)}`, v.quarter),
      ),
    ],
    proxies: priced.map((m) => ({
      code: m.code,
      name: m.name,
      theme: THEME_LABELS[m.theme],
      unit: m.unit,
      value: m.proxy ? formatMoney(m.proxy.value) : 'None',
    })),
  }
}

/** A commitment as the form shows it: its quarter when it is one on offer, else its dates. */
function formValuesOf(c: Commitment, today: string): Record<string, unknown> {
  const quarter = quarterChoices(today).find((q) => q.start === c.periodStart && q.end === c.periodEnd)
  return {
    contractId: c.contractId,
    measureId: c.measureId,
    targetQuantity: quantity(c.targetQuantity),
    ...(quarter
      ? { quarter: quarter.start }
      : { ...dateParts('periodStart', c.periodStart), ...dateParts('periodEnd', c.periodEnd) }),
  }
}

/** Of a contract's returns, those made for a commitment: its measure, within its period. */
export function returnsFor(c: Commitment, contractReturns: readonly SvReturn[]): SvReturn[] {
  return contractReturns.filter(
    (r) => r.measureId === c.measureId && r.periodStart >= c.periodStart && r.periodEnd <= c.periodEnd,
  )
}

/** The add form. */
export async function commitmentForm(
  reply: FastifyReply,
  services: Services,
  organisationId: string,
  options: { values: Record<string, unknown>; errors?: FormErrors },
) {
  return reply.view('social-value/commitments/form', {
    title: 'Add a social value commitment',
    errors: options.errors,
    values: options.values,
    ...(await formChoices(services, organisationId, options.values)),
    action: paths.socialValueCommitmentNew,
    links: { back: paths.socialValueCommitments },
  })
}

/** One commitment: what it is worth, what has been delivered, its returns, and (for officers) its target form. */
export async function commitmentPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  options: { values?: Record<string, unknown>; errors?: FormErrors } = {},
) {
  const organisationId = request.organisationId!
  const c = await services.svReturns.getCommitment(organisationId, idParam(request, 'id'))
  const [report, returns] = await Promise.all([
    services.svReport.report({ organisationId }, { from: c.periodStart, to: c.periodStart }),
    services.svReturns.listReturns(organisationId, { contractId: c.contractId }),
  ])
  const line = report.rag.commitments.find((l) => l.commitmentId === c.id)
  const values = options.values ?? formValuesOf(c, services.contractRegister.today())
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } })
  return reply.view('social-value/commitments/commitment', {
    title: `${c.measureCode} commitment, ${period(c)}`,
    errors: options.errors,
    c,
    summary: [
      row('Contract', `${c.contractReference}: ${c.contractTitle}`),
      row('Measure', `${c.measureCode} ${c.measureName}`),
      row('Period', `${period(c)} (${formatDate(c.periodStart)} to ${formatDate(c.periodEnd)})`),
      row('Target', withUnit(c.targetQuantity, c.unit)),
      row('Proxy value', line?.proxyValue ? `${formatMoney(line.proxyValue)} per ${shortUnit(c.unit)}` : 'None'),
      row(
        'Value of the commitment',
        lineValue(line, (l) => l.committed.amount),
      ),
      row('Delivered (accepted returns)', line ? withUnit(line.deliveredQuantity, c.unit) : ''),
      row(
        'Value delivered',
        lineValue(line, (l) => l.delivered.amount),
      ),
      row('Return due', line ? formatDate(line.dueDate) : ''),
    ],
    rag: line ? ragTag(line.status) : undefined,
    percent: line?.percent ?? null,
    returns: returnsFor(c, returns).map(queueRow),
    canChange: canChange(request),
    values,
    ...(canChange(request) ? await formChoices(services, organisationId, values) : {}),
    action: paths.socialValueCommitment(c.id),
    links: {
      back: paths.socialValueCommitments,
      contract: paths.contractSocialValue(c.contractId),
      remove: paths.socialValueCommitmentRemove(c.id),
    },
  })
}

/** A contract's commitments with delivery against target and red/amber/green, and the returns made on it. */
export async function contractPage(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const organisationId = request.organisationId!
  const contract = await services.contracts.get(organisationId, idParam(request, 'id'))
  const [commitments, report, returns] = await Promise.all([
    services.svReturns.listCommitments(organisationId, { contractId: contract.id }),
    services.svReport.report({ organisationId }),
    services.svReturns.listReturns(organisationId, { contractId: contract.id }),
  ])
  const lines = new Map(report.rag.commitments.map((l) => [l.commitmentId, l]))
  const totals = report.byContract.find((b) => b.contractId === contract.id)
  return reply.view('social-value/commitments/contract', {
    title: `Social value: ${contract.reference}`,
    contract: { reference: contract.reference, title: contract.title },
    headline: totals && {
      committed: totals.unitsOnly ? UNITS_ONLY_TEXT : formatMoney(totals.committed.amount),
      delivered: totals.unitsOnly ? UNITS_ONLY_TEXT : formatMoney(totals.delivered.amount),
      percent: totals.rag.percent,
      rag: ragTag(totals.rag.status),
      counts: RAG_STATUSES.map((s: RagStatus) => ({ text: RAG_LABELS[s], count: totals.rag.counts[s] })),
    },
    rows: commitments.map((c) => ({
      href: paths.socialValueCommitment(c.id),
      measure: `${c.measureCode} ${c.measureName}`,
      period: period(c),
      target: withUnit(c.targetQuantity, c.unit),
      ...deliveryCells(lines.get(c.id), c.unit),
    })),
    returns: returns.map(queueRow),
    canChange: canChange(request),
    links: {
      back: paths.contract(contract.id),
      add: `${paths.socialValueCommitmentNew}?${new URLSearchParams({ contractId: contract.id }).toString()}`,
      commitments: `${paths.socialValueCommitments}?${new URLSearchParams({ contractId: contract.id }).toString()}`,
    },
  })
}
