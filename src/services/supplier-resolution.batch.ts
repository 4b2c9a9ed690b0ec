// The working state of one resolvePayees call: what each payee resolved to, the suppliers, aliases and review rows to
// write, and the candidate pool for fuzzy matching (which grows as provisional suppliers are made, so two spellings
// of a new firm in the same file meet). Everything is written in one flush at the end.
import { findMatchesByNames, insertMatches, type MatchInsert } from '../db/repositories/supplier-match.repository.js'
import {
  findSuppliersByIdentifiers,
  insertAliases,
  insertSupplierRows,
  type AliasSource,
  type SupplierInsert,
  type SupplierRef,
} from '../db/repositories/supplier-resolution.repository.js'
import type { Db } from '../db/database.js'
import type { Geography } from '../domain/geography/geography.js'
import { blockingKeys, type Ranked } from '../domain/suppliers/matching.js'
import {
  registerIdentity,
  registerOrgId,
  supplierFromRegister,
  type RegisterRecord,
} from '../domain/suppliers/register.js'
import { normaliseCharityNumber, normaliseCompanyNumber, orgIdsOf } from '../domain/suppliers/supplier.js'
import { placePostcodes } from './supplier-placement.js'
import type { Payee, Resolution, ResolutionMethod } from './supplier-resolution.service.js'

export type Candidate =
  | { kind: 'supplier'; normalisedName: string; supplier: SupplierRef; order: number }
  | { kind: 'register'; normalisedName: string; records: RegisterRecord[]; order: number }

/** A candidate as the review queue stores it (supplier_match.candidates). */
export type StoredCandidate = {
  /** A supplier id, or the org-id of a register record not yet in the registry ('GB-COH-01234567'). */
  id: string
  name: string
  score: number
  postcode: string | null
  identifiers: string[]
  source: 'supplier' | 'register'
  verified: boolean
}

type Target = { id: string; normalisedName: string }
type AliasRow = {
  supplierId: string
  organisationId: string | null
  alias: string
  normalisedAlias: string
  source: AliasSource
}

/** Register records grouped into organisations (records sharing a company number are one). */
export function groupByIdentity(records: readonly RegisterRecord[]): Map<string, RegisterRecord[]> {
  const groups = new Map<string, RegisterRecord[]>()
  for (const r of records) {
    const identity = registerIdentity(r)
    groups.set(identity, [...(groups.get(identity) ?? []), r])
  }
  return groups
}

const identitiesOf = (s: { companyNumber: string | null; charityNumber: string | null }) =>
  [s.companyNumber && `company:${s.companyNumber}`, s.charityNumber && `charity:${s.charityNumber}`].filter(
    (i): i is string => Boolean(i),
  )

export class Batch {
  private readonly results = new Map<string, Resolution>()
  private readonly newSuppliers: SupplierInsert[] = []
  /** company:/charity: identities → suppliers made in this batch or found in the registry. */
  private readonly made = new Map<string, Target>()
  private readonly existing = new Map<string, SupplierRef>()
  private readonly aliases: AliasRow[] = []
  private readonly matches: MatchInsert[] = []
  private readonly pool = new Map<string, Candidate[]>()
  private seq = 0
  private readonly seqOf = new Map<Candidate, number>()

  constructor(
    readonly trx: Db,
    readonly organisationId: string,
    private readonly geography: Geography,
    private readonly newId: () => string,
  ) {}

  isResolved(p: Payee): boolean {
    return this.results.has(p.key)
  }

  /** Records a payee's supplier; with `aliasTo`, remembers the payee's name for it unless it is the supplier's own. */
  resolve(
    p: Payee,
    supplierId: string,
    method: ResolutionMethod,
    options: { score?: number; review?: boolean; aliasTo?: string | null; source?: AliasSource } = {},
  ): void {
    this.results.set(p.key, {
      supplierId,
      method,
      review: options.review ?? false,
      ...(options.score !== undefined ? { score: options.score } : {}),
    })
    if (options.aliasTo === undefined || options.aliasTo === p.key) return
    // Aliases learnt from a ledger stay with the organisation: "Premier Cleaning" in Leeds need not be Oxford's.
    this.aliases.push({
      supplierId,
      organisationId: this.organisationId,
      alias: p.name,
      normalisedAlias: p.key,
      source: options.source ?? 'ledger',
    })
  }

