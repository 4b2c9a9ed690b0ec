// What the officer's contract pages show: summary lists of a contract (or a draft of one) with "Change" links to the
// question page that asks each thing, confidential fields marked, and its history.
import {
  CONFIDENTIAL_FIELD_LABELS,
  CONTRACT_LIFE_STATUS_LABELS,
  PROCUREMENT_ROUTE_LABELS,
  type ConfidentialField,
  type ContractDraft,
  type ContractVariation,
} from '../../../domain/contracts/contract.js'
import { categoryOfCpv } from '../../../domain/contracts/cpv.js'
import { VARIATION_KIND_LABELS } from '../../../domain/contracts/variation.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney } from '../../support/format.js'

export const SECTIONS = ['about', 'value', 'procurement', 'suppliers', 'lots', 'confidential'] as const
export type Section = (typeof SECTIONS)[number]

export const SECTION_TITLES: Record<Section, string> = {
  about: 'About the contract',
  value: 'Value and dates',
  procurement: 'How it was procured',
  suppliers: 'Suppliers',
  lots: 'Lots',
  confidential: 'Commercially confidential information',
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

const NOT_GIVEN = '<span class="cwb-secondary">Not given</span>'
const CONFIDENTIAL_TAG = ' <strong class="govuk-tag govuk-tag--orange">Confidential</strong>'

type Row = { key: { text: string }; value: { html: string }; actions?: { items: object[] } }

export type SummaryOptions = {
  /** Where each section's "Change" link goes, or none for readers who may not change the contract. */
  changeHref?: (section: Section) => string
  /** Owner names by user id. */
  people: ReadonlyMap<string, { name: string; email: string }>
}

function multiline(value: string | null): string {
  return value ? esc(value).replace(/\n/g, '<br>') : NOT_GIVEN
}

function row(
  label: string,
  html: string,
  section: Section,
  options: SummaryOptions,
  draft: ContractDraft,
  confidential?: ConfidentialField,
): Row {
  const marked = confidential && draft.confidentialFields.includes(confidential) ? html + CONFIDENTIAL_TAG : html
  return {
    key: { text: label },
    value: { html: marked },
    ...(options.changeHref
      ? {
          actions: {
            items: [{ href: options.changeHref(section), text: 'Change', visuallyHiddenText: label.toLowerCase() }],
          },
        }
      : {}),
  }
}

const money = (v: string | null) => (v === null ? NOT_GIVEN : esc(formatMoney(v)))
const date = (v: string | null) => (v === null ? NOT_GIVEN : esc(formatDate(v)))
const yesNo = (v: boolean | null) => (v === null ? 'Not known' : v ? 'Yes' : 'No')

export function ownerHtml(draft: ContractDraft, people: SummaryOptions['people']): string {
  const person = draft.ownerUserId ? people.get(draft.ownerUserId) : undefined
  if (person) return `${esc(person.name)}<br><span class="cwb-secondary">${esc(person.email)}</span>`
  if (draft.ownerName || draft.ownerEmail)
    return [draft.ownerName, draft.ownerEmail]
      .filter(Boolean)
      .map((v) => esc(v!))
      .join('<br>')
  return NOT_GIVEN
}

/** The summary lists of a contract, one per question page, in the order the add journey asks them. */
export function summarySections(draft: ContractDraft, options: SummaryOptions) {
  const r = (label: string, html: string, section: Section, confidential?: ConfidentialField) =>
    row(label, html, section, options, draft, confidential)
  const sections: { id: Section; title: string; rows: Row[] }[] = [
    {
      id: 'about',
      title: SECTION_TITLES.about,
      rows: [
        r('Reference', esc(draft.reference), 'about'),
        r('Title', esc(draft.title), 'about'),
        r('Description', multiline(draft.description), 'about', 'description'),
        r('Department', draft.department ? esc(draft.department) : NOT_GIVEN, 'about'),
        r('Owner', ownerHtml(draft, options.people), 'about'),
        r('Internal notes', multiline(draft.notes), 'about'),
      ],
    },
    {
      id: 'value',
      title: SECTION_TITLES.value,
      rows: [
        r('Total value', money(draft.totalValue), 'value', 'totalValue'),
        r('Annual value', money(draft.annualValue), 'value', 'annualValue'),
        r('Irrecoverable VAT', money(draft.irrecoverableVat), 'value', 'irrecoverableVat'),
        r('Start date', date(draft.startDate), 'value'),
        r('End date', date(draft.endDate), 'value'),
        r('Review date', date(draft.reviewDate), 'value'),
        r('Extension options', multiline(draft.extensionOptions), 'value', 'extensionOptions'),
        r('Latest end date with extensions', date(draft.maxEndDate), 'value'),
      ],
    },
    {
      id: 'procurement',
      title: SECTION_TITLES.procurement,
      rows: [
        r(
          'Procurement route',
          draft.procurementRoute ? esc(PROCUREMENT_ROUTE_LABELS[draft.procurementRoute]) : NOT_GIVEN,
          'procurement',
        ),
        ...(draft.procurementRoute === 'framework'
          ? [r('Framework', draft.frameworkName ? esc(draft.frameworkName) : NOT_GIVEN, 'procurement')]
          : []),
        ...(draft.procurementRoute === 'direct'
          ? [r('Reason for direct award', multiline(draft.directAwardReason), 'procurement', 'directAwardReason')]
          : []),
        r(
          'CPV codes',
          draft.cpvCodes.length
            ? draft.cpvCodes
                .map((c) => `${esc(c)} <span class="cwb-secondary">${esc(categoryOfCpv(c) ?? '')}</span>`)
                .join('<br>')
            : NOT_GIVEN,
          'procurement',
        ),
      ],
    },
    {
      id: 'suppliers',
      title: SECTION_TITLES.suppliers,
      rows: draft.suppliers.length
        ? draft.suppliers.map((s, i) =>
            r(draft.suppliers.length > 1 ? `Supplier ${i + 1}` : 'Supplier', supplierHtml(s), 'suppliers', 'suppliers'),
          )
        : [r('Suppliers', NOT_GIVEN, 'suppliers')],
    },
    {
      id: 'lots',
      title: SECTION_TITLES.lots,
      rows: draft.lots.length
        ? draft.lots.map((l) =>
            r(
              `Lot ${l.lotNumber}`,
              `${esc(l.title)}${l.value ? `<br>${esc(formatMoney(l.value))}` : ''}`,
              'lots',
              'lots',
            ),
          )
        : [r('Lots', 'No lots', 'lots')],
    },
    {
      id: 'confidential',
      title: SECTION_TITLES.confidential,
      rows: [
        r(
          'Withheld from the public register',
          draft.confidentialFields.length
            ? draft.confidentialFields.map((f) => esc(CONFIDENTIAL_FIELD_LABELS[f])).join('<br>')
            : 'Nothing: every field is published',
          'confidential',
        ),
      ],
    },
  ]
  return sections
}

function supplierHtml(s: ContractDraft['suppliers'][number]): string {
  const name = s.supplierId
    ? `<a class="govuk-link" href="${esc(paths.supplier(s.supplierId))}">${esc(s.name)}</a>`
    : `${esc(s.name)} <span class="cwb-secondary">(not linked to a supplier record)</span>`
  const details = [
    s.companyNumber ? `Company number ${esc(s.companyNumber)}` : null,
    s.charityNumber ? `Charity number ${esc(s.charityNumber)}` : null,
    s.postcode ? esc(s.postcode) : null,
    `SME: ${yesNo(s.isSme)}`,
    `VCSE: ${yesNo(s.isVcse)}`,
  ].filter(Boolean)
  return `${name}<br><span class="govuk-body-s">${details.join(' · ')}</span>`
}

export function variationRows(variations: readonly ContractVariation[]) {
  return [...variations].reverse().map((v) => ({
    date: formatDate(v.variedOn),
    kind: VARIATION_KIND_LABELS[v.kind],
    reason: v.reason,
    approvedBy: v.approvedBy ?? '',
    valueChange:
      Number(v.valueChange) === 0 ? 'None' : `${Number(v.valueChange) > 0 ? '+' : ''}${formatMoney(v.valueChange)}`,
    newTotalValue: v.newTotalValue === null ? '' : formatMoney(v.newTotalValue),
    endDate:
      v.newEndDate !== v.previousEndDate
        ? `${formatDate(v.previousEndDate) || 'Not known'} to ${formatDate(v.newEndDate) || 'Not known'}`
        : 'Unchanged',
    reviewDate:
      v.newReviewDate !== v.previousReviewDate
        ? `${formatDate(v.previousReviewDate) || 'Not known'} to ${formatDate(v.newReviewDate) || 'Not known'}`
        : 'Unchanged',
  }))
}

export function lifeStatusTag(status: keyof typeof CONTRACT_LIFE_STATUS_LABELS) {
  const colour = { live: 'green', 'not-started': 'blue', expired: 'grey', terminated: 'red', cancelled: 'red' }[status]
  return { text: CONTRACT_LIFE_STATUS_LABELS[status], classes: `govuk-tag--${colour}` }
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'contract.created': 'Added',
  'contract.updated': 'Details changed',
  'contract.varied': 'Varied',
  'contract.extended': 'Extended',
  'contract.terminated': 'Ended early',
  'contract.imported': 'Imported',
}
