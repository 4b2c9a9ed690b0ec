// Open Contracting Data Standard (OCDS 1.0 and 1.1) → contract drafts. Pure: no I/O.
//
// Reads release packages ({releases: […]}), record packages ({records: […]}, using each record's compiledRelease),
// a single record, a bare array of releases and a single release, as Contracts Finder and others publish them,
// including OCDS 1.0 habits (integer ids, an empty identifier.scheme, postcodes with a leading space).
// Releases of one contracting process (one ocid) merge into one contract: the latest release (by date) wins field by
// field, as OCDS's own merge does. A process with no award is a notice, not a contract: it is skipped, with the reason.
import { formatPence, parseAmount } from '../spend/amount.js'
import { decodeEntities } from '../spend/supplier-name.js'
import { normaliseCharityNumber, normaliseCompanyNumber } from '../suppliers/supplier.js'
import { normaliseCpvCode } from './cpv.js'
import {
  emptyContractDraft,
  parseContractDraft,
  type ContractDraft,
  type ContractRecordStatus,
  type ContractSupplier,
  type ProcurementRoute,
} from './contract.js'
import { describeIssues, routeFromText } from './register-row.js'

type Json = Record<string, unknown>

/** The most suppliers a contract holds (the contract rules' limit). */
export const MAX_SUPPLIERS = 50

/** A release and where it was found: "release 3" or "file.json, release 3". */
export type LocatedRelease = { release: Json; position: number; where: string }

export type OcdsOutcome =
  | {
      kind: 'contract'
      position: number
      where: string
      ocid: string
      draft: ContractDraft
      buyer: string | null
      warning: string | null
    }
  | { kind: 'skipped'; position: number; where: string; ocid: string; reason: string }
  | { kind: 'rejected'; position: number; where: string; ocid: string; reason: string }

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : [])
const text = (v: unknown): string | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (typeof v !== 'string') return null
  const t = decodeEntities(v).trim()
  return t === '' ? null : t
}

/** Whether a parsed JSON document looks like OCDS at all. */
export function looksLikeOcds(doc: unknown): boolean {
  if (Array.isArray(doc)) return doc.some((r) => isObject(r) && 'ocid' in r)
  return isObject(doc) && ('releases' in doc || 'records' in doc || 'ocid' in doc || 'compiledRelease' in doc)
}

/** Every release in a document, whatever its packaging. Records give their compiled release. */
export function releasesOf(doc: unknown, source: string | null): LocatedRelease[] {
  const at = (release: Json, i: number, kind: string) => ({
    release,
    position: i + 1,
    where: `${source ? `${source}, ` : ''}${kind} ${i + 1}`,
  })
  const fromRecord = (record: Json): Json | null => {
    if (isObject(record.compiledRelease)) return record.compiledRelease
    // A record without a compiled release: its full releases, latest last, are merged by the caller.
    return null
  }
  if (Array.isArray(doc)) return asArray(doc).map((r, i) => at(r, i, 'release'))
  if (!isObject(doc)) return []
  if (Array.isArray(doc.records))
    return asArray(doc.records).flatMap((record, i) => {
      const compiled = fromRecord(record)
      if (compiled) return [at(compiled, i, 'record')]
      return asArray(record.releases).map((r) => at(r, i, 'record'))
    })
  if (Array.isArray(doc.releases) && !('compiledRelease' in doc))
    return asArray(doc.releases).map((r, i) => at(r, i, 'release'))
  if ('compiledRelease' in doc) {
    const compiled = fromRecord(doc)
    return compiled ? [at(compiled, 0, 'record')] : asArray(doc.releases).map((r, i) => at(r, i, 'release'))
  }
  if ('ocid' in doc) return [at(doc, 0, 'release')]
  return []
}

/** The buyer's name and id, from buyer or the party with the buyer role. */
export function buyerOf(release: Json): { name: string | null; id: string | null } {
  const buyer = isObject(release.buyer) ? release.buyer : null
  const fromParty = asArray(release.parties).find((p) => hasRole(p, 'buyer'))
  return {
    name: text(buyer?.name) ?? text(fromParty?.name),
    id: text(buyer?.id) ?? text(fromParty?.id),
  }
}

function hasRole(party: Json, role: string): boolean {
  return Array.isArray(party.roles) && party.roles.some((r) => typeof r === 'string' && r.toLowerCase() === role)
}

