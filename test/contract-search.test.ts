// The register's search, checked against a filter written here over the same generated contracts: every filter and
// combination, both audiences (the public never matching on withheld fields), every order, pages and totals, and the
// organisation always scoped. The payments against a contract are summed here from the payment rows themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract, updateContract } from '../src/db/repositories/contract.repository.js'
import { searchContracts, type ContractSearch } from '../src/db/repositories/contract-search.repository.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { CONTRACT_SORTS } from '../src/domain/contracts/search-query.js'
import {
  emptyContractDraft,
  parseContractDraft,
  VALUE_BANDS,
  type ConfidentialField,
  type ContractDraft,
} from '../src/domain/contracts/contract.js'
import type { Services } from '../src/services.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

const TODAY = '2026-06-15'
const ORGS = ['org-a', 'org-b'] as const
const TITLES = [
  'Grounds maintenance',
  'School meals',
  'Road repairs',
  'Parks cleaning',
  'Software licences',
  'Home care',
  'Transport services',
  'Housing repairs',
]
const DESCRIPTIONS = ['Asbestos removal in council buildings', 'Weekly collection of waste', 'Library books', null]
const DEPARTMENTS = ['Environment', 'Children', 'Adults', null]
const CPV = ['45000000', '77310000', '55500000', '72000000', '85000000', '60000000']
const SUPPLIER_NAMES = ['Archway Joinery Ltd', 'Holloway Care CIC', 'Thames Software plc', 'Meadow Catering Limited']
const DATES = ['2024-01-10', '2025-03-31', '2026-01-01', '2026-06-15', '2026-09-30', '2027-04-01', '2028-12-31']
const VALUES = ['9999.99', '24999.99', '25000', '99999.99', '100000', '499999', '750000', '1000000', '5000000', null]
const CONFIDENTIAL: ConfidentialField[][] = [[], [], ['totalValue'], ['suppliers'], ['description', 'totalValue']]

type Stored = ContractDraft & { id: string; organisationId: string; category: string | null }

let t: TestDb
let services: Services
const stored: Stored[] = []
const supplierIds: string[] = []

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!

beforeAll(async () => {
  t = await createTestDb()
  services = await createTestServices(t, undefined, { clock: { now: () => new Date(`${TODAY}T12:00:00Z`) } })
  for (const id of ORGS)
    await services.organisations.add(SYSTEM_ACTOR, { id, name: id, type: 'council', home: ['E09000019'] })
  for (const name of SUPPLIER_NAMES) {
    const row = await t.db
      .insertInto('supplier')
      .values({ name, normalised_name: name.toLowerCase() })
      .returning('id')
      .executeTakeFirstOrThrow()
    supplierIds.push(row.id)
  }
  const r = random(7)
  for (let i = 0; i < 240; i++) {
    const organisationId = i % 5 === 4 ? 'org-b' : 'org-a'
    const [a, b] = [pick(r, DATES), pick(r, DATES)].sort()
    const start = r() < 0.1 ? null : a!
    const end = r() < 0.1 ? null : b!
    const supplierCount = Math.floor(r() * 3)
    const suppliers = Array.from({ length: supplierCount }, () => {
      const n = Math.floor(r() * SUPPLIER_NAMES.length)
      const flag = () => (r() < 0.2 ? null : r() < 0.5)
      return {
        supplierId: r() < 0.8 ? supplierIds[n]! : null,
        name: SUPPLIER_NAMES[n]!,
        companyNumber: null,
        charityNumber: null,
        otherRegistration: null,
        postcode: 'N1 1AA',
        isSme: flag(),
        isVcse: flag(),
      }
    })
    const draft = parseContractDraft({
      ...emptyContractDraft(`R-${String(i).padStart(4, '0')}`, pick(r, TITLES)),
      description: pick(r, DESCRIPTIONS),
      department: pick(r, DEPARTMENTS),
      totalValue: pick(r, VALUES),
      startDate: start,
      endDate: end,
      cpvCodes: r() < 0.15 ? [] : [pick(r, CPV)],
      status: r() < 0.1 ? 'cancelled' : r() < 0.1 ? 'terminated' : 'active',
      confidentialFields: pick(r, CONFIDENTIAL),
      ownerName: 'Owner Person',
      suppliers,
    })
    if (!parsed(draft)) throw new Error(JSON.stringify(draft.error.issues))
    const id = await insertContract(t.db, { organisationId, draft: draft.data, actorUserId: null, source: 'manual' })
    const category = (
      await t.db.selectFrom('contract').select('category').where('id', '=', id).executeTakeFirstOrThrow()
    ).category
    stored.push({ ...draft.data, id, organisationId, category })
  }
})
afterAll(() => t.destroy())

