// What the returns and commitments pages show, shaped from the services' rows: labels, tags, dates and £.
import { periodLabel } from '../../../domain/social-value/period.js'
import { formatQuantity, parseQuantity } from '../../../domain/social-value/quantity.js'
import { RAG_LABELS, type RagStatus } from '../../../domain/social-value/rag.js'
import type { FastifyRequest } from 'fastify'
import type { Commitment, Evidence, ReturnEvent, SvReturn } from '../../../db/repositories/sv-delivery.repository.js'
import { NotFoundError } from '../../../domain/errors.js'
import { paths } from '../../paths.js'
import { formatDate, formatDateTime, formatMoney } from '../../support/format.js'
import { param } from '../../support/route.js'

/** Where a supplier stands with a commitment's return (the service's states). */
export type DueState = 'not-yet-due' | 'due' | 'overdue' | SvReturn['status']

const TAGS: Record<DueState, { text: string; classes: string }> = {
  'not-yet-due': { text: 'Not started', classes: 'govuk-tag--grey' },
  due: { text: 'Not started', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--light-blue' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
  queried: { text: 'Queried', classes: 'govuk-tag--orange' },
  rejected: { text: 'Rejected', classes: 'govuk-tag--red' },
}

/** Officers see a submitted return as one waiting for them. */
export const OFFICER_STATUS_LABELS: Record<SvReturn['status'], string> = {
  submitted: 'Awaiting review',
  queried: 'Queried',
  rejected: 'Rejected',
  accepted: 'Accepted',
}

export function stateTag(state: DueState, audience: 'supplier' | 'officer' = 'supplier') {
  const tag = TAGS[state]
  return audience === 'officer' && state === 'submitted' ? { ...tag, text: 'Awaiting review' } : tag
}

const RAG_TAG_CLASSES: Record<RagStatus, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--yellow',
  red: 'govuk-tag--red',
  'not-due': 'govuk-tag--grey',
}

export function ragTag(status: RagStatus) {
  return { text: RAG_LABELS[status], classes: RAG_TAG_CLASSES[status] }
}

export const period = (p: { periodStart: string; periodEnd: string }) =>
  periodLabel({ start: p.periodStart, end: p.periodEnd })

/** A quantity as people write it: "2.000" from the database is "2". */
export const quantity = (text: string) => {
  const q = parseQuantity(text)
  return q === undefined ? text : formatQuantity(q)
}

/** A unit without its explanation in brackets: "FTE-year (one full-time …)" is "FTE-year". */
export const shortUnit = (unit: string) => unit.replace(/\s*\(.*\)\s*$/, '') || unit

/** A quantity with its thousands grouped, and its unit: "38,000.5 kg of CO2e avoided", "£15,000 spent". */
export const withUnit = (text: string, unit: string) => {
  const grouped = quantity(text).replace(/^\d+/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','))
  const short = shortUnit(unit)
  // A unit of pounds ("£ spent") reads with the sign before the figure.
  return short.startsWith('£') ? `£${grouped}${short.slice(1)}` : `${grouped} ${short}`
}

/** A return's history, oldest first, as the table shows it; each figure with the measure's unit. */
export function historyRows(history: readonly ReturnEvent[], unit: string) {
  return history.map((e) => ({
    when: formatDateTime(e.occurredAt),
    who: e.actorLabel,
    version: e.version,
    tag: stateTag(e.status as SvReturn['status']),
    actualQuantity: withUnit(e.actualQuantity, unit),
    comment: e.comment ?? '',
  }))
}

/** Evidence as links: files to the download route given, web links as themselves. */
export function evidenceRows(evidence: readonly Evidence[], download: (evidenceId: string) => string) {
  return evidence.map((e) => ({
    version: e.version,
    kind: e.kind,
    href: e.kind === 'file' ? download(e.id) : e.kind === 'link' ? e.url : null,
    text: e.kind === 'file' ? (e.fileName ?? 'File') : e.kind === 'link' ? (e.url ?? '') : 'Note',
    description: e.description,
    added: formatDate(e.createdAt),
  }))
}

/** The summary rows of a return as both officers and suppliers see it. */
export function returnSummary(r: {
  contractReference: string
  contractTitle: string
  measureCode: string
  measureName: string
  unit: string
  periodStart: string
  periodEnd: string
  dueDate: string
  actualQuantity: string
  description: string
  submittedAt: Date
  supplierName: string | null
  actual: { proxyValue: string | null; value: string | null }
  commitment: (Commitment & { proxyValue: string | null; value: string | null }) | null
}) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } })
  return [
    row('Contract', `${r.contractReference}: ${r.contractTitle}`),
    ...(r.supplierName ? [row('Supplier', r.supplierName)] : []),
    row('Measure', `${r.measureCode} ${r.measureName}`),
    row('Period', `${period(r)} (${formatDate(r.periodStart)} to ${formatDate(r.periodEnd)})`),
    row('Due', formatDate(r.dueDate)),
    row(
      'Target',
      r.commitment
        ? `${withUnit(r.commitment.targetQuantity, r.unit)}${r.commitment.value === null ? '' : `, worth ${formatMoney(r.commitment.value)}`}${periodLabel({ start: r.commitment.periodStart, end: r.commitment.periodEnd }) === period(r) ? '' : ` for ${periodLabel({ start: r.commitment.periodStart, end: r.commitment.periodEnd })}`}`
        : 'No commitment covers this period',
    ),
    row('Delivered', withUnit(r.actualQuantity, r.unit)),
    row(
      'Proxy value',
      r.actual.proxyValue === null
        ? 'This measure has no proxy value'
        : `${formatMoney(r.actual.proxyValue)} per ${shortUnit(r.unit)}`,
    ),
    row('Social value delivered', r.actual.value === null ? 'Not valued' : formatMoney(r.actual.value)),
    row('Evidence described', r.description || 'No description given'),
    row('Submitted', formatDateTime(r.submittedAt)),
  ]
}

/** A row of the officers' review queue. */
export function queueRow(r: SvReturn) {
  return {
    href: paths.socialValueReturn(r.id),
    contract: `${r.contractReference}: ${r.contractTitle}`,
    measure: `${r.measureCode} ${r.measureName}`,
    period: period(r),
    actual: withUnit(r.actualQuantity, r.unit),
    tag: stateTag(r.status, 'officer'),
    submitted: formatDate(r.submittedAt),
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id from the address; anything that is not one is a page that does not exist. */
export function idParam(request: FastifyRequest, name: string): string {
  const id = param(request, name)
  if (!UUID.test(id)) throw new NotFoundError('Page not found')
  return id
}
