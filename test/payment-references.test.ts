// Payments check the organisation, supplier and import they name once per statement (triggers, not foreign keys):
// on both databases, each rule a foreign key used to enforce still holds, and a review decision's supplier check
// still sees payments.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { supplierInUse } from '../src/db/repositories/supplier-match.repository.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

let testDb: TestDb

beforeAll(async () => {
  testDb = await createTestDb()
  const services = await createTestServices(testDb)
  for (const id of ['north', 'south', 'gone'])
    await services.organisations.add(SYSTEM_ACTOR, { id, name: `${id} council`, type: 'council', home: ['E09000019'] })
})
afterAll(() => testDb.destroy())

async function newSupplier(name: string): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into supplier (name, normalised_name) values (${name}, ${name.toLowerCase()}) returning id
  `.execute(testDb.db)
  return row.rows[0]!.id
}

async function newImport(organisationId: string): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into spend_import (organisation_id, file_name, file_sha256) values (${organisationId}, 'f.csv', 'x')
    returning id
  `.execute(testDb.db)
  return row.rows[0]!.id
}

let fingerprints = 0
function addPayments(organisationId: string, supplierId: string | null, importId: string | null, count = 1) {
  const base = fingerprints
  fingerprints += count
  return sql`
    insert into payment (organisation_id, supplier_id, payee_name, payment_date, amount, fingerprint, import_id)
    select ${organisationId}, ${supplierId}::uuid, 'Payee', '2025-01-01', 10, 'fp-' || (${base}::int + g), ${importId}::uuid
    from generate_series(1, ${count}::int) g
  `.execute(testDb.db)
}

async function paymentsOf(organisationId: string): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*)::int as n from payment where organisation_id = ${organisationId}
  `.execute(testDb.db)
  return row.rows[0]!.n
}

describe('what a payment names must exist', () => {
  it('accepts payments naming an existing organisation, supplier and import, or none of the last two', async () => {
    const supplier = await newSupplier('Acme Ltd')
    const imported = await newImport('north')
    await addPayments('north', supplier, imported, 3)
    await addPayments('north', null, null)
    expect(await paymentsOf('north')).toBe(4)
  })

  it('refuses a statement with any payment naming a missing organisation, supplier or import, adding none of it', async () => {
    const supplier = await newSupplier('Bravo Ltd')
    const before = await paymentsOf('north')
    await expect(addPayments('nowhere', supplier, null)).rejects.toThrow(/organisation nowhere, which does not exist/)
    await expect(addPayments('north', '00000000-0000-4000-8000-000000000000', null, 5)).rejects.toThrow(
      /supplier 00000000-0000-4000-8000-000000000000, which does not exist/,
    )
    await expect(addPayments('north', supplier, '00000000-0000-4000-8000-000000000001')).rejects.toThrow(
      /import 00000000-0000-4000-8000-000000000001, which does not exist/,
    )
    expect(await paymentsOf('north')).toBe(before)
  })

  it('refuses moving payments to a supplier that does not exist', async () => {
    const supplier = await newSupplier('Charlie Ltd')
    await addPayments('north', supplier, null)
    await expect(
      sql`update payment set supplier_id = '00000000-0000-4000-8000-000000000002' where supplier_id = ${supplier}::uuid`.execute(
        testDb.db,
      ),
    ).rejects.toThrow(/which does not exist/)
  })
})

describe('what happens to payments when what they name goes', () => {
  it('deleting an organisation deletes its payments and their monthly totals, and no one else’s', async () => {
    const supplier = await newSupplier('Delta Ltd')
    await addPayments('gone', supplier, await newImport('gone'), 4)
    await addPayments('south', supplier, null, 2)
    await sql`delete from organisation where id = 'gone'`.execute(testDb.db)
    expect(await paymentsOf('gone')).toBe(0)
    expect(await paymentsOf('south')).toBe(2)
    const totals = await sql<{ n: number }>`
      select count(*)::int as n from spend_month_supplier where organisation_id = 'gone'
    `.execute(testDb.db)
    expect(totals.rows[0]!.n).toBe(0)
  })

  it('refuses to delete a supplier that payments still name, and says it is in use', async () => {
    const supplier = await newSupplier('Echo Ltd')
    await addPayments('south', supplier, null)
    expect(await supplierInUse(testDb.db, supplier)).toBe(true)
    await expect(sql`delete from supplier where id = ${supplier}::uuid`.execute(testDb.db)).rejects.toThrow(
      /still has payments/,
    )
    const unused = await newSupplier('Foxtrot Ltd')
    expect(await supplierInUse(testDb.db, unused)).toBe(false)
    await sql`delete from supplier where id = ${unused}::uuid`.execute(testDb.db)
  })

  it('deleting an import keeps its payments, with no import', async () => {
    const imported = await newImport('south')
    await addPayments('south', null, imported, 2)
    const before = await paymentsOf('south')
    await sql`delete from spend_import where id = ${imported}::uuid`.execute(testDb.db)
    expect(await paymentsOf('south')).toBe(before)
    const left = await sql<{ n: number }>`
      select count(*)::int as n from payment where import_id = ${imported}::uuid
    `.execute(testDb.db)
    expect(left.rows[0]!.n).toBe(0)
  })

  it('refuses to change the id of an organisation that has payments', async () => {
    await expect(sql`update organisation set id = 'south2' where id = 'south'`.execute(testDb.db)).rejects.toThrow(
      /has payments, so its id cannot change/,
    )
  })
})