function parsed<T>(result: { success: boolean; data?: T }): result is { success: true; data: T } {
  return result.success
}

// ---- The rules, written out again here, independently of the search code ----

const withheld = (c: Stored, f: ConfidentialField) => c.confidentialFields.includes(f)

function lifeStatus(c: Stored): string {
  if (c.status !== 'active') return c.status
  if (c.startDate && c.startDate > TODAY) return 'not-started'
  if (c.endDate && c.endDate < TODAY) return 'expired'
  return 'live'
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

function textMatches(c: Stored, text: string, audience: 'public' | 'internal'): boolean {
  const fields = [c.title]
  if (audience === 'internal' || !withheld(c, 'suppliers')) fields.push(...c.suppliers.map((s) => s.name))
  if (audience === 'internal' || !withheld(c, 'description')) fields.push(c.description ?? '')
  // PostgreSQL's parser reads "R-0042" as the word "r" and the signed integer "-0042".
  const tokens = [...words(fields.join(' ')), ...(c.reference.toLowerCase().match(/\p{L}+|-?\d+/gu) ?? [])]
  const query = words(text)
  if (query.length > 0 && c.reference.toLowerCase().startsWith(text.trim().toLowerCase())) return true
  return query.every((w, i) =>
    i === query.length - 1 ? tokens.some((t) => t.startsWith(w)) : tokens.some((t) => t === w || t === `${w}s`),
  )
}

function pence(value: string): number {
  const [whole, fraction = ''] = value.split('.')
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2))
}

function expected(q: ContractSearch): Stored[] {
  const isPublic = q.audience === 'public'
  return stored.filter((c) => {
    if (c.organisationId !== q.organisationId) return false
    if (isPublic && c.status === 'cancelled') return false
    if (q.text && !textMatches(c, q.text, q.audience)) return false
    if (q.department && c.department !== q.department) return false
    if (q.category && c.category !== q.category) return false
    if (q.valueBand) {
      const band = VALUE_BANDS.find((b) => b.id === q.valueBand)!
      if (c.totalValue === null || (isPublic && withheld(c, 'totalValue'))) return false
      const p = pence(c.totalValue)
      if (p < band.min * 100 || (band.max !== null && p >= band.max * 100)) return false
    }
    if (q.status && lifeStatus(c) !== q.status) return false
    if (q.startFrom && !(c.startDate && c.startDate >= q.startFrom)) return false
    if (q.startTo && !(c.startDate && c.startDate <= q.startTo)) return false
    if (q.endFrom && !(c.endDate && c.endDate >= q.endFrom)) return false
    if (q.endTo && !(c.endDate && c.endDate <= q.endTo)) return false
    const suppliersHidden = isPublic && withheld(c, 'suppliers')
    if (q.sme !== undefined || q.vcse !== undefined || q.supplierId) if (suppliersHidden) return false
    if (q.sme === true && !c.suppliers.some((s) => s.isSme === true)) return false
    if (q.sme === false && !(c.suppliers.length > 0 && c.suppliers.every((s) => s.isSme === false))) return false
    if (q.vcse === true && !c.suppliers.some((s) => s.isVcse === true)) return false
    if (q.supplierId && !c.suppliers.some((s) => s.supplierId === q.supplierId)) return false
    return true
  })
}

/** Nulls last, then by reference, as the register promises. */
function ordered(list: Stored[], q: ContractSearch): string[] {
  const key = (c: Stored): string | number | null => {
    switch (q.sort) {
      case 'value':
        return c.totalValue === null || (q.audience === 'public' && withheld(c, 'totalValue'))
          ? null
          : -pence(c.totalValue)
      case 'end':
        return c.endDate
      case 'title':
        return c.title.toLowerCase()
      default:
        return c.startDate === null ? null : -Date.parse(c.startDate)
    }
  }
  return [...list]
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)]
      if (ka !== kb) {
        if (ka === null) return 1
        if (kb === null) return -1
        return ka < kb ? -1 : 1
      }
      return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0
    })
    .map((c) => c.id)
}

