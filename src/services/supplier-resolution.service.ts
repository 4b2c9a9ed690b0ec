// Resolving the payees of a payment file to suppliers, in bulk: a file of a million rows has a few thousand distinct
// payees, and each step below is a handful of queries over all of them, never a query per payee.
//
// Order: identifiers (the registry, then the registers) → the organisation's remembered aliases, then global ones →
// exact normalised name in the registry → exact name in the registers (a unique hit only) → fuzzy matching against
// the registry and the registers. Every organisation payee ends with a supplier: a doubtful one gets a provisional
// supplier and a review row, an unknown one a provisional supplier. Redacted payees and individuals are not resolved.
import { randomUUID } from 'node:crypto'
import { findPendingMatchesForSuppliers } from '../db/repositories/supplier-match.repository.js'
import {
  findAliases,
  findRegisterCandidates,
  findRegisterRecordsByIdentifiers,
  findRegisterRecordsByNames,
  findSupplierCandidates,
  findSuppliersByIdentifiers,
  findSuppliersByNames,
  type SupplierRef,
} from '../db/repositories/supplier-resolution.repository.js'
import type { Db } from '../db/database.js'
import { normalisePostcode } from '../domain/geography/postcode.js'
import { classifyPayee, PayeeKind } from '../domain/spend/redaction.js'
import { normaliseSupplierName, tradingNames } from '../domain/spend/supplier-name.js'
import {
  blockingKeys,
  decide,
  MatchOutcome,
  rankCandidates,
  registerBlockingKeys,
} from '../domain/suppliers/matching.js'
import { registerIdentity, type RegisterRecord } from '../domain/suppliers/register.js'
import { normaliseCharityNumber, normaliseCompanyNumber } from '../domain/suppliers/supplier.js'
import type { ServiceDeps } from './deps.js'
import { Batch, groupByIdentity, type Candidate } from './supplier-resolution.batch.js'

export const ResolutionMethod = {
  Identifier: 'identifier',
  Alias: 'alias',
  Name: 'name',
  Register: 'register',
  Fuzzy: 'fuzzy',
  New: 'new',
} as const
export type ResolutionMethod = (typeof ResolutionMethod)[keyof typeof ResolutionMethod]

export type PayeeInput = { name: string; companyNumber?: string; charityNumber?: string; postcode?: string }
export type Resolution = { supplierId: string; method: ResolutionMethod; score?: number; review: boolean }

/** A distinct payee: one per normalised name, with the first identifiers and postcode any of its rows gave. */
export type Payee = {
  key: string
  name: string
  companyNumber: string | null
  charityNumber: string | null
  postcode: string | null
  tradingKeys: string[]
}

function distinctPayees(input: readonly PayeeInput[]): Payee[] {
  const byKey = new Map<string, Payee>()
  for (const p of input) {
    if (classifyPayee(p.name).kind !== PayeeKind.Organisation) continue
    const key = normaliseSupplierName(p.name)
    if (key === '') continue
    const companyNumber = normaliseCompanyNumber(p.companyNumber)
    const charityNumber = normaliseCharityNumber(p.charityNumber)
    const postcode = normalisePostcode(p.postcode)
    const known = byKey.get(key)
    if (known) {
      known.companyNumber ??= companyNumber
      known.charityNumber ??= charityNumber
      known.postcode ??= postcode
      continue
    }
    const tradingKeys = tradingNames(p.name).filter((t) => t !== key)
    byKey.set(key, { key, name: p.name.trim(), companyNumber, charityNumber, postcode, tradingKeys })
  }
  return [...byKey.values()]
}

const unique = <T>(items: readonly (T | null | undefined)[]) => [
  ...new Set(items.filter((i): i is T => i !== null && i !== undefined)),
]