  /** Notes which register organisations the registry already holds, so they are not created twice. */
  async preferExistingSuppliers(records: readonly RegisterRecord[]): Promise<void> {
    const companyNumbers = [
      ...new Set(records.map((r) => normaliseCompanyNumber(r.companyNumber)).filter((n): n is string => !!n)),
    ]
    const charityNumbers = [
      ...new Set(
        records
          .filter((r) => r.register === 'charity')
          .map((r) => normaliseCharityNumber(r.key))
          .filter((n): n is string => !!n),
      ),
    ]
    const suppliers = await findSuppliersByIdentifiers(this.trx, { companyNumbers, charityNumbers })
    const byIdentity = new Map(suppliers.flatMap((s) => identitiesOf(s).map((i) => [i, s] as const)))
    for (const r of records) {
      const company = normaliseCompanyNumber(r.companyNumber)
      const charity = r.register === 'charity' ? normaliseCharityNumber(r.key) : null
      const s = (company && byIdentity.get(`company:${company}`)) || (charity && byIdentity.get(`charity:${charity}`))
      if (s) this.existing.set(registerIdentity(r), s)
    }
  }

  existingFor(identity: string): SupplierRef | undefined {
    return this.existing.get(identity)
  }

  /** The supplier for an organisation in the registers: the registry's, or one made (verified) from the records. */
  createFromRegister(records: readonly RegisterRecord[]): Target {
    const identity = registerIdentity(records[0]!)
    const known = this.existing.get(identity) ?? this.made.get(identity)
    if (known) return { id: known.id, normalisedName: known.normalisedName }
    const s = supplierFromRegister(records)
    const sameIdentity = identitiesOf(s)
      .map((i) => this.made.get(i))
      .find(Boolean)
    if (sameIdentity) return sameIdentity
    const target = { id: this.newId(), normalisedName: s.normalisedName }
    this.newSuppliers.push({
      id: target.id,
      name: s.name,
      normalisedName: s.normalisedName,
      companyNumber: s.companyNumber,
      charityNumber: s.charityNumber,
      mutualsNumber: s.mutualsNumber,
      postcode: s.postcode,
      districtCode: null,
      legalForm: s.legalForm,
      ...s.flags,
      verified: true,
      source: 'register',
    })
    for (const i of [identity, ...identitiesOf(s)]) this.made.set(i, target)
    return target
  }

  /** An unverified supplier named as in the ledger, for a payee nothing matched with confidence. */
  createProvisional(p: Payee): Target {
    const claimed = identitiesOf(p)
      .map((i) => this.made.get(i))
      .find(Boolean)
    if (claimed) return claimed
    const target = { id: this.newId(), normalisedName: p.key }
    const row: SupplierInsert = {
      id: target.id,
      name: p.name,
      normalisedName: p.key,
      companyNumber: p.companyNumber,
      charityNumber: p.charityNumber,
      mutualsNumber: null,
      postcode: p.postcode,
      districtCode: null,
      legalForm: null,
      isCharity: false,
      isCic: false,
      isSocialEnterprise: false,
      isCoop: false,
      isEmployeeOwned: false,
      isPublicBody: false,
      isIndividual: false,
      verified: false,
      source: 'ledger',
    }
    this.newSuppliers.push(row)
    for (const i of identitiesOf(p)) this.made.set(i, target)
    const ref: SupplierRef = { ...row, verified: false }
    this.addCandidate({ kind: 'supplier', normalisedName: p.key, supplier: ref, order: 3 })
    return target
  }

  queueReview(p: Payee, provisionalId: string, ranked: readonly Ranked<Candidate>[]): void {
    this.matches.push({
      organisationId: this.organisationId,
      normalisedName: p.key,
      payeeName: p.name,
      supplierId: provisionalId,
      score: ranked[0]?.score ?? 0,
      method: 'fuzzy',
      candidates: ranked.map(({ candidate, score }) => storedCandidate(candidate, score)),
    })
  }