async function allPages(q: Omit<ContractSearch, 'page' | 'pageSize'>, pageSize = 7) {
  const ids: string[] = []
  let total = -1
  for (let page = 1; page < 100; page++) {
    const result = await searchContracts(t.db, { ...q, page, pageSize })
    if (total >= 0) expect(result.total).toBe(total)
    total = result.total
    ids.push(...result.contracts.map((c) => c.id))
    for (const c of result.contracts) expect(c.organisationId).toBe(q.organisationId)
    if (result.contracts.length < pageSize) break
  }
  return { ids, total }
}

const base = { organisationId: 'org-a', today: TODAY } as const

describe('searchContracts', () => {
  const queries: Omit<ContractSearch, 'audience' | 'organisationId' | 'today' | 'page' | 'pageSize'>[] = [
    {},
    { text: 'ground' },
    { text: 'Grounds maintenance' },
    { text: 'school meals' },
    { text: 'transpo' },
    { text: 'asbestos' },
    { text: 'archway' },
    { text: 'repairs', status: 'live' },
    { text: 'R-0042' },
    { text: 'r-004' },
    { text: 'R-00%' },
    { department: 'Environment' },
    { category: 'Construction work' },
    { valueBand: 'under-25k' },
    { valueBand: '25k-100k' },
    { valueBand: '100k-500k' },
    { valueBand: '1m-5m' },
    { valueBand: '5m-plus' },
    { status: 'live' },
    { status: 'not-started' },
    { status: 'expired' },
    { status: 'terminated' },
    { status: 'cancelled' },
    { startFrom: '2025-01-01', startTo: '2026-06-15' },
    { endFrom: '2026-06-15' },
    { endTo: '2026-01-01' },
    { sme: true },
    { sme: false },
    { vcse: true },
    { sme: true, vcse: true },
    { supplierId: 'SUPPLIER_0' },
    { supplierId: 'SUPPLIER_2', status: 'live' },
    { text: 'care', sme: true, valueBand: '100k-500k' },
    { department: 'Children', status: 'expired', endFrom: '2025-01-01' },
    { text: 'the' },
    { text: '   ' },
    { text: "o'brien & (parks | !x):*" },
  ]

  for (const audience of ['internal', 'public'] as const)
    for (const query of queries)
      it(`${audience}: ${JSON.stringify(query)} matches the contracts a filter written here finds`, async () => {
        const supplierId = query.supplierId ? supplierIds[Number(query.supplierId.split('_')[1])] : undefined
        const q: ContractSearch = { ...base, ...query, supplierId, audience, page: 1, pageSize: 7 }
        const want = expected(q)
        const { ids, total } = await allPages(q)
        expect(total).toBe(want.length)
        expect(new Set(ids).size).toBe(ids.length)
        expect([...ids].sort()).toEqual(want.map((c) => c.id).sort())
      })

  it('finds something for most queries, so the comparisons above are not all of empty sets', () => {
    const nonEmpty = queries.filter((q) => expected({ ...base, ...q, audience: 'public', page: 1, pageSize: 1 }).length)
    expect(nonEmpty.length).toBeGreaterThan(queries.length - 8)
  })

  for (const audience of ['internal', 'public'] as const)
    for (const sort of ['value', 'end', 'start', 'title'] as const)
      it(`${audience}: orders by ${sort} across pages, unknown and withheld values last`, async () => {
        const q: ContractSearch = { ...base, audience, sort, page: 1, pageSize: 9 }
        const { ids } = await allPages(q, 9)
        expect(ids).toEqual(ordered(expected(q), q))
      })

  it('ranks the best match first: the title before a mention in the description', async () => {
    const result = await searchContracts(t.db, {
      ...base,
      audience: 'internal',
      text: 'asbestos',
      page: 1,
      pageSize: 50,
    })
    const withTitle = await searchContracts(t.db, { ...base, audience: 'internal', text: 'home', page: 1, pageSize: 5 })
    expect(result.total).toBeGreaterThan(0)
    expect(withTitle.contracts[0]?.title).toBe('Home care')
  })

  it('never finds a contract of another organisation, whatever the search', async () => {
    for (const audience of ['internal', 'public'] as const) {
      const { ids } = await allPages({ ...base, audience, organisationId: 'org-b' }, 50)
      const orgB = new Set(stored.filter((c) => c.organisationId === 'org-b').map((c) => c.id))
      expect(ids.every((id) => orgB.has(id))).toBe(true)
      const a = await allPages({ ...base, audience, text: 'repairs' }, 50)
      expect(a.ids.some((id) => orgB.has(id))).toBe(false)
    }
    const none = await searchContracts(t.db, {
      ...base,
      organisationId: 'no-such-org',
      audience: 'internal',
      page: 1,
      pageSize: 10,
    })
    expect(none).toEqual({ total: 0, contracts: [] })
  })

  it('counts the total on a page past the end', async () => {
    const q: ContractSearch = { ...base, audience: 'public', page: 1, pageSize: 10 }
    const want = expected(q).length
    const past = await searchContracts(t.db, { ...q, page: 1000 })
    expect(past).toEqual({ total: want, contracts: [] })
  })

  it('the public never finds a contract by a withheld supplier or description, officers do', async () => {
    const hidden = stored.find(
      (c) => c.organisationId === 'org-a' && c.status !== 'cancelled' && withheld(c, 'description') && c.description,
    )!
    const word = words(hidden.description!)[0]!
    const publicIds = (await allPages({ ...base, audience: 'public', text: word }, 200)).ids
    const internalIds = (await allPages({ ...base, audience: 'internal', text: word }, 200)).ids
    expect(internalIds).toContain(hidden.id)
    expect(publicIds).not.toContain(hidden.id)
  })

  it('the service returns public contracts through the public view: no owner, withheld values blank', async () => {
    const result = await services.contractRegister.publicSearch({
      organisationId: 'org-a',
      page: 1,
      pageSize: 200,
    })
    expect(result.contracts.length).toBeGreaterThan(0)
    for (const c of result.contracts) {
      expect(c).not.toHaveProperty('ownerName')
      expect(c).not.toHaveProperty('notes')
      if (c.withheld.includes('totalValue')) expect(c.totalValue).toBeNull()
      if (c.withheld.includes('suppliers')) expect(c.suppliers).toEqual([])
      expect(c.status).not.toBe('cancelled')
    }
  })
})