/** Step 1: the payee's company or charity number, in the registry, then in the registers. */
async function byIdentifiers(batch: Batch, payees: Payee[]): Promise<void> {
  const withIds = payees.filter((p) => p.companyNumber || p.charityNumber)
  if (withIds.length === 0) return
  const ids = {
    companyNumbers: unique(withIds.map((p) => p.companyNumber)),
    charityNumbers: unique(withIds.map((p) => p.charityNumber)),
  }
  const suppliers = await findSuppliersByIdentifiers(batch.trx, ids)
  const byCompany = new Map(suppliers.filter((s) => s.companyNumber).map((s) => [s.companyNumber!, s]))
  const byCharity = new Map(suppliers.filter((s) => s.charityNumber).map((s) => [s.charityNumber!, s]))
  const left: Payee[] = []
  for (const p of withIds) {
    const s = (p.companyNumber && byCompany.get(p.companyNumber)) || (p.charityNumber && byCharity.get(p.charityNumber))
    if (s) batch.resolve(p, s.id, ResolutionMethod.Identifier, { aliasTo: s.normalisedName, source: 'register' })
    else left.push(p)
  }
  if (left.length === 0) return
  const found = await findRegisterRecordsByIdentifiers(batch.trx, ids)
  await batch.preferExistingSuppliers(found)
  const groups = groupByIdentity(found)
  const groupOf = new Map<string, RegisterRecord[]>()
  for (const records of groups.values())
    for (const r of records) {
      const company = normaliseCompanyNumber(r.companyNumber)
      if (company) groupOf.set(`company:${company}`, records)
      const charity = r.register === 'charity' ? normaliseCharityNumber(r.key) : null
      if (charity) groupOf.set(`charity:${charity}`, records)
    }
  for (const p of left) {
    const records = groupOf.get(`company:${p.companyNumber}`) ?? groupOf.get(`charity:${p.charityNumber}`)
    if (!records) continue
    const created = batch.createFromRegister(records)
    batch.resolve(p, created.id, ResolutionMethod.Register, { aliasTo: created.normalisedName, source: 'register' })
  }
}

/** Step 2: names the organisation (or everyone) has already tied to a supplier. */
async function byAliases(batch: Batch, payees: Payee[]): Promise<void> {
  const rows = await findAliases(
    batch.trx,
    batch.organisationId,
    unique(payees.flatMap((p) => [p.key, ...p.tradingKeys])),
  )
  const aliases = new Map<string, string>()
  for (const row of rows) if (!aliases.has(row.normalisedAlias)) aliases.set(row.normalisedAlias, row.supplierId)
  for (const p of payees) {
    const supplierId = aliases.get(p.key) ?? p.tradingKeys.map((t) => aliases.get(t)).find(Boolean)
    // Found through a trading name ("X Ltd t/a Y"): remember the full name too.
    if (supplierId) batch.resolve(p, supplierId, ResolutionMethod.Alias, aliases.has(p.key) ? {} : { aliasTo: null })
  }
}

/**
 * Step 3: a supplier with exactly the payee's normalised name (or trading name); verified and older first. When
 * that supplier is a provisional one another organisation is still reviewing, this organisation reviews it too.
 */
async function byRegistryName(batch: Batch, payees: Payee[]): Promise<void> {
  const rows = await findSuppliersByNames(batch.trx, unique(payees.flatMap((p) => [p.key, ...p.tradingKeys])))
  const byName = new Map<string, SupplierRef>()
  for (const s of rows) if (!byName.has(s.normalisedName)) byName.set(s.normalisedName, s)
  const hits = payees.flatMap((p) => {
    const s = byName.get(p.key) ?? p.tradingKeys.map((t) => byName.get(t)).find(Boolean)
    return s ? [{ p, s }] : []
  })
  const doubts = await findPendingMatchesForSuppliers(
    batch.trx,
    unique(hits.filter((h) => !h.s.verified).map((h) => h.s.id)),
  )
  const doubtOf = new Map(doubts.map((d) => [d.supplierId, d]))
  for (const { p, s } of hits) {
    const doubt = doubtOf.get(s.id)
    batch.resolve(p, s.id, ResolutionMethod.Name, { aliasTo: s.normalisedName, review: Boolean(doubt) })
    if (doubt) batch.queueSharedReview(p, s.id, doubt.score, doubt.candidates)
  }
}

/** Step 4: exactly one organisation in the registers has the payee's name. */
async function byRegisterName(batch: Batch, payees: Payee[]): Promise<void> {
  const records = await findRegisterRecordsByNames(batch.trx, unique(payees.map((p) => p.key)))
  if (records.length === 0) return
  const byName = new Map<string, RegisterRecord[]>()
  for (const r of records) byName.set(r.normalisedName, [...(byName.get(r.normalisedName) ?? []), r])
  const hits = new Map<Payee, RegisterRecord[]>()
  for (const p of payees) {
    const groups = groupByIdentity(byName.get(p.key) ?? [])
    if (groups.size === 1) hits.set(p, [...groups.values()][0]!)
  }
  await batch.preferExistingSuppliers([...hits.values()].flat())
  for (const [p, group] of hits) {
    const created = batch.createFromRegister(group)
    batch.resolve(p, created.id, ResolutionMethod.Register, { aliasTo: created.normalisedName })
  }
}

