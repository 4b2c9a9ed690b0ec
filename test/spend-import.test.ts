// Importing real payment files and reporting on them, checked against figures computed here independently from the
// raw files (own CSV reading, own integer arithmetic), on both databases.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { parseCsv } from '../src/domain/spend/real-spend-files.testing.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'
import { createTestServices } from './helpers/app.js'
import type { Services } from '../src/services.js'
import type { ImportProgress } from '../src/services/spend-import.service.js'

const SPEND = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/data/spend')
const OXFORD = path.join(SPEND, 'oxford-city-council/expenditure-over-500-oct-dec-2014.csv')
const GLA = path.join(SPEND, 'greater-london-authority/gla_2021-P01_odileeds_clean.csv')

/** Pence from a published amount, independently of the import's parser: "(1,234.56)" → -123456. */
function pence(text: string): bigint {
  let t = text.trim().replace(/[£,\s]/g, '')
  let negative = false
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true
    t = t.slice(1, -1)
  }
  if (t.startsWith('-')) {
    negative = !negative
    t = t.slice(1)
  }
  const [whole = '0', fraction = ''] = t.split('.')
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
  return negative ? -cents : cents
}

function money(p: bigint): string {
  const sign = p < 0n ? '-' : ''
  const abs = p < 0n ? -p : p
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

function independentFigures(file: string, columns: { amount: string; date: string; department: string }) {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
  const at = (name: string) => header!.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase())
  const [a, d, dep] = [at(columns.amount), at(columns.date), at(columns.department)]
  let total = 0n
  let count = 0
  const byDepartment = new Map<string, bigint>()
  for (const row of rows) {
    if (!row[d]?.trim()) continue
    const p = pence(row[a] ?? '0')
    total += p
    count++
    const key = (row[dep] ?? '').trim().replace(/\s+/g, ' ') || 'Not stated'
    byDepartment.set(key, (byDepartment.get(key) ?? 0n) + p)
  }
  return { total: money(total), count, byDepartment: new Map([...byDepartment].map(([k, v]) => [k, money(v)])) }
}

let testDb: TestDb
let services: Services

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'oxford',
    name: 'Oxford City Council',
    type: 'council',
    home: ['E07000178'],
  })
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'gla',
    name: 'Greater London Authority',
    type: 'other',
    home: ['E09000001'],
  })
})
afterAll(() => testDb.destroy())

describe('a real Oxford file', () => {
  it('imports every row and the figures agree with an independent computation to the penny', async () => {
    const expected = independentFigures(OXFORD, {
      amount: 'amount',
      date: 'paid_date',
      department: 'organisational_unit',
    })
    const progress: ImportProgress[] = []
    const summary = await services.spendImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'oxford',
      path: OXFORD,
      onProgress: (p) => progress.push(p),
    })
    expect(summary.rejected).toBe(0)
    expect(summary.total).toEqual({ amount: expected.total, count: expected.count })
    // Once every row is read, progress says so before the payments are stored (the page and the command show it).
    expect(progress.find((p) => p.stage === 'storing')).toMatchObject({ rowsRead: summary.rowsRead })
    const report = await services.spendReport.report(
      { organisationId: 'oxford' },
      { from: '2014-10-01', to: '2014-12-31' },
    )
    expect(report.total).toEqual({ amount: expected.total, count: expected.count })
    expect(report.byQuarter.map((q) => [q.quarter, q.amount])).toEqual([['2014-15 Q3', expected.total]])
    // A range that cuts a quarter short gives the dates it counted, not the whole quarter's.
    const part = await services.spendReport.report(
      { organisationId: 'oxford' },
      { from: '2014-11-15', to: '2015-01-10' },
    )
    expect(part.byQuarter.map((q) => [q.quarter, q.from, q.to])).toEqual([['2014-15 Q3', '2014-11-15', '2014-12-31']])
    for (const row of report.byDepartment)
      expect([row.key, row.amount]).toEqual([row.key, expected.byDepartment.get(row.key)])
    expect(report.byDepartment.length).toBe(expected.byDepartment.size)
    // Suppliers of unknown location are shown as such, never dropped.
    expect(report.byTier.unknown).toEqual(report.total)
  })

  it('adds nothing when the same file comes again', async () => {
    const again = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: OXFORD })
    expect(again.added).toBe(0)
    expect(again.duplicates).toBe(again.accepted)
    const report = await services.spendReport.report(
      { organisationId: 'oxford' },
      { from: '2014-10-01', to: '2014-12-31' },
    )
    expect(report.total.count).toBe(again.accepted)
  })

  it('adds only the new rows of an overlapping file', async () => {
    const lines = fs.readFileSync(OXFORD, 'utf8').split(/\r?\n/)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-overlap-'))
    const file = path.join(dir, 'overlap.csv')
    const extra = [
      'Oxford City Council,Housing,Repairs,H1,02/01/2015,T-NEW-1,1234.56,Revenue,S1,Cowley Builders Ltd',
      'Oxford City Council,Housing,Repairs,H1,03/01/2015,T-NEW-2,"(100.00)",Revenue,S1,Cowley Builders Ltd',
    ]
    fs.writeFileSync(file, [...lines.slice(0, 200), ...extra].join('\r\n'))
    const summary = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file })
    expect(summary.added).toBe(2)
    expect(summary.duplicates).toBe(199)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('a real GLA file with bracketed credit notes and thousands separators', () => {
  it('agrees with an independent computation to the penny', async () => {
    const expected = independentFigures(GLA, { amount: 'amount', date: 'clearing date', department: 'directorate' })
    const summary = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'gla', path: GLA })
    expect(summary.total).toEqual({ amount: expected.total, count: expected.count })
    const report = await services.spendReport.report(
      { organisationId: 'gla' },
      { from: '2021-01-01', to: '2021-12-31' },
    )
    expect(report.total).toEqual({ amount: expected.total, count: expected.count })
    for (const row of report.byDepartment) expect(row.amount).toBe(expected.byDepartment.get(row.key))
  })
})

describe('all or nothing', () => {
  it('stores nothing and records the failure when a file has no usable header', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-bad-'))
    const file = path.join(dir, 'not-payments.csv')
    fs.writeFileSync(file, 'name,colour\nApple,red\nPear,green\n')
    await expect(
      services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'oxford', path: file }),
    ).rejects.toThrow(/no header row with a date, an amount and a supplier column/)
    const imports = await services.spendImport.listImports('oxford')
    expect(imports[0]).toMatchObject({ file_name: 'not-payments.csv', status: 'failed', accepted: 0 })
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('rolls back every payment when the import fails part way', async () => {
    const before = await services.spendReport.report(
      { organisationId: 'gla' },
      { from: '2000-01-01', to: '2030-12-31' },
    )
    const failing = { ...services.spendImport }
    const { createSpendImportService } = await import('../src/services/spend-import.service.js')
    const broken = createSpendImportService(services.deps, async () => {
      throw new Error('supplier registry unavailable')
    })
    const other = path.join(SPEND, 'greater-london-authority/gla_2021-P02_odileeds_clean.csv')
    await expect(broken.importFile(SYSTEM_ACTOR, { organisationId: 'gla', path: other })).rejects.toThrow(
      'supplier registry unavailable',
    )
    const after = await services.spendReport.report({ organisationId: 'gla' }, { from: '2000-01-01', to: '2030-12-31' })
    expect(after.total).toEqual(before.total)
    expect(failing).toBeDefined()
  })
})
