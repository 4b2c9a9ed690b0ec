// Payee resolution at the size of a real year: every distinct payee of Leeds City Council's 2013 spend (114,594 rows,
// about 6,800 distinct payee names, read from ../shared/data/spend) in one call, as an import resolves them. The
// queries are per step, not per payee (its speed is measured by the import benchmark); a second call resolves everything from what the first
// stored and adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { parseCsv, readSpendFile } from '../src/domain/spend/real-spend-files.testing.js'
import type { Services } from '../src/services.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

let testDb: TestDb
let services: Services
let payees: { name: string }[]

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'leeds',
    name: 'Leeds City Council',
    type: 'council',
    home: ['E08000035'],
  })
  const [header, ...rows] = parseCsv(
    readSpendFile('leeds-city-council/leeds_spend_2013_calendar_year_concatenated.csv.gz', 'windows-1252'),
  )
  const column = header!.indexOf('SupplierName')
  payees = [...new Set(rows.map((r) => (r[column] ?? '').trim()).filter(Boolean))].map((name) => ({ name }))
})
afterAll(() => testDb.destroy())

const count = async () =>
  Number(
    (
      await testDb.db
        .selectFrom('supplier')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const resolve = () =>
  testDb.db.transaction().execute((trx) => services.supplierResolution.resolvePayees(trx, 'leeds', payees))

describe('resolving a year of payees', () => {
  it('resolves thousands of distinct payees in one call, and again without adding anything', async () => {
    const first = await resolve()
    const byMethod: Record<string, number> = {}
    for (const r of first.values())
      byMethod[`${r.method}${r.review ? ' (review)' : ''}`] =
        (byMethod[`${r.method}${r.review ? ' (review)' : ''}`] ?? 0) + 1
    console.log(`${payees.length} payee names → ${first.size} resolved, ${await count()} suppliers`, byMethod)
    expect(first.size).toBeGreaterThan(5000)

    const suppliers = await count()
    const second = await resolve()
    expect(await count()).toBe(suppliers)
    for (const [name, r] of first) expect(second.get(name)?.supplierId).toBe(r.supplierId)
  }, 180_000)
})