/** Whether a release's buyer name or id contains `filter` (case-insensitive). */
export function buyerMatches(release: Json, filter: string): boolean {
  const { name, id } = buyerOf(release)
  const needle = filter.trim().toLowerCase()
  return [name, id].some((v) => v !== null && v.toLowerCase().includes(needle))
}

/** "2025-04-23T23:59:59+01:00" → "2025-04-23" (the date as published, in the publisher's time zone). */
function dateOf(v: unknown): string | null {
  const t = text(v)
  const m = t ? /^(\d{4}-\d{2}-\d{2})/.exec(t) : null
  return m ? m[1]! : null
}

/** A value object's amount in pounds, when in GBP and above zero (Contracts Finder writes 0 for "not known"). */
function amountOf(value: unknown): bigint | null {
  if (!isObject(value)) return null
  const currency = text(value.currency)
  if (currency && currency.toUpperCase() !== 'GBP') return null
  const raw = value.amount
  if (typeof raw !== 'number' && typeof raw !== 'string') return null
  const parsed = parseAmount(String(raw))
  return parsed.ok && parsed.pence > 0n ? parsed.pence : null
}

/** The latest non-empty value of a field over a process's releases (releases are ordered oldest first). */
function latest<T>(releases: readonly Json[], pick: (r: Json) => T | null | undefined): T | null {
  for (let i = releases.length - 1; i >= 0; i--) {
    const v = pick(releases[i]!)
    if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) return v
  }
  return null
}

const tenderOf = (r: Json): Json => (isObject(r.tender) ? r.tender : {})

function cpvCodesOf(tender: Json): string[] {
  const classifications = [
    tender.classification,
    ...asArray(tender.additionalClassifications),
    ...asArray(tender.items).flatMap((item) => [item.classification, ...asArray(item.additionalClassifications)]),
  ].filter(isObject)
  const codes: string[] = []
  for (const c of classifications) {
    const scheme = text(c.scheme)
    if (scheme && scheme.toUpperCase() !== 'CPV') continue
    const code = normaliseCpvCode(text(c.id) ?? '')
    if (code && !codes.includes(code)) codes.push(code)
  }
  return codes
}

const METHOD_ROUTES: Readonly<Record<string, ProcurementRoute>> = {
  open: 'open',
  selective: 'restricted',
  limited: 'direct',
  direct: 'direct',
}

/** The route: the details' words when they are specific (framework, quotation …), else procurementMethod. */
export function routeOf(tender: Json): { route: ProcurementRoute | null; reason: string | null } {
  const details = text(tender.procurementMethodDetails)
  const fromDetails = routeFromText(details)
  const method = text(tender.procurementMethod)?.toLowerCase()
  const fromMethod = method ? (METHOD_ROUTES[method] ?? null) : null
  const route = fromDetails && fromDetails !== 'other' ? fromDetails : (fromMethod ?? fromDetails)
  if (route !== 'direct') return { route, reason: null }
  const rationale = text(tender.procurementMethodRationale)
  const detailsSaySomething = details && !/^(other\s*-\s*)?direct( award)?$/i.test(details) ? details : null
  return { route, reason: rationale ?? detailsSaySomething ?? 'Not stated in the published notice' }
}

type SupplierRef = { id: string | null; name: string | null }

function supplierOf(ref: SupplierRef, parties: readonly Json[]): ContractSupplier | null {
  const party = ref.id ? parties.find((p) => text(p.id) === ref.id) : undefined
  const name = text(party?.name) ?? ref.name ?? text(isObject(party?.identifier) ? party.identifier.legalName : null)
  if (!name) return null
  const identifiers = [
    ...(isObject(party?.identifier) ? [party.identifier] : []),
    ...asArray(party?.additionalIdentifiers),
  ]
  let companyNumber: string | null = null
  let charityNumber: string | null = null
  let otherRegistration: string | null = null
  for (const identifier of identifiers) {
    const scheme = text(identifier.scheme)?.toUpperCase()
    const id = text(identifier.id)
    if (!scheme || !id) continue
    // A company number that is not one (Nominet's "458577871") is kept as published, as another registration.
    if (scheme === 'GB-COH' && normaliseCompanyNumber(id)) companyNumber ??= normaliseCompanyNumber(id)
    else if (scheme === 'GB-CHC' || scheme === 'GB-SC' || scheme === 'GB-NIC')
      charityNumber ??= normaliseCharityNumber(id)
    else otherRegistration ??= `${scheme}-${id}`.slice(0, 60)
  }
  // Some publishers give the org-id only as the party id ("GB-COH-01234567").
  const partyId = ref.id ?? ''
  if (!companyNumber && /^GB-COH-/i.test(partyId)) companyNumber = normaliseCompanyNumber(partyId.slice(7))
  if (!charityNumber && /^GB-CHC-/i.test(partyId)) charityNumber = normaliseCharityNumber(partyId.slice(7))
  const details = isObject(party?.details) ? party.details : {}
  const scale = text(details.scale)?.toLowerCase()
  const address = isObject(party?.address) ? party.address : {}
  return {
    supplierId: null,
    name,
    companyNumber,
    charityNumber,
    otherRegistration,
    postcode: text(address.postalCode)?.toUpperCase().replace(/\s+/g, ' ').slice(0, 10) ?? null,
    isSme: scale === 'sme' || scale === 'micro' ? true : scale === 'large' ? false : null,
    isVcse: typeof details.vcse === 'boolean' ? details.vcse : null,
  }
}

