// Payee resolution and the review queue on a real database (PGlite and PostgreSQL).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { insertPayments } from '../db/repositories/payment.repository.js'
import { SYSTEM_ACTOR } from '../domain/audit/audit.js'
import { ConflictError, NotFoundError } from '../domain/errors.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { createTestServices } from '../../test/helpers/app.js'
import { createTestDb, type TestDb } from '../../test/helpers/test-db.js'
import type { Services } from '../services.js'
import type { PayeeInput } from './supplier-resolution.service.js'

let testDb: TestDb
let services: Services
const ORG = 'org-r'
const OTHER = 'org-s'

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: ORG,
    name: 'Resolution Council',
    type: 'council',
    home: ['E08000035'],
  })
  await services.organisations.add(SYSTEM_ACTOR, {
    id: OTHER,
    name: 'Other Council',
    type: 'council',
    home: ['E09000019'],
  })
  const db = testDb.db
  await db
    .insertInto('ref_company')
    .values([
      {
        company_number: '01234567',
        name: 'ACME WIDGETS LIMITED',
        normalised_name: 'acme widgets',
        postcode: 'LS1 4AP',
        category: 'Private Limited Company',
        status: 'Active',
      },
      {
        company_number: '07654321',
        name: 'HUNSLET COMMUNITY KITCHEN CIC',
        normalised_name: 'hunslet community kitchen',
        postcode: 'LS10 1AB',
        category: 'Community Interest Company',
        status: 'Active',
      },
      {
        company_number: '05555555',
        name: 'TWIN NAME LTD',
        normalised_name: 'twin name',
        postcode: null,
        category: 'Private Limited Company',
        status: 'Active',
      },
      {
        company_number: '06666666',
        name: 'TWIN NAME LIMITED',
        normalised_name: 'twin name',
        postcode: null,
        category: 'Private Limited Company',
        status: 'Active',
      },
      {
        company_number: '08888888',
        name: 'ARMLEY JOINERY LIMITED',
        normalised_name: 'armley joinery',
        postcode: 'LS12 2AA',
        category: 'Private Limited Company',
        status: 'Active',
      },
    ])
    .execute()
  await db
    .insertInto('ref_charity')
    .values([
      {
        charity_number: '1100001',
        name: 'Leeds Food Aid Trust',
        normalised_name: 'leeds food aid trust',
        postcode: 'LS2 9AA',
        status: 'Registered',
      },
    ])
    .execute()
  await db
    .insertInto('ref_postcode')
    .values([{ postcode: 'LS1 4AP', district_code: 'E08000035', source: 'test' }])
    .execute()
})
afterAll(() => testDb.destroy())

const resolve = (payees: PayeeInput[], organisationId = ORG) =>
  testDb.db.transaction().execute((trx) => services.supplierResolution.resolvePayees(trx, organisationId, payees))