describe('the register service’s result cache', () => {
  it('never serves a result from before a change to a contract, its suppliers or lots', async () => {
    const search = () =>
      services.contractRegister.publicSearch({ organisationId: 'org-a', text: 'zzzcache', page: 1, pageSize: 20 })
    expect((await search()).total).toBe(0)
    expect((await search()).total).toBe(0)
    const draft = parseContractDraft({ ...emptyContractDraft('CACHE-1', 'Zzzcache test'), totalValue: '100' })
    if (!parsed(draft)) throw new Error('bad draft')
    const id = await insertContract(t.db, {
      organisationId: 'org-a',
      draft: draft.data,
      actorUserId: null,
      source: 'manual',
    })
    expect((await search()).contracts.map((c) => c.totalValue)).toEqual(['100.00'])
    const withheld = { ...draft.data, confidentialFields: ['totalValue' as const] }
    await updateContract(t.db, id, { organisationId: 'org-a', draft: withheld, actorUserId: null, source: 'manual' })
    expect((await search()).contracts.map((c) => c.totalValue)).toEqual([null])
    await t.db.updateTable('contract').set({ status: 'cancelled' }).where('id', '=', id).execute()
    expect((await search()).total).toBe(0)
    await t.db.deleteFrom('contract').where('id', '=', id).execute()
  })
})

