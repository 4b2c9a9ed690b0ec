// How ethical standards read on the pages: short names, status tags, the warning lines shown on a supplier's and its
// contracts' pages, the history table and the overview's CSV.
import {
  ETHICAL_STANDARDS,
  type EthicalStandardCode,
  type StandardCheck,
  type StandardState,
} from '../../../domain/social-value/ethical.js'
import type { StoredDeclaration } from '../../../db/repositories/sv-declaration.repository.js'
import { toCsv } from '../../support/csv.js'
import { formatDate, formatDateTime } from '../../support/format.js'

/** The name used in a sentence ("Missing: modern slavery statement"). */
export const SHORT_NAMES: Record<EthicalStandardCode, string> = {
  'london-living-wage': 'London Living Wage',
  'no-blacklisting': 'no blacklisting of trade union members',
  'modern-slavery': 'modern slavery statement',
  'ethical-care-charter': 'Ethical Care Charter',
  'no-damaging-products': 'no environmentally damaging products',
  'end-violence-at-work': 'End Violence at Work Charter',
  'electronics-watch': 'Electronics Watch',
  'safer-urban-driving': 'Safer Urban Driving',
}

/** What each standard asks, shown on its declaration page. */
export const STANDARD_HINTS: Record<EthicalStandardCode, string> = {
  'london-living-wage':
    'Everyone working on the organisation’s contracts, including subcontractors’ and agency staff, is paid at least the London Living Wage set by the Living Wage Foundation.',
  'no-blacklisting':
    'The supplier has not blacklisted, and will not blacklist, anyone for being a member of a trade union or taking part in its activities.',
  'modern-slavery':
    'The supplier publishes a statement on the steps it takes to find and prevent modern slavery in its business and supply chain.',
  'ethical-care-charter':
    'For care providers: the supplier meets UNISON’s Ethical Care Charter (time to care, no zero-hours contracts where avoidable, travel time paid, at least the Living Wage).',
  'no-damaging-products':
    'The supplier does not use environmentally damaging products, such as single-use plastics, where a reasonable alternative exists.',
  'end-violence-at-work':
    'The supplier has signed the End Violence at Work Charter, to prevent violence and harassment of staff.',
  'electronics-watch':
    'The supplier is affiliated to Electronics Watch, which monitors working conditions in electronics supply chains.',
  'safer-urban-driving':
    'The supplier’s vehicles and drivers meet the Safer Urban Driving standard for the safety of cyclists and pedestrians.',
}

export type StatusTag = { text: string; classes: string }

/** The tag for a standard's state; a declaration that ends within the warning window is "Expires soon". */
export function statusTag(check: StandardCheck, expiringBy: string): StatusTag {
  if (check.state === 'met' && check.expiresOn && check.expiresOn <= expiringBy)
    return { text: 'Expires soon', classes: 'govuk-tag--yellow' }
  const tags: Record<StandardState, StatusTag> = {
    met: { text: 'Declared', classes: 'govuk-tag--green' },
    missing: check.mandatory
      ? { text: 'Missing', classes: 'govuk-tag--red' }
      : { text: 'Not signed', classes: 'govuk-tag--grey' },
    expired: { text: 'Expired', classes: 'govuk-tag--red' },
    'not-met': { text: 'Not met', classes: 'govuk-tag--red' },
    incomplete: { text: 'Incomplete', classes: 'govuk-tag--orange' },
    'not-applicable': { text: 'Not applicable', classes: 'govuk-tag--grey' },
  }
  return tags[check.state]
}

/** A flag in words: "Missing: modern slavery statement", "Expired 3 March 2026: London Living Wage". */
export function flagText(check: StandardCheck): string {
  const name = SHORT_NAMES[check.code]
  switch (check.state) {
    case 'missing':
      return `Missing: ${name}`
    case 'expired':
      return `Expired ${formatDate(check.expiresOn)}: ${name}`
    case 'not-met':
      return `Not met: ${name}`
    case 'incomplete':
      return `Incomplete: ${name}`
    default:
      return name
  }
}

/**
 * The public wording of a flag: only that a declaration is missing or has expired, never what the supplier said or
 * the evidence behind it.
 */
export function publicFlagText(check: StandardCheck): string {
  const name = SHORT_NAMES[check.code]
  return check.state === 'expired' ? `Declaration expired: ${name}` : `Declaration missing: ${name}`
}

/** The detail beside a standard's tag: when it ends, or why it is not met. */
export function stateDetail(check: StandardCheck): string {
  if (!check.applies) return 'Only for care providers'
  if (check.state === 'met') return check.expiresOn ? `Until ${formatDate(check.expiresOn)}` : ''
  if (check.state === 'expired') return `Expired ${formatDate(check.expiresOn)}`
  if (check.state === 'missing') return 'No declaration'
  return check.reason ?? ''
}

/** One row per standard, mandatory ones first, each with a link to declare it (or to update what was declared). */
export function standardRows(
  standards: readonly StandardCheck[],
  declared: ReadonlySet<string>,
  expiringBy: string,
  hrefOf: (code: string) => string,
) {
  return standards.map((s) => ({
    code: s.code,
    name: s.name,
    mandatory: s.mandatory,
    tag: statusTag(s, expiringBy),
    detail: stateDetail(s),
    href: hrefOf(s.code),
    action: declared.has(s.code) ? 'Update' : 'Declare',
  }))
}

const nameOf = (code: string) => ETHICAL_STANDARDS.find((s) => s.code === code)?.name ?? code

/** The history, newest first: every declaration made, with its evidence. */
export function historyRows(declarations: readonly StoredDeclaration[]) {
  return declarations.map((d) => ({
    standard: nameOf(d.standard),
    meets: d.meets
      ? d.standard === 'london-living-wage' && d.coversSupplyChain === false
        ? 'Yes, but not across the supply chain'
        : 'Yes'
      : 'No',
    declaredOn: formatDate(d.declaredOn),
    expiresOn: d.expiresOn ? formatDate(d.expiresOn) : 'A year after signing',
    statementUrl: d.statementUrl,
    statementYear: d.statementYear,
    evidenceUrl: d.evidenceUrl,
    evidenceNote: d.evidenceNote,
    by: d.declaredByLabel,
    recordedAt: formatDateTime(d.createdAt),
  }))
}

export type OverviewSupplier = {
  supplierId: string
  name: string
  onContract: boolean
  isCareProvider: boolean
  flags: StandardCheck[]
}

/** The overview as CSV: one row per supplier, one column per mandatory standard with its state. */
export function overviewCsv(suppliers: readonly (OverviewSupplier & { standards: StandardCheck[] })[]): string {
  const mandatory = ETHICAL_STANDARDS.filter((s) => s.mandatory)
  return toCsv(
    ['supplier_id', 'supplier', 'on_active_contract', 'care_provider', 'gaps', ...mandatory.map((s) => s.code)],
    suppliers.map((s) => [
      s.supplierId,
      s.name,
      s.onContract ? 'yes' : 'no',
      s.isCareProvider ? 'yes' : 'no',
      String(s.flags.length),
      ...mandatory.map((m) => {
        const check = s.standards.find((c) => c.code === m.code)
        if (!check) return ''
        return check.state === 'expired' || check.state === 'met'
          ? `${check.state} ${check.expiresOn ?? ''}`.trim()
          : check.state
      }),
    ]),
  )
}