const key = normaliseSupplierName
const count = async (table: 'supplier' | 'supplier_alias' | 'supplier_match') =>
  Number(
    (
      await testDb.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const supplier = (id: string) =>
  testDb.db.selectFrom('supplier').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('resolvePayees', () => {
  it('resolves by company number through the register, making a verified supplier placed by its postcode', async () => {
    const result = await resolve([{ name: 'Acme (Leeds)', companyNumber: '1234567' }])
    const r = result.get(key('Acme (Leeds)'))!
    expect(r).toMatchObject({ method: 'register', review: false })
    const s = await supplier(r.supplierId)
    expect(s).toMatchObject({
      name: 'ACME WIDGETS LIMITED',
      company_number: '01234567',
      postcode: 'LS1 4AP',
      district_code: 'E08000035',
      verified: true,
      source: 'register',
    })
    // The next file finds it straight by number, and the ledger's spelling was remembered for files without numbers.
    expect((await resolve([{ name: 'ACME', companyNumber: '01234567' }])).get('acme')).toMatchObject({
      supplierId: r.supplierId,
      method: 'identifier',
    })
    expect((await resolve([{ name: 'Acme (Leeds)' }])).get(key('Acme (Leeds)'))).toMatchObject({
      supplierId: r.supplierId,
      method: 'alias',
    })
  })

  it('takes flags from the legal form and the district from the outward code when the postcode is not in the register', async () => {
    const result = await resolve([{ name: 'Hunslet Kitchen', companyNumber: '07654321' }])
    const s = await supplier(result.get('hunslet kitchen')!.supplierId)
    expect(s).toMatchObject({
      is_cic: true,
      is_social_enterprise: true,
      legal_form: 'community-interest-company',
      district_code: 'E08000035',
    })
  })

  it('resolves by charity number', async () => {
    const result = await resolve([{ name: 'LFAT', charityNumber: '1100001' }])
    const s = await supplier(result.get('lfat')!.supplierId)
    expect(s).toMatchObject({ charity_number: '1100001', is_charity: true, verified: true })
  })

  it('resolves an exact name against the registry, then a unique exact name in the registers', async () => {
    expect((await resolve([{ name: 'Acme Widgets Ltd' }])).get('acme widgets')).toMatchObject({ method: 'name' })
    const joinery = (await resolve([{ name: 'ARMLEY JOINERY LTD' }])).get('armley joinery')!
    expect(joinery.method).toBe('register')
    expect(await supplier(joinery.supplierId)).toMatchObject({ company_number: '08888888', verified: true })
  })

  it('sends a name two registered companies share to review rather than guessing', async () => {
    const r = (await resolve([{ name: 'Twin Name' }])).get('twin name')!
    expect(r).toMatchObject({ method: 'fuzzy', review: true, score: 1 })
    const match = await testDb.db
      .selectFrom('supplier_match')
      .selectAll()
      .where('normalised_name', '=', 'twin name')
      .executeTakeFirstOrThrow()
    expect(match).toMatchObject({ status: 'pending', supplier_id: r.supplierId, method: 'fuzzy' })
    expect((match.candidates as { id: string }[]).map((c) => c.id).sort()).toEqual([
      'GB-COH-05555555',
      'GB-COH-06666666',
    ])
  })

  it('merges a close spelling automatically and remembers it as the organisation’s alias', async () => {
    const acme = (await resolve([{ name: 'Acme Widgets Ltd' }])).get('acme widgets')!
    const r = (await resolve([{ name: 'ACME WIDGETTS LTD' }])).get('acme widgetts')!
    expect(r).toMatchObject({ supplierId: acme.supplierId, method: 'fuzzy', review: false })
    expect(r.score).toBeGreaterThanOrEqual(0.9)
    const alias = await testDb.db
      .selectFrom('supplier_alias')
      .selectAll()
      .where('normalised_alias', '=', 'acme widgetts')
      .executeTakeFirstOrThrow()
    expect(alias).toMatchObject({ organisation_id: ORG, source: 'ledger', supplier_id: acme.supplierId })
    // Another organisation has no such alias: it matches afresh (to the same supplier here).
    expect((await resolve([{ name: 'ACME WIDGETTS LTD' }], OTHER)).get('acme widgetts')).toMatchObject({
      method: 'fuzzy',
    })
  })

  it('gives an unknown payee a provisional supplier named as in the ledger, and a doubtful one a review row', async () => {
    const result = await resolve([{ name: 'Zebedee Plumbing & Heating Ltd' }, { name: 'Acme Widget Supplies Ltd' }])
    const zebedee = result.get(key('Zebedee Plumbing & Heating Ltd'))!
    expect(zebedee).toMatchObject({ method: 'new', review: false })
    expect(await supplier(zebedee.supplierId)).toMatchObject({
      name: 'Zebedee Plumbing & Heating Ltd',
      verified: false,
      source: 'ledger',
      district_code: null,
    })
    const gadgets = result.get('acme widget supplies')!
    expect(gadgets).toMatchObject({ method: 'fuzzy', review: true })
    expect(gadgets.supplierId).not.toBe(zebedee.supplierId)
  })

  it('brings two new spellings of one firm in the same file together', async () => {
    const result = await resolve([{ name: 'Quixotic Gardening Services Ltd' }, { name: 'QUIXOTIC GARDENING SERVICE' }])
    expect(result.get('quixotic gardening services')!.supplierId).toBe(
      result.get('quixotic gardening service')!.supplierId,
    )
  })

  it('does not resolve redacted payees or individuals', async () => {
    const result = await resolve([{ name: 'REDACTED PERSONAL DATA' }, { name: 'Mr J Smith' }, { name: '' }])
    expect(result.size).toBe(0)
  })

  it('creates nothing new when the same payees are resolved again', async () => {
    const payees = [
      { name: 'Acme (Leeds)' },
      { name: 'Twin Name' },
      { name: 'ACME WIDGETTS LTD' },
      { name: 'Zebedee Plumbing & Heating Ltd' },
      { name: 'Acme Widget Supplies Ltd' },
      { name: 'Brand New Firm Ltd' },
    ]
    const first = await resolve(payees)
    const before = await Promise.all([count('supplier'), count('supplier_alias'), count('supplier_match')])
    const second = await resolve(payees)
    expect(await Promise.all([count('supplier'), count('supplier_alias'), count('supplier_match')])).toEqual(before)
    for (const [name, r] of first)
      expect(second.get(name)).toMatchObject({ supplierId: r.supplierId, review: r.review })
  })
})

describe('decideMatch', () => {
  let serial = 0
  async function pendingMatchFor(payee: string, organisationId = ORG) {
    const r = (await resolve([{ name: payee }], organisationId)).get(key(payee))!
    expect(r, payee).toMatchObject({ review: true })
    await insertPayments(testDb.db, [
      {
        organisationId,
        supplierId: r.supplierId,
        payeeName: payee,
        paymentDate: '2025-05-01',
        amount: '1200.00',
        fingerprint: `f${++serial}`,
      },
      {
        organisationId,
        supplierId: r.supplierId,
        payeeName: payee,
        paymentDate: '2025-05-02',
        amount: '-200.00',
        fingerprint: `f${++serial}`,
      },
    ])
    const [match] = (await services.supplierReview.listMatches(organisationId)).filter(
      (m) => m.normalisedName === key(payee),
    )
    return { match: match!, provisionalId: r.supplierId }
  }
  let acmeId: string
  beforeEach(async () => {
    acmeId = (await resolve([{ name: 'Acme Widgets Ltd' }])).get('acme widgets')!.supplierId
  })

  it('lists pending matches with their payments and candidates', async () => {
    const { match } = await pendingMatchFor('Acme Widget Services')
    expect(match).toMatchObject({
      status: 'pending',
      payments: 2,
      amount: '1000.00',
      payeeName: 'Acme Widget Services',
    })
    const detail = await services.supplierReview.getMatch(ORG, match.id)
    expect(detail.candidates[0]).toMatchObject({
      id: acmeId,
      source: 'supplier',
      identifiers: ['GB-COH-01234567'],
      postcode: 'LS1 4AP',
    })
  })

  it('accept: aliases the payee, moves the payments, deletes the unused provisional supplier, and is audited', async () => {
    const { match, provisionalId } = await pendingMatchFor('Acme Widget Solutions')
    const result = await services.supplierReview.decideMatch(SYSTEM_ACTOR, ORG, match.id, { action: 'accept' })
    expect(result).toEqual({
      status: 'accepted',
      supplierId: acmeId,
      supplierName: 'ACME WIDGETS LIMITED',
      paymentsMoved: 2,
    })
    expect(
      await testDb.db.selectFrom('supplier').select('id').where('id', '=', provisionalId).executeTakeFirst(),
    ).toBeUndefined()
    const paid = await testDb.db
      .selectFrom('payment')
      .select('supplier_id')
      .where('payee_name', '=', 'Acme Widget Solutions')
      .execute()
    expect(paid.map((p) => p.supplier_id)).toEqual([acmeId, acmeId])
    const audit = await testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_id', '=', match.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'supplier_match.accept', organisation_id: ORG })
    // Remembered: the next file resolves the name from the alias, with no new review row.
    const matches = await count('supplier_match')
    expect((await resolve([{ name: 'ACME WIDGET SOLUTIONS LTD' }])).get('acme widget solutions')).toMatchObject({
      supplierId: acmeId,
      method: 'alias',
      review: false,
    })
    expect(await count('supplier_match')).toBe(matches)
    await expect(
      services.supplierReview.decideMatch(SYSTEM_ACTOR, ORG, match.id, { action: 'reject' }),
    ).rejects.toThrow(ConflictError)
  })

  it('pick: joins a supplier that was not a candidate, or a register record, which is then added', async () => {
    const { match } = await pendingMatchFor('Acme Widget Holdings')
    const joinery = (await resolve([{ name: 'Armley Joinery' }])).get('armley joinery')!.supplierId
    expect(
      await services.supplierReview.decideMatch(SYSTEM_ACTOR, ORG, match.id, { action: 'pick', supplierId: joinery }),
    ).toMatchObject({ supplierId: joinery })
    const twin = await pendingMatchFor('Twin Name Ltd', OTHER)
    const picked = await services.supplierReview.decideMatch(SYSTEM_ACTOR, OTHER, twin.match.id, {
      action: 'pick',
      supplierId: 'GB-COH-06666666',
    })
    expect(await supplier(picked.supplierId!)).toMatchObject({ company_number: '06666666', verified: true })
  })

  it('reject: keeps the provisional supplier as the payee’s own, remembered without asking again', async () => {
    const { match, provisionalId } = await pendingMatchFor('Acme Widget Hire')
    expect(await services.supplierReview.decideMatch(SYSTEM_ACTOR, ORG, match.id, { action: 'reject' })).toMatchObject({
      status: 'rejected',
      supplierId: provisionalId,
    })
    expect(await supplier(provisionalId)).toMatchObject({ verified: false })
    expect((await resolve([{ name: 'Acme Widget Hire' }])).get('acme widget hire')).toMatchObject({
      supplierId: provisionalId,
      method: 'alias',
      review: false,
    })
    expect((await services.supplierReview.listMatches(ORG, 'rejected')).map((m) => m.id)).toContain(match.id)
  })

  it('keeps a provisional supplier another organisation still pays', async () => {
    const { match, provisionalId } = await pendingMatchFor('Acme Widget Repairs')
    await resolve([{ name: 'Acme Widget Repairs' }], OTHER)
    await insertPayments(testDb.db, [
      {
        organisationId: OTHER,
        supplierId: provisionalId,
        payeeName: 'Acme Widget Repairs',
        paymentDate: '2025-06-01',
        amount: '10.00',
        fingerprint: 'other-1',
      },
    ])
    await services.supplierReview.decideMatch(SYSTEM_ACTOR, ORG, match.id, { action: 'accept' })
    expect(await supplier(provisionalId)).toBeTruthy()
  })

  it('refuses another organisation’s match', async () => {
    const { match } = await pendingMatchFor('Acme Widget Cleaning')
    await expect(
      services.supplierReview.decideMatch(SYSTEM_ACTOR, OTHER, match.id, { action: 'accept' }),
    ).rejects.toThrow(NotFoundError)
    await expect(services.supplierReview.getMatch(OTHER, match.id)).rejects.toThrow(NotFoundError)
  })
})
