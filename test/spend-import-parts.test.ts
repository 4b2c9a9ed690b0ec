// A large file is stored part by part while it is read (PaymentWriter). Small parts here stand in for a large file:
// the payments, their fingerprints and suppliers must come out as when the whole file is stored at once, rows that
// repeat a key in later parts must be numbered over the whole file, and a failure in any part must store nothing.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import type { Services } from '../src/services.js'
import { createSpendImportService } from '../src/services/spend-import.service.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

const SPEND = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/data/spend')
const OXFORD = path.join(SPEND, 'oxford-city-council/expenditure-over-500-oct-dec-2014.csv')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-parts-'))
const dbs: TestDb[] = []

async function placeWithOxford(): Promise<{ testDb: TestDb; services: Services }> {
  const testDb = await createTestDb()
  dbs.push(testDb)
  const services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'oxford',
    name: 'Oxford City Council',
    type: 'council',
    home: ['E07000178'],
  })
  return { testDb, services }
}

/** Every stored payment of Oxford, with its supplier's name (ids differ between databases), in fingerprint order. */
async function storedPayments(testDb: TestDb) {
  return testDb.db
    .selectFrom('payment as p')
    .leftJoin('supplier as s', 's.id', 'p.supplier_id')
    .select(['p.fingerprint', 'p.amount', 'p.payment_date', 'p.payee_name', 'p.payee_kind', 's.name as supplier'])
    .where('p.organisation_id', '=', 'oxford')
    .orderBy('p.fingerprint')
    .execute()
}

function csv(name: string, rows: string[]): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, ['Date,Supplier,Amount,Department,Transaction', ...rows].join('\n'))
  return file
}

let inParts: Awaited<ReturnType<typeof placeWithOxford>>
let whole: Awaited<ReturnType<typeof placeWithOxford>>

beforeAll(async () => {
  inParts = await placeWithOxford()
  whole = await placeWithOxford()
})
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.destroy()))
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('a real file stored in parts', () => {
  it('stores the same payments, fingerprints and suppliers as the whole file at once', async () => {
    const parted = await inParts.services.spendImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'oxford',
      path: OXFORD,
      partRows: 500,
    })
    const once = await whole.services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: OXFORD })
    expect(once.accepted).toBeGreaterThan(3000)
    expect(parted).toMatchObject({ accepted: once.accepted, added: once.added, total: once.total })
    expect(parted.from).toBe(once.from)
    expect(parted.to).toBe(once.to)
    const [a, b] = [await storedPayments(inParts.testDb), await storedPayments(whole.testDb)]
    expect(a.length).toBe(once.added)
    expect(a).toEqual(b)
  })

  it('adds nothing when the file comes again whole', async () => {
    const again = await inParts.services.spendImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'oxford',
      path: OXFORD,
    })
    expect(again.added).toBe(0)
    expect(again.duplicates).toBe(again.accepted)
  })
})

describe('rows that repeat a key in later parts', () => {
  const x = '01/04/2024,Cowley Builders Ltd,100.00,Housing,'
  const y = '02/04/2024,Oxford Bus Company,250.00,Transport,'
  const z = '03/04/2024,Blackbird Leys Community Centre,75.50,Communities,'

  it('are numbered over the whole file, the same in parts as at once', async () => {
    const file = csv('repeats.csv', [x, y, x, z, x, y, z, x])
    const parted = await inParts.services.spendImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'oxford',
      path: file,
      partRows: 2,
    })
    expect(parted).toMatchObject({ accepted: 8, added: 8, duplicates: 0 })
    expect(parted.total.amount).toBe('1051.00')
    const once = await whole.services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file })
    expect(once).toMatchObject({ added: 8 })
    expect(await storedPayments(inParts.testDb)).toEqual(await storedPayments(whole.testDb))
    // The same file again, in parts of another size or whole: nothing new.
    for (const partRows of [3, undefined]) {
      const again = await inParts.services.spendImport.importFile(SYSTEM_ACTOR, {
        organisationId: 'oxford',
        path: file,
        partRows,
      })
      expect(again).toMatchObject({ added: 0, duplicates: 8 })
    }
  })

  it('add only the copies a later file has beyond those already held', async () => {
    // The file above held x four times and y twice: a file with x five times and y once adds one x.
    const file = csv('more-repeats.csv', [y, x, x, x, x, x])
    const later = await inParts.services.spendImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'oxford',
      path: file,
      partRows: 2,
    })
    expect(later).toMatchObject({ accepted: 6, added: 1, duplicates: 5 })
    expect(later.total.amount).toBe('750.00')
  })
})

describe('a failure in one part', () => {
  it('stores nothing from any part and records the import as failed', async () => {
    const before = await storedPayments(whole.testDb)
    let calls = 0
    const broken = createSpendImportService(whole.services.deps, async (trx, organisationId, payees) => {
      calls++
      if (calls === 3) throw new Error('supplier registry unavailable')
      return whole.services.supplierResolution.resolvePayees(trx, organisationId, payees)
    })
    const file = csv(
      'many-parts.csv',
      Array.from({ length: 40 }, (_, i) => `0${(i % 9) + 1}/05/2024,Supplier number ${i},${i + 1}.00,Housing,T${i}`),
    )
    await expect(
      broken.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file, partRows: 5 }),
    ).rejects.toThrow('supplier registry unavailable')
    expect(calls).toBe(3)
    expect(await storedPayments(whole.testDb)).toEqual(before)
    const imports = await whole.services.spendImport.listImports('oxford')
    expect(imports[0]).toMatchObject({ file_name: 'many-parts.csv', status: 'failed' })
  })
})

describe('staging a batch', () => {
  it('keeps empty texts, NULLs, odd characters and a batch of one row as they are', async () => {
    const { createStagingTables, stageBatch, stageRows } =
      await import('../src/db/repositories/spend-import.repository.js')
    const row = {
      row_number: 7,
      sheet: null,
      part: 0,
      repeat: false,
      key: '["row","oxford","2024-04-01","100","café"]',
      payment_date: '2024-04-01',
      amount: '-1234.50',
      payee_name: 'Café \u2013 Ltd',
      payee_key: 'cafe',
      payee_kind: 'organisation' as const,
      transaction_ref: '',
      department: null,
      expense_type: 'Travel\u001eSubsistence',
      category: 'v',
      description: '\u0015',
      capital_or_revenue: null,
      repaired: null,
    }
    const staged = await whole.testDb.db.transaction().execute(async (trx) => {
      await createStagingTables(trx)
      await stageRows(trx, stageBatch([row]))
      await stageRows(trx, stageBatch([{ ...row, row_number: 8, sheet: 'Sheet 2', repeat: true }, row]))
      return sql<Record<string, unknown>>`select * from spend_stage order by row_number`.execute(trx)
    })
    expect(staged.rows).toHaveLength(3)
    expect(staged.rows[0]).toEqual({ ...row, expense_type: 'Travel Subsistence', description: ' ' })
    expect(staged.rows[2]).toMatchObject({ row_number: 8, sheet: 'Sheet 2', repeat: true, transaction_ref: '' })
  })
})