/**
 * Step 5: fuzzy matching against the registry and the registers. Candidates come from a blocking prefilter in SQL
 * (names starting with the same word; for the registers, the same word and the start of the next), and are ranked
 * in memory, payee by payee, so provisional suppliers made for earlier payees are candidates for later ones.
 */
async function byFuzzyName(batch: Batch, payees: Payee[]): Promise<void> {
  const suppliers = await findSupplierCandidates(batch.trx, unique(payees.flatMap((p) => blockingKeys(p.key))))
  const records = await findRegisterCandidates(batch.trx, unique(payees.flatMap((p) => registerBlockingKeys(p.key))))
  await batch.preferExistingSuppliers(records)
  for (const s of suppliers)
    batch.addCandidate({ kind: 'supplier', normalisedName: s.normalisedName, supplier: s, order: s.verified ? 0 : 1 })
  for (const group of groupByIdentity(records).values()) {
    const existing = batch.existingFor(registerIdentity(group[0]!))
    if (existing)
      batch.addCandidate({ kind: 'supplier', normalisedName: existing.normalisedName, supplier: existing, order: 0 })
    else batch.addCandidate({ kind: 'register', normalisedName: group[0]!.normalisedName, records: group, order: 2 })
  }
  for (const p of payees) {
    const candidates = batch.candidatesFor(blockingKeys(p.key)).filter((c) => !conflicts(p, c))
    const ranked = rankCandidates(p.key, candidates, { identity: candidateIdentity })
    const decision = decide(ranked)
    if (decision.outcome === MatchOutcome.Auto) {
      const { candidate, score } = decision.best
      const target = candidate.kind === 'supplier' ? candidate.supplier : batch.createFromRegister(candidate.records)
      batch.resolve(p, target.id, ResolutionMethod.Fuzzy, { score, aliasTo: target.normalisedName })
    } else if (decision.outcome === MatchOutcome.Review) {
      const provisional = batch.createProvisional(p)
      batch.resolve(p, provisional.id, ResolutionMethod.Fuzzy, { score: decision.best.score, review: true })
      batch.queueReview(p, provisional.id, ranked)
    } else {
      const provisional = batch.createProvisional(p)
      batch.resolve(p, provisional.id, ResolutionMethod.New)
    }
  }
}

/** Two candidates are one when they are the same supplier, or the same organisation in the registers. */
const candidateIdentity = (c: Candidate) =>
  c.kind === 'supplier' ? `supplier:${c.supplier.id}` : registerIdentity(c.records[0]!)

/** A candidate whose company or charity number differs from the one the ledger gave is a different organisation. */
function conflicts(p: Payee, c: Candidate): boolean {
  const company = c.kind === 'supplier' ? c.supplier.companyNumber : normaliseCompanyNumber(c.records[0]?.companyNumber)
  const charity =
    c.kind === 'supplier'
      ? c.supplier.charityNumber
      : normaliseCharityNumber(c.records.find((r) => r.register === 'charity')?.key)
  return Boolean(
    (p.companyNumber && company && p.companyNumber !== company) ||
    (p.charityNumber && charity && p.charityNumber !== charity),
  )
}

export function createSupplierResolutionService({ geography }: Pick<ServiceDeps, 'geography'>) {
  return {
    /**
     * Resolves payees to suppliers within a transaction, keyed by normalised payee name. Redacted payees and
     * individuals get no entry. Resolving the same payees again creates nothing new.
     */
    async resolvePayees(
      trx: Db,
      organisationId: string,
      input: readonly PayeeInput[],
    ): Promise<Map<string, Resolution>> {
      const batch = new Batch(trx, organisationId, geography, randomUUID)
      const payees = distinctPayees(input)
      if (payees.length === 0) return new Map()
      const steps = [byIdentifiers, byAliases, byRegistryName, byRegisterName, byFuzzyName]
      for (const step of steps) {
        const open = payees.filter((p) => !batch.isResolved(p))
        if (open.length > 0) await step(batch, open)
      }
      return batch.flush()
    },
  }
}

export type SupplierResolutionService = ReturnType<typeof createSupplierResolutionService>