const LIVE_AWARD = (a: Json) => !['unsuccessful', 'pending'].includes(text(a.status)?.toLowerCase() ?? '')

/** Merges the releases of one process (oldest first) into a draft, or says why it is not a contract. */
export function contractOfProcess(
  ocid: string,
  releases: readonly Json[],
):
  | { kind: 'contract'; draft: ContractDraft; warning: string | null }
  | { kind: 'skipped' | 'rejected'; reason: string } {
  const withAwards = releases.filter((r) => asArray(r.awards).some(LIVE_AWARD))
  const awardRelease = withAwards[withAwards.length - 1]
  if (!awardRelease) {
    const tags = [...new Set(releases.flatMap((r) => (Array.isArray(r.tag) ? r.tag.map(String) : [])))]
    const stage = tags.filter((t) => t !== 'compiled').join(', ') || 'notice'
    return { kind: 'skipped', reason: `No award: a ${stage} notice, not a contract` }
  }
  const awards = asArray(awardRelease.awards).filter(LIVE_AWARD)
  const contracts = latest(releases, (r) => (asArray(r.contracts).length > 0 ? asArray(r.contracts) : null)) ?? []
  const parties = latest(releases, (r) => (asArray(r.parties).length > 0 ? asArray(r.parties) : null)) ?? []

  const suppliers: ContractSupplier[] = []
  const seen = new Set<string>()
  for (const award of awards)
    for (const ref of asArray(award.suppliers)) {
      const s = supplierOf({ id: text(ref.id), name: text(ref.name) }, parties)
      const key = s ? `${text(ref.id) ?? ''}|${s.name.toLowerCase()}` : ''
      if (s && !seen.has(key)) {
        seen.add(key)
        suppliers.push(s)
      }
    }
  const warning =
    suppliers.length > MAX_SUPPLIERS
      ? `${suppliers.length} suppliers are named; the register keeps the first ${MAX_SUPPLIERS}`
      : null
  suppliers.splice(MAX_SUPPLIERS)

  const sum = (values: (bigint | null)[]) =>
    values.some((v) => v !== null) ? values.reduce<bigint>((t, v) => t + (v ?? 0n), 0n) : null
  const contractValue = sum(contracts.map((c) => amountOf(c.value)))
  const awardValue = sum(awards.map((a) => amountOf(a.value)))
  const value = contractValue ?? awardValue

  // The signed contracts' periods when published, else the awards' (the contract period expected at award).
  const contractPeriods = contracts.map((c) => c.period).filter(isObject)
  const periods = contractPeriods.length > 0 ? contractPeriods : awards.map((a) => a.contractPeriod).filter(isObject)
  const tenderPeriod = latest(releases, (r) =>
    isObject(tenderOf(r).contractPeriod) ? tenderOf(r).contractPeriod : null,
  )
  const usable = periods.length > 0 ? periods : tenderPeriod && isObject(tenderPeriod) ? [tenderPeriod] : []
  const starts = usable.map((p) => dateOf(p.startDate)).filter((d): d is string => d !== null)
  const ends = usable.map((p) => dateOf(p.endDate)).filter((d): d is string => d !== null)
  const maxEnds = usable.map((p) => dateOf(p.maxExtentDate)).filter((d): d is string => d !== null)

  const tenderField = (key: string) => latest(releases, (r) => text(tenderOf(r)[key]))
  // The buyer's own tender reference where it has one; OCDS 1.0 tender ids are often just 1, so then the ocid.
  const tenderId = latest(releases, (r) => text(tenderOf(r).id))
  const reference = tenderId && tenderId.length >= 4 && tenderId.length <= 100 ? tenderId : ocid
  const title =
    tenderField('title') ??
    latest(releases, (r) => text(r.title)) ??
    latest(awards, (a) => text(a.title)) ??
    latest(contracts, (c) => text(c.title))
  const routeTender = latest(releases, (r) => {
    const t = tenderOf(r)
    return text(t.procurementMethod) || text(t.procurementMethodDetails) ? t : null
  })
  const { route, reason } = routeOf(routeTender ?? {})
  const contractStatuses = contracts.map((c) => text(c.status)?.toLowerCase())
  const cancelled = awards.every((a) => text(a.status)?.toLowerCase() === 'cancelled')
  const status: ContractRecordStatus = contractStatuses.includes('terminated')
    ? 'terminated'
    : cancelled || contractStatuses.includes('cancelled')
      ? 'cancelled'
      : 'active'

  const draft: ContractDraft = {
    ...emptyContractDraft(reference, title ?? ''),
    description: tenderField('description') ?? latest(awards, (a) => text(a.description)),
    totalValue: value === null ? null : formatPence(value),
    startDate: starts.sort()[0] ?? null,
    endDate: ends.sort()[ends.length - 1] ?? null,
    maxEndDate: maxEnds.sort()[maxEnds.length - 1] ?? null,
    procurementRoute: route,
    directAwardReason: reason,
    cpvCodes: latest(releases, (r) => cpvCodesOf(tenderOf(r))) ?? [],
    status,
    ocid,
    suppliers,
  }
  if (!draft.title) return { kind: 'rejected', reason: 'Title is missing: neither the tender nor the award has one' }
  const checked = parseContractDraft(draft)
  if (!checked.success) return { kind: 'rejected', reason: describeIssues(checked.error.issues) }
  return { kind: 'contract', draft: checked.data, warning }
}

