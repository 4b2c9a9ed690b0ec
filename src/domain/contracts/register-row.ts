// One row of a published contracts register → a contract draft, or the reasons it cannot be one. Pure: no I/O.
// Values are read as councils write them: "£1,234.50", "31/03/2026", "Yes"/"N"/"TRUE", several suppliers in one cell
// ("A Ltd; B Ltd"), CPV codes with their check digits ("45000000-7") or as URIs.
import { parseAmount, formatPence } from '../spend/amount.js'
import { parseDate } from '../spend/date.js'
import { decodeEntities } from '../spend/supplier-name.js'
import { normaliseCharityNumber, normaliseCompanyNumber } from '../suppliers/supplier.js'
import {
  CONFIDENTIAL_FIELD_LABELS,
  CONFIDENTIAL_FIELDS,
  emptyContractDraft,
  parseContractDraft,
  type ConfidentialField,
  type ContractDraft,
  type ContractRecordStatus,
  type ContractSupplier,
  type ProcurementRoute,
} from './contract.js'
import { REGISTER_COLUMNS, type RegisterField, type RegisterMapping } from './register-columns.js'

export type RegisterRowOutcome =
  | { kind: 'blank' }
  | { kind: 'header' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'contract'; draft: ContractDraft; buyer: string | null }

/** "Yes", "Y", "TRUE", "1", "SME", "Micro" → true; "No", "N", "FALSE", "0", "Large" → false; blank or "Unknown" → null. */
export function parseFlag(text: string): { ok: true; value: boolean | null } | { ok: false } {
  const t = text.trim().toLowerCase().replace(/\.$/, '')
  if (['', 'unknown', 'not known', 'n/a', 'na', '-', 'not stated', 'tbc'].includes(t)) return { ok: true, value: null }
  if (['yes', 'y', 'true', 't', '1', 'sme', 'vcse', 'micro', 'small', 'medium', 'x'].includes(t))
    return { ok: true, value: true }
  if (['no', 'n', 'false', 'f', '0', 'large', 'non-sme', 'non sme', 'not sme', 'none'].includes(t))
    return { ok: true, value: false }
  return { ok: false }
}

/**
 * A procurement route from the words a register or a notice uses. Null when it says nothing ("Not specified");
 * 'other' when it names a route cwb does not list.
 */
export function routeFromText(text: string | null | undefined): ProcurementRoute | null {
  const t = (text ?? '').trim().toLowerCase()
  // Contracts Finder writes "Other - " when the buyer chose "other" and said nothing more.
  if (t === '' || /^(not specified|not applicable|n\/a|unknown|other\s*-\s*)$/.test(t)) return null
  if (/framework|call[\s-]?off|dynamic purchasing|\bdps\b|mini[\s-]?competition|further competition/.test(t))
    return 'framework'
  if (/direct|single tender|single source|sole supplier|waiver|exemption|without prior publication|\blimited\b/.test(t))
    return 'direct'
  if (/quot|\brfq\b/.test(t)) return 'quotation'
  if (/restricted|selective/.test(t)) return 'restricted'
  if (/negotiat|competitive dialogue|competitive procedure|innovation partnership|competitive flexible/.test(t))
    return 'competitive'
  if (/open|invitation to tender|\bitt\b|tender/.test(t)) return 'open'
  return 'other'
}

/** The most suppliers one contract holds (the contract rules' limit). */
const MAX_SUPPLIERS_IN_ROW = 50

/** What cwb records when a direct award's reason is not published. */
export const DIRECT_AWARD_REASON_NOT_STATED = 'Not stated in the imported file'

const STATUS_WORDS: readonly [RegExp, ContractRecordStatus][] = [
  [/terminat/, 'terminated'],
  [/cancel|withdrawn|abandon/, 'cancelled'],
]

/** A register's status column: terminated and cancelled matter; live, expired and the like are worked out from dates. */
export function statusFromText(text: string): ContractRecordStatus {
  const t = text.trim().toLowerCase()
  return STATUS_WORDS.find(([pattern]) => pattern.test(t))?.[1] ?? 'active'
}

const SEPARATOR = /\s*(?:;|\||\r?\n)\s*/

