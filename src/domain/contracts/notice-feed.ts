// The flattened Contracts Finder notice feed ({meta, stats, contracts: […]}, one object per notice, with id, title,
// description, organisation, status, awarded_date, value_low, value_high, awarded_value, awarded_supplier,
// awarded_to_sme, cpv_codes …) → contract drafts. Pure: no I/O.
// Awarded notices become contracts; the rest (open, closed, withdrawn) are skipped with the reason. Names carry HTML
// entities ("B&amp;E Boys Ltd"), "NOT AWARDED TO SUPPLIER" means no supplier, a value of 0 means not known, and one
// cell may name several suppliers separated by commas.
import { formatPence, parseAmount } from '../spend/amount.js'
import { decodeEntities } from '../spend/supplier-name.js'
import { normaliseCpvCode } from './cpv.js'
import { emptyContractDraft, parseContractDraft, type ContractDraft, type ContractSupplier } from './contract.js'
import { MAX_SUPPLIERS } from './ocds-read.js'
import { cpvCodesOfCell, describeIssues } from './register-row.js'

type Json = Record<string, unknown>

export type NoticeOutcome =
  | { kind: 'contract'; position: number; draft: ContractDraft; buyer: string | null; warning: string | null }
  | { kind: 'skipped' | 'rejected'; position: number; reference: string; reason: string }
  | { kind: 'left-out'; position: number }

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown): string | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (typeof v !== 'string') return null
  const t = decodeEntities(v).trim()
  return t === '' ? null : t
}

/** Whether a parsed JSON document is the flattened notice feed. */
export function isNoticeFeed(doc: unknown): doc is { contracts: unknown[] } {
  return (
    isObject(doc) &&
    Array.isArray(doc.contracts) &&
    doc.contracts.some((c) => isObject(c) && 'notice_type' in c && 'awarded_supplier' in c)
  )
}

const NO_SUPPLIER = /^(not awarded to supplier|not awarded|n\/a|none)$/i
const LEGAL_SUFFIX = /^(ltd|limited|plc|llp|lp|inc|co|cic|llc)\.?$/i

/** "A Ltd,B &amp; C Ltd" → ["A Ltd", "B & C Ltd"]; a comma before a bare legal suffix ("Smith, Ltd") is kept. */
export function splitAwardedSuppliers(cell: string): string[] {
  const parts = decodeEntities(cell)
    .split(',')
    .map((p) => p.trim())
  const names: string[] = []
  for (const part of parts) {
    if (part === '') continue
    if (names.length > 0 && LEGAL_SUFFIX.test(part)) names[names.length - 1] += `, ${part}`
    else names.push(part)
  }
  // A cell names each supplier once per lot it won ("British Gas,British Gas,…"): one supplier each.
  const seen = new Set<string>()
  return names.filter((n) => !NO_SUPPLIER.test(n) && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()))
}

function pounds(v: unknown): string | null {
  if (typeof v !== 'number' && typeof v !== 'string') return null
  const parsed = parseAmount(String(v))
  return parsed.ok && parsed.pence > 0n ? formatPence(parsed.pence) : null
}

/** One notice of the feed → a contract, or why not. */
export function interpretNotice(notice: Json, position: number, options: { buyer?: string } = {}): NoticeOutcome {
  const reference = text(notice.id) ?? `notice ${position}`
  const buyer = text(notice.organisation)
  if (options.buyer && !(buyer ?? '').toLowerCase().includes(options.buyer.trim().toLowerCase()))
    return { kind: 'left-out', position }
  const status = text(notice.status)?.toLowerCase() ?? 'unknown'
  if (status !== 'awarded')
    return { kind: 'skipped', position, reference, reason: `Not awarded: the notice is ${status}, not a contract` }
  const names = splitAwardedSuppliers(text(notice.awarded_supplier) ?? '')
  const sme = typeof notice.awarded_to_sme === 'boolean' ? notice.awarded_to_sme : null
  const postcode = text(notice.postcode)
  const warning =
    names.length > MAX_SUPPLIERS
      ? `Notice ${reference}: ${names.length} suppliers are named; the register keeps the first ${MAX_SUPPLIERS}`
      : null
  const suppliers: ContractSupplier[] = names.slice(0, MAX_SUPPLIERS).map((name) => ({
    supplierId: null,
    name,
    companyNumber: null,
    charityNumber: null,
    otherRegistration: null,
    postcode: names.length === 1 && postcode ? postcode.toUpperCase().slice(0, 10) : null,
    // The feed has one flag per notice; it is the flag of every supplier it names.
    isSme: sme,
    isVcse: null,
  }))
  const awarded = text(notice.awarded_date)
  const draft: ContractDraft = {
    ...emptyContractDraft(reference, text(notice.title) ?? ''),
    description: text(notice.description),
    totalValue: pounds(notice.awarded_value),
    // The feed's codes are the publisher's; one that is not a CPV code is left out rather than losing the contract.
    cpvCodes: cpvCodesOfCell(text(notice.cpv_codes) ?? '').filter((c) => normaliseCpvCode(c) !== null),
    notes: awarded ? `Awarded on ${awarded.slice(0, 10)} (Contracts Finder notice)` : null,
    suppliers,
  }
  if (!draft.title) return { kind: 'rejected', position, reference, reason: 'Title is missing' }
  const checked = parseContractDraft(draft)
  if (!checked.success) return { kind: 'rejected', position, reference, reason: describeIssues(checked.error.issues) }
  return { kind: 'contract', position, draft: checked.data, buyer, warning }
}

/** Every notice of a feed document, in order (position = 1-based index in `contracts`). */
export function readNoticeFeed(doc: { contracts: unknown[] }, options: { buyer?: string } = {}): NoticeOutcome[] {
  return doc.contracts.map((notice, i) =>
    isObject(notice)
      ? interpretNotice(notice, i + 1, options)
      : { kind: 'rejected' as const, position: i + 1, reference: `notice ${i + 1}`, reason: 'Not a notice object' },
  )
}
