// Identical rows within one file are kept, numbered by occurrence over the whole file, so a file with the same rows
// adds nothing and a later file adds only the copies beyond those already held.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import type { Services } from '../src/services.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-repeats-'))
let testDb: TestDb
let services: Services

function csv(name: string, rows: string[]): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, ['Date,Supplier,Amount,Department,Transaction', ...rows].join('\n'))
  return file
}

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'oxford',
    name: 'Oxford City Council',
    type: 'council',
    home: ['E07000178'],
  })
})
afterAll(async () => {
  await testDb.destroy()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('identical rows in a file', () => {
  const x = '01/04/2024,Cowley Builders Ltd,100.00,Housing,'
  const y = '02/04/2024,Oxford Bus Company,250.00,Transport,'
  const z = '03/04/2024,Blackbird Leys Community Centre,75.50,Communities,'

  it('are all kept, and the same file again adds nothing', async () => {
    const file = csv('repeats.csv', [x, y, x, z, x, y, z, x])
    const first = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file })
    expect(first).toMatchObject({ accepted: 8, added: 8, duplicates: 0 })
    expect(first.total.amount).toBe('1051.00')
    const again = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file })
    expect(again).toMatchObject({ added: 0, duplicates: 8 })
  })

  it('add only the copies a later file has beyond those already held', async () => {
    // The file above held x four times and y twice: a file with x five times and y once adds one x.
    const file = csv('more-repeats.csv', [y, x, x, x, x, x])
    const later = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file })
    expect(later).toMatchObject({ accepted: 6, added: 1, duplicates: 5 })
    const fingerprints = await testDb.db
      .selectFrom('payment')
      .select('fingerprint')
      .where('organisation_id', '=', 'oxford')
      .where('payee_name', '=', 'Cowley Builders Ltd')
      .orderBy('fingerprint')
      .execute()
    expect(fingerprints.map((f) => f.fingerprint.split('#')[1])).toEqual(['1', '2', '3', '4', '5'])
  })
})