/** Several entries in one cell: "A Ltd; B Ltd", "A Ltd | B Ltd" or one per line. */
export function splitCell(text: string): string[] {
  return text
    .split(SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * A cell of values that go with the suppliers in order ("; 01234567" is nothing for the first supplier and a number
 * for the second): empty positions are kept; a cell with nothing in it is no values at all.
 */
export function splitAligned(text: string): string[] {
  const parts = text.split(SEPARATOR).map((s) => s.trim())
  return parts.every((p) => p === '') ? [] : parts
}

/** CPV codes in a cell, however written: "45000000-7", "45000000 - Construction work", a URI ending in the code. */
export function cpvCodesOfCell(text: string): string[] {
  const t = text.trim()
  if (t === '') return []
  const codes = [...t.matchAll(/(?<!\d)(\d{8})(?:-\d)?(?!\d)/g)].map((m) => m[1]!)
  return codes.length > 0 ? codes : splitCell(t)
}

const CONFIDENTIAL_BY_WORD: ReadonlyMap<string, ConfidentialField> = new Map(
  CONFIDENTIAL_FIELDS.flatMap((f) => [
    [f.toLowerCase(), f] as const,
    [f.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`), f] as const,
    [CONFIDENTIAL_FIELD_LABELS[f].toLowerCase(), f] as const,
  ]),
)

function money(field: RegisterField, text: string, problems: string[]): string | null {
  if (text.trim() === '') return null
  const parsed = parseAmount(text)
  const label = REGISTER_COLUMNS[field].label
  if (!parsed.ok) {
    problems.push(`${label} “${text.trim()}” is not an amount in pounds`)
    return null
  }
  if (parsed.pence < 0n) {
    problems.push(`${label} “${text.trim()}” is negative`)
    return null
  }
  return formatPence(parsed.pence)
}

function date(field: RegisterField, text: string, problems: string[]): string | null {
  if (text.trim() === '') return null
  const parsed = parseDate(text)
  if (!parsed.ok) {
    const label = REGISTER_COLUMNS[field].label
    problems.push(
      /not a real date/.test(parsed.reason)
        ? `${label} “${text.trim()}” is not a real date`
        : `${label} “${text.trim()}” is not a date (write it like 31/03/2026)`,
    )
    return null
  }
  return parsed.date
}

function flags(field: 'sme' | 'vcse', text: string, problems: string[]): (boolean | null)[] {
  const values = splitAligned(text)
  // "VCSE supplier type" holds a type ("Charity", "Social enterprise") rather than yes or no: any type is a VCSE.
  return values.map((v) => {
    const parsed = parseFlag(v)
    if (parsed.ok) return parsed.value
    if (field === 'vcse' && /charit|social|community|voluntary|co-?op|mutual|cic|trust/i.test(v)) return true
    problems.push(`${REGISTER_COLUMNS[field].label} “${v}” is not Yes or No`)
    return null
  })
}

/** The value of a position-aligned list cell for the supplier at `index`; a single value applies to every supplier. */
function nth<T>(values: readonly T[], index: number, count: number): T | null {
  if (values.length === count) return values[index] ?? null
  if (values.length === 1 && (count === 1 || typeof values[0] === 'boolean')) return values[0]!
  return index < values.length ? values[index]! : null
}

function suppliersOf(cell: (f: RegisterField) => string, problems: string[]): ContractSupplier[] {
  const names = splitCell(decodeEntities(cell('supplierName')))
  if (names.length > MAX_SUPPLIERS_IN_ROW)
    problems.push(`${names.length} suppliers are named in one row; a contract can have at most ${MAX_SUPPLIERS_IN_ROW}`)
  const orNull = (v: string) => (v === '' ? null : v)
  const companies = splitAligned(cell('companyNumber')).map((n) => (n ? (normaliseCompanyNumber(n) ?? n) : null))
  const charities = splitAligned(cell('charityNumber')).map((n) => (n ? (normaliseCharityNumber(n) ?? n) : null))
  const others = splitAligned(cell('otherRegistration')).map(orNull)
  const postcodes = splitAligned(cell('supplierPostcode')).map(orNull)
  const smes = flags('sme', cell('sme'), problems)
  const vcses = flags('vcse', cell('vcse'), problems)
  return names.map((name, i) => ({
    supplierId: null,
    name,
    companyNumber: nth(companies, i, names.length),
    charityNumber: nth(charities, i, names.length),
    otherRegistration: nth(others, i, names.length),
    postcode: nth(postcodes, i, names.length),
    isSme: nth(smes, i, names.length),
    isVcse: nth(vcses, i, names.length),
  }))
}

function confidentialOf(text: string, problems: string[]): ConfidentialField[] {
  return splitCell(text.replace(/,/g, ';')).flatMap((word) => {
    const field = CONFIDENTIAL_BY_WORD.get(word.toLowerCase())
    if (field) return [field]
    problems.push(`Withheld field “${word}” is not one cwb knows`)
    return []
  })
}

/** Turns one register row into a draft, checked by the same rules as a contract typed into the app. */
export function interpretRegisterRow(cells: readonly string[], mapping: RegisterMapping): RegisterRowOutcome {
  if (cells.every((c) => c.trim() === '')) return { kind: 'blank' }
  const cell = (field: RegisterField) => {
    const index = mapping[field]
    return index === undefined ? '' : (cells[index] ?? '').trim()
  }
  // A repeated header row (registers pasted together) is not a contract.
  if (cell('reference').toLowerCase() === cellHeader(mapping, 'reference', cells)) return { kind: 'header' }

  const problems: string[] = []
  const reference = cell('reference')
  const title = decodeEntities(cell('title'))
  if (reference === '') problems.push('Reference is missing')
  if (title === '') problems.push('Title is missing')
  const routeText = cell('procurementRoute')
  const route = routeFromText(routeText)
  const reasonCell = cell('directAwardReason')
  const draft: ContractDraft = {
    ...emptyContractDraft(reference, title),
    description: decodeEntities(cell('description')) || null,
    department: cell('department') || null,
    ownerName: cell('ownerName') || null,
    ownerEmail: cell('ownerEmail') || null,
    totalValue: money('totalValue', cell('totalValue'), problems),
    annualValue: money('annualValue', cell('annualValue'), problems),
    irrecoverableVat: money('irrecoverableVat', cell('irrecoverableVat'), problems),
    startDate: date('startDate', cell('startDate'), problems),
    endDate: date('endDate', cell('endDate'), problems),
    reviewDate: date('reviewDate', cell('reviewDate'), problems),
    maxEndDate: date('maxEndDate', cell('maxEndDate'), problems),
    extensionOptions: cell('extensionOptions') || null,
    procurementRoute: route,
    directAwardReason:
      route === 'direct'
        ? reasonCell || (/^direct( award)?$/i.test(routeText) ? DIRECT_AWARD_REASON_NOT_STATED : routeText)
        : reasonCell || null,
    frameworkName: cell('frameworkName') || null,
    cpvCodes: cpvCodesOfCell(cell('cpvCodes')),
    status: statusFromText(cell('status')),
    ocid: cell('ocid') || null,
    suppliers: suppliersOf(cell, problems),
  }
  const withheld = cell('confidentialFields')
  if (withheld !== '') draft.confidentialFields = confidentialOf(withheld, problems)
  if (problems.length > 0) return { kind: 'rejected', reason: problems.join('; ') }
  const checked = parseContractDraft(draft)
  if (!checked.success) return { kind: 'rejected', reason: describeIssues(checked.error.issues) }
  return { kind: 'contract', draft: checked.data, buyer: cell('buyer') || null }
}

function cellHeader(mapping: RegisterMapping, field: RegisterField, cells: readonly string[]): string | null {
  const index = mapping[field]
  if (index === undefined) return null
  const text = (cells[index] ?? '').trim().toLowerCase()
  const column = REGISTER_COLUMNS[field]
  return [column.header, ...column.aliases].some((n) => n.toLowerCase() === text) ? text : null
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  reference: 'Reference',
  title: 'Title',
  endDate: 'End date',
  maxEndDate: 'Latest end date with extensions',
  directAwardReason: 'Reason for direct award',
  cpvCodes: 'CPV codes',
  ownerEmail: 'Contract owner’s email',
  suppliers: 'Supplier',
  description: 'Description',
  department: 'Department',
}

/** Zod's issues as one sentence a person can act on: "End date must be …; CPV codes: “123” is not a CPV code". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => {
      const field = String(issue.path[0] ?? '')
      const label = FIELD_LABELS[field]
      if (!label || issue.message.toLowerCase().includes(label.toLowerCase())) return issue.message
      return `${label}: ${issue.message}`
    })
    .join('; ')
}