describe('the register service’s kept counts', () => {
  const searches: Omit<ContractSearch, 'audience' | 'organisationId' | 'today' | 'page' | 'pageSize'>[] = [
    {},
    { text: 'repairs' },
    { text: 'library', status: 'expired' },
    { sme: true },
    { vcse: true, department: 'Environment' },
    { valueBand: '100k-500k' },
  ]

  it('gives every order and page of a search the total counted afresh, and counts a change at once', async () => {
    const check = async () => {
      for (const search of searches) {
        const { total: want } = await searchContracts(t.db, {
          ...base,
          ...search,
          audience: 'public',
          page: 1,
          pageSize: 5,
        })
        for (const sort of CONTRACT_SORTS)
          for (const page of [1, 2, 40]) {
            const got = await services.contractRegister.publicSearch({ ...base, ...search, sort, page, pageSize: 5 })
            expect(got.total, `${JSON.stringify(search)} by ${sort}, page ${page}`).toBe(want)
          }
      }
    }
    await check()
    const draft = parseContractDraft({
      ...emptyContractDraft('COUNT-1', 'Housing repairs'),
      department: 'Environment',
      description: 'Library books',
      totalValue: '150000',
      endDate: '2026-01-01',
      suppliers: [
        {
          supplierId: null,
          name: 'Count Check CIC',
          companyNumber: null,
          charityNumber: null,
          otherRegistration: null,
          postcode: null,
          isSme: true,
          isVcse: true,
        },
      ],
    })
    if (!parsed(draft)) throw new Error('bad draft')
    const id = await insertContract(t.db, {
      organisationId: 'org-a',
      draft: draft.data,
      actorUserId: null,
      source: 'manual',
    })
    await check()
    // The SME and VCSE flags follow the contract's suppliers.
    const before = await services.contractRegister.publicSearch({
      ...base,
      text: 'COUNT-1',
      sme: true,
      page: 1,
      pageSize: 5,
    })
    expect(before.contracts.map((c) => c.reference)).toEqual(['COUNT-1'])
    const notSme = { ...draft.data, suppliers: draft.data.suppliers.map((s) => ({ ...s, isSme: false })) }
    await updateContract(t.db, id, { organisationId: 'org-a', draft: notSme, actorUserId: null, source: 'manual' })
    const after = await services.contractRegister.publicSearch({
      ...base,
      text: 'COUNT-1',
      sme: true,
      page: 1,
      pageSize: 5,
    })
    expect(after.total).toBe(0)
    await check()
    await t.db.deleteFrom('contract').where('id', '=', id).execute()
    await check()
  })
})