  /** The same doubt another organisation is already reviewing, for this organisation to decide too. */
  queueSharedReview(p: Payee, provisionalId: string, score: number, candidates: unknown[]): void {
    this.matches.push({
      organisationId: this.organisationId,
      normalisedName: p.key,
      payeeName: p.name,
      supplierId: provisionalId,
      score,
      method: 'name',
      candidates,
    })
  }

  addCandidate(candidate: Candidate): void {
    this.seqOf.set(candidate, this.seq++)
    for (const key of blockingKeys(candidate.normalisedName))
      this.pool.set(key, [...(this.pool.get(key) ?? []), candidate])
  }

  /** Candidates sharing any key, registry before registers before this batch's new suppliers, then as found. */
  candidatesFor(keys: readonly string[]): Candidate[] {
    const found = new Set<Candidate>()
    for (const key of keys) for (const c of this.pool.get(key) ?? []) found.add(c)
    return [...found].sort((a, b) => a.order - b.order || this.seqOf.get(a)! - this.seqOf.get(b)!)
  }

  /** Writes the new suppliers, aliases and review rows, and returns each payee's resolution. */
  async flush(): Promise<Map<string, Resolution>> {
    const places = await placePostcodes(
      this.trx,
      this.geography,
      this.newSuppliers.map((s) => s.postcode),
    )
    for (const s of this.newSuppliers) s.districtCode = (s.postcode && places.get(s.postcode)) || null
    const added = await insertSupplierRows(this.trx, this.newSuppliers)
    const remap = await this.remapSkipped(this.newSuppliers.filter((s) => !added.has(s.id)))
    const to = (id: string) => remap.get(id) ?? id
    for (const r of this.results.values()) r.supplierId = to(r.supplierId)
    const seen = new Set<string>()
    const aliases = this.aliases
      .map((a) => ({ ...a, supplierId: to(a.supplierId) }))
      .filter(
        (a) =>
          !seen.has(`${a.organisationId}|${a.normalisedAlias}`) && seen.add(`${a.organisationId}|${a.normalisedAlias}`),
      )
    await insertAliases(this.trx, aliases)
    await insertMatches(
      this.trx,
      this.matches.map((m) => ({
        ...m,
        supplierId: to(m.supplierId),
        candidates: (m.candidates as StoredCandidate[]).map((c) => ({ ...c, id: to(c.id) })),
      })),
    )
    const pending = await findMatchesByNames(this.trx, this.organisationId, [...this.results.keys()])
    for (const m of pending) {
      const r = this.results.get(m.normalisedName)
      if (r && m.status === 'pending') r.review = true
    }
    return this.results
  }

  /**
   * Suppliers skipped on insert because another transaction added the same company or charity number first: use
   * that supplier instead.
   */
  private async remapSkipped(skipped: readonly SupplierInsert[]): Promise<Map<string, string>> {
    const remap = new Map<string, string>()
    if (skipped.length === 0) return remap
    const found = await findSuppliersByIdentifiers(this.trx, {
      companyNumbers: skipped.map((s) => s.companyNumber).filter((n): n is string => !!n),
      charityNumbers: skipped.map((s) => s.charityNumber).filter((n): n is string => !!n),
    })
    for (const s of skipped) {
      const match = found.find(
        (f) =>
          (s.companyNumber && f.companyNumber === s.companyNumber) ||
          (s.charityNumber && f.charityNumber === s.charityNumber),
      )
      if (!match) throw new Error(`Supplier ${s.name} could not be added, and no supplier holds its identifiers`)
      remap.set(s.id, match.id)
    }
    return remap
  }
}

function storedCandidate(candidate: Candidate, score: number): StoredCandidate {
  if (candidate.kind === 'supplier') {
    const s = candidate.supplier
    return {
      id: s.id,
      name: s.name,
      score,
      postcode: s.postcode,
      identifiers: orgIdsOf(s),
      source: 'supplier',
      verified: s.verified,
    }
  }
  const s = supplierFromRegister(candidate.records)
  return {
    id: registerOrgId(candidate.records[0]!),
    name: s.name,
    score,
    postcode: s.postcode,
    identifiers: orgIdsOf(s),
    source: 'register',
    verified: true,
  }
}