export type OcdsReadResult = {
  outcomes: OcdsOutcome[]
  /** Processes (distinct ocids) left out by the buyer filter. */
  leftOutByBuyer: number
  /** Releases without an ocid, which cannot be placed. */
  withoutOcid: { position: number; where: string; reason: string }[]
}

/**
 * Groups releases by ocid, merges each process, and applies the buyer filter (a process is kept when any of its
 * releases names a matching buyer). Outcomes come in the order each process first appears.
 */
export function readOcdsReleases(located: readonly LocatedRelease[], options: { buyer?: string } = {}): OcdsReadResult {
  const groups = new Map<string, LocatedRelease[]>()
  const withoutOcid: OcdsReadResult['withoutOcid'] = []
  for (const l of located) {
    const ocid = text(l.release.ocid)
    if (!ocid) {
      const url = text(l.release.url)
      withoutOcid.push({
        position: l.position,
        where: l.where,
        reason: url
          ? `it links to a release (${url}) instead of including it; import the release itself`
          : 'the release has no ocid',
      })
      continue
    }
    groups.set(ocid, [...(groups.get(ocid) ?? []), l])
  }
  let leftOutByBuyer = 0
  const outcomes: OcdsOutcome[] = []
  for (const [ocid, group] of groups) {
    if (options.buyer && !group.some((l) => buyerMatches(l.release, options.buyer!))) {
      leftOutByBuyer++
      continue
    }
    // Oldest first; releases without a date keep their order in the file, before dated ones.
    const ordered = group
      .map((l, i) => ({ l, i, date: text(l.release.date) ?? '' }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.i - b.i))
      .map((x) => x.l)
    const first = group[0]!
    const merged = contractOfProcess(
      ocid,
      ordered.map((l) => l.release),
    )
    const buyer = latest(
      ordered.map((l) => l.release),
      (r) => buyerOf(r).name,
    )
    if (merged.kind === 'contract')
      outcomes.push({
        kind: 'contract',
        position: first.position,
        where: first.where,
        ocid,
        draft: merged.draft,
        buyer,
        warning: merged.warning ? `${first.where} (${ocid}): ${merged.warning}` : null,
      })
    else outcomes.push({ kind: merged.kind, position: first.position, where: first.where, ocid, reason: merged.reason })
  }
  return { outcomes, leftOutByBuyer, withoutOcid }
}