describe('payments against a contract', () => {
  type Payment = { org: string; supplier: number | null; date: string; amount: string; kind?: string }
  const PAYMENTS: Payment[] = [
    { org: 'org-a', supplier: 0, date: '2025-12-31', amount: '5000.00' }, // before the start
    { org: 'org-a', supplier: 0, date: '2026-01-01', amount: '40000.10' }, // first day
    { org: 'org-a', supplier: 0, date: '2026-03-15', amount: '35000.45' },
    { org: 'org-a', supplier: 0, date: '2026-04-01', amount: '-1200.55' }, // a credit note
    { org: 'org-a', supplier: 1, date: '2026-05-05', amount: '26500.00' },
    { org: 'org-a', supplier: 1, date: '2026-12-31', amount: '999.99' }, // last day
    { org: 'org-a', supplier: 1, date: '2027-01-01', amount: '7000.00' }, // after the end
    { org: 'org-b', supplier: 0, date: '2026-02-02', amount: '88000.00' }, // another organisation's payment
    { org: 'org-a', supplier: 2, date: '2026-02-02', amount: '12345.67' }, // a supplier not on the contract
  ]
  let contractId: string
  let paymentSuppliers: string[]

  beforeAll(async () => {
    paymentSuppliers = []
    for (const name of ['Pay One Ltd', 'Pay Two Ltd', 'Pay Three Ltd']) {
      const row = await t.db
        .insertInto('supplier')
        .values({ name, normalised_name: name.toLowerCase() })
        .returning('id')
        .executeTakeFirstOrThrow()
      paymentSuppliers.push(row.id)
    }
    await t.db
      .insertInto('payment')
      .values(
        PAYMENTS.map((p, i) => ({
          organisation_id: p.org,
          supplier_id: p.supplier === null ? null : paymentSuppliers[p.supplier]!,
          payee_name: `Payee ${i}`,
          payment_date: p.date,
          amount: p.amount,
          fingerprint: `fp-${i}`,
        })),
      )
      .execute()
    const draft = parseContractDraft({
      ...emptyContractDraft('PAY-1', 'Paid contract'),
      totalValue: '100000',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      suppliers: [0, 1].map((n) => ({
        supplierId: paymentSuppliers[n]!,
        name: `Pay ${n}`,
        companyNumber: null,
        charityNumber: null,
        otherRegistration: null,
        postcode: null,
        isSme: null,
        isVcse: null,
      })),
    })
    if (!parsed(draft)) throw new Error('bad draft')
    contractId = await insertContract(t.db, {
      organisationId: 'org-a',
      draft: draft.data,
      actorUserId: null,
      source: 'manual',
    })
  })

  async function contract(overrides: Partial<ContractDraft> = {}) {
    const found = await services.contractRegister.publicContract('org-a', contractId)
    return { ...found.source, ...overrides }
  }

  function independentTotal(from: string, to: string, suppliers: number[]) {
    let total = 0
    let count = 0
    for (const p of PAYMENTS)
      if (
        p.org === 'org-a' &&
        p.supplier !== null &&
        suppliers.includes(p.supplier) &&
        p.date >= from &&
        p.date <= to
      ) {
        total += pence(p.amount.replace('-', '')) * (p.amount.startsWith('-') ? -1 : 1)
        count++
      }
    return { total, count }
  }

  it('adds up the payments to its suppliers in its period, and flags spend over its value', async () => {
    const want = independentTotal('2026-01-01', '2026-12-31', [0, 1])
    const result = await services.contractRegister.payments(await contract(), 'internal')
    expect(result.spend.count).toBe(want.count)
    expect(pence(result.spend.spent)).toBe(want.total)
    expect(result.rows).toHaveLength(want.count)
    expect(result.rows.map((r) => r.date)).toEqual([...result.rows.map((r) => r.date)].sort().reverse())
    // 101,299.99 paid against 100,000.00
    expect(result.spend.overspend).toBe(want.total > 100_000_00)
    expect(result.spend.overspend).toBe(true)
    expect(pence(result.spend.overBy!)).toBe(want.total - 100_000_00)
  })

  it('does not flag spend within the value', async () => {
    const result = await services.contractRegister.payments(await contract({ totalValue: '101299.99' }), 'internal')
    expect(result.spend.overspend).toBe(false)
    expect(result.spend.percentOfValue).toBe(100)
  })

  it('counts to the current end date after an extension, and to today without an end date', async () => {
    const extended = await services.contractRegister.payments(await contract({ endDate: '2027-06-30' }), 'internal')
    expect(pence(extended.spend.spent)).toBe(independentTotal('2026-01-01', '2027-06-30', [0, 1]).total)
    const open = await services.contractRegister.payments(await contract({ endDate: null }), 'internal')
    expect(open.period).toEqual({ from: '2026-01-01', to: TODAY })
    expect(pence(open.spend.spent)).toBe(independentTotal('2026-01-01', TODAY, [0, 1]).total)
  })

  it('for the public: no flag when the value is withheld, no payments when the suppliers are', async () => {
    const valueWithheld = await services.contractRegister.payments(
      await contract({ confidentialFields: ['totalValue'] }),
      'public',
    )
    expect(valueWithheld.spend.value).toBeNull()
    expect(valueWithheld.spend.overspend).toBe(false)
    expect(valueWithheld.spend.count).toBeGreaterThan(0)
    const internal = await services.contractRegister.payments(
      await contract({ confidentialFields: ['totalValue'] }),
      'internal',
    )
    expect(internal.spend.overspend).toBe(true)
    const suppliersWithheld = await services.contractRegister.payments(
      await contract({ confidentialFields: ['suppliers'] }),
      'public',
    )
    expect(suppliersWithheld.unavailable).toBe('suppliers-withheld')
    expect(suppliersWithheld.rows).toEqual([])
  })

  it('shows nothing without a start date or linked suppliers', async () => {
    expect(
      (await services.contractRegister.payments(await contract({ startDate: null }), 'internal')).unavailable,
    ).toBe('no-start-date')
    const unlinked = await contract()
    const result = await services.contractRegister.payments(
      { ...unlinked, suppliers: unlinked.suppliers.map((s) => ({ ...s, supplierId: null })) },
      'internal',
    )
    expect(result.unavailable).toBe('no-linked-suppliers')
    expect(result.unlinkedSuppliers).toBe(2)
  })
})
