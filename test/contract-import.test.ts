// Importing contracts registers, on both databases: the real Contracts Finder OCDS files and folders and the
// Lancashire notice feeds, and register files built here from those notices in the Transparency Code and LGA layouts
// (UTF-8 and Windows-1252, commas and semicolons, £ and thousands separators, dd/mm/yyyy and dd/mm/yy, XLSX). Every
// figure is checked against a computation made here directly from the published JSON.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { DomainRuleError, NotFoundError } from '../src/domain/errors.js'
import type { Services } from '../src/services.js'
import { createContractImportService } from '../src/services/contract-import.service.js'
import { $, Client, createTestApp, createTestServices, type TestApp } from './helpers/app.js'
import { cli, useCliDataDir } from './helpers/cli.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

const CONTRACTS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/data/contracts')
const RELEASES_2025 = path.join(CONTRACTS, 'contracts_finder_ocds_releases_2025-01_to_2025-03.json')
const TENDER_PACKAGES = path.join(CONTRACTS, 'contracts-finder-ocds-2014-15-tender-release-packages')
const RECORDS_AND_RELEASES = path.join(CONTRACTS, 'contracts-finder-ocds-2014-15-records-and-releases')
const LANCASHIRE = path.join(CONTRACTS, 'lancashire-contracts-finder-notices')
const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'fixtures/contracts')

// The published JSON is read loosely here, as a person reading the file would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

// ---------------------------------------------------------------------------------------------------------------
// Independent figures, straight from the JSON

const pence = (amount: unknown) => (typeof amount === 'number' && amount > 0 ? Math.round(amount * 100) : 0)

/** Per ocid with a live award: the latest award release's summed value and its suppliers with their scale. */
function expectedFromReleases(releases: Json[]) {
  const byOcid = new Map<string, Json[]>()
  for (const r of releases) byOcid.set(r.ocid, [...(byOcid.get(r.ocid) ?? []), r])
  const contracts = new Map<string, { value: number; suppliers: { sme: boolean; vcse: boolean; coh: boolean }[] }>()
  let notices = 0
  for (const [ocid, group] of byOcid) {
    const awarded = group
      .filter((r) => (r.awards ?? []).length > 0)
      .sort((a, b) => String(a.date).localeCompare(String(b.date)))
    const last = awarded.at(-1)
    if (!last) {
      notices++
      continue
    }
    const parties: Json[] = [...group].sort((a, b) => String(a.date).localeCompare(String(b.date))).at(-1)!.parties
    const seen = new Set<string>()
    const suppliers = []
    for (const award of last.awards)
      for (const s of award.suppliers) {
        const party = parties.find((p) => p.id === s.id)
        const name: string | null = party?.name ?? s.name
        // One award names a supplier with no name at all (GB-CFS-173): there is nobody to record.
        if (!name) continue
        const key = `${s.id}|${name.toLowerCase()}`
        if (seen.has(key)) continue
        seen.add(key)
        suppliers.push({
          sme: ['sme', 'micro'].includes(party?.details?.scale),
          vcse: party?.details?.vcse === true,
          coh: party?.identifier?.scheme === 'GB-COH' && /^(\d{1,8}|[A-Z]{2}\d{1,6})$/.test(party.identifier.id),
        })
      }
    contracts.set(ocid, { value: last.awards.reduce((t: number, a: Json) => t + pence(a.value?.amount), 0), suppliers })
  }
  return { contracts, notices }
}

const decode = (s: string) =>
  s
    .replace(/&#0*(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
/** The feed's supplier cell: comma-separated, each supplier once (cells repeat a supplier once per lot). */
const feedSuppliers = (cell: string | null) => [
  ...new Map(
    decode(cell ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && !['NOT AWARDED TO SUPPLIER', 'N/A'].includes(s.toUpperCase()))
      .map((s) => [s.toLowerCase(), s]),
  ).values(),
]

function lancashireNotices(): Json[] {
  return fs
    .readdirSync(LANCASHIRE)
    .sort()
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(LANCASHIRE, f), 'utf8')).contracts as Json[])
}

// ---------------------------------------------------------------------------------------------------------------
// Register files built from real notices

type RegisterRow = {
  reference: string
  title: string
  buyer: string
  description: string
  suppliers: string[]
  value: number
  sme: boolean
  start: string
  end: string
  cpv: string[]
}

function registerRows(council: string): RegisterRow[] {
  const feed = JSON.parse(fs.readFileSync(path.join(LANCASHIRE, `${council}_procurement.json`), 'utf8'))
  return (feed.contracts as Json[])
    .filter((n) => n.status === 'awarded')
    .map((n, i) => {
      const start = String(n.awarded_date).slice(0, 10)
      const end = new Date(Date.parse(`${start}T00:00:00Z`) + 729 * 86_400_000).toISOString().slice(0, 10)
      return {
        reference: `${council.toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
        title: decode(n.title),
        buyer: n.organisation,
        description: decode(n.description ?? '').replace(/\s+/g, ' '),
        suppliers: feedSuppliers(n.awarded_supplier),
        value: pence(n.awarded_value),
        sme: n.awarded_to_sme === true,
        start,
        end,
        cpv: String(n.cpv_codes ?? '')
          .split(/\s+/)
          .filter(Boolean),
      }
    })
}

const csvCell = (v: string, delimiter: string) =>
  /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v
const ukDate = (iso: string, shortYear = false) =>
  `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${shortYear ? iso.slice(2, 4) : iso.slice(0, 4)}`
const pounds = (p: number) => `£${Math.floor(p / 100).toLocaleString('en-GB')}.${String(p % 100).padStart(2, '0')}`

const TC_HEADER = [
  'Reference Number',
  'Title of Agreement',
  'Department Responsible',
  'Description of Goods and Services',
  'Supplier Name',
  'Total Value',
  'Irrecoverable VAT',
  'Start Date',
  'End Date',
  'Review Date',
  'Procurement Route',
  'SME',
  'VCSE',
  'CPV Codes',
]

function tcCells(r: RegisterRow): string[] {
  return [
    r.reference,
    r.title,
    'Resources',
    r.description,
    r.suppliers.join('; '),
    r.value ? pounds(r.value) : '',
    '',
    ukDate(r.start),
    ukDate(r.end),
    '',
    'Published invitation to tender',
    r.sme ? 'Yes' : 'No',
    'No',
    r.cpv.map((c) => `${c}-0`).join('; '),
  ]
}

/** Transparency Code layout: UTF-8 with a byte-order mark, CRLF, a title line first, blank lines between rows. */
function transparencyCodeCsv(rows: RegisterRow[]): string {
  const lines = ['Contracts over £5,000,,,', TC_HEADER.join(',')]
  rows.forEach((r, i) => {
    lines.push(
      tcCells(r)
        .map((c) => csvCell(c, ','))
        .join(','),
    )
    if (i % 10 === 9) lines.push(',,,,,')
  })
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

const CP1252: Record<string, number> = {
  '€': 0x80,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
}
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : (CP1252[ch] ?? 0x3f))))
}

const LGA_HEADER = [
  'OrganisationLabel',
  'ContractReferenceNumber',
  'Title',
  'Description',
  'ContractStartDate',
  'ContractEndDate',
  'ContractValue',
  'SupplierName',
  'SME',
  'VCSESupplierType',
  'CPVCode',
]

/** LGA layout: Windows-1252, semicolons, dd/mm/yy dates, Y/N, several suppliers split by "|". */
function lgaCsv(rows: RegisterRow[]): Buffer {
  const lines = [LGA_HEADER.join(';')]
  for (const r of rows)
    lines.push(
      [
        r.buyer,
        r.reference,
        r.title,
        r.description,
        ukDate(r.start, true),
        ukDate(r.end, true),
        r.value ? pounds(r.value) : '',
        r.suppliers.join(' | '),
        r.sme ? 'Y' : 'N',
        '',
        r.cpv.join(' '),
      ]
        .map((c) => csvCell(c, ';'))
        .join(';'),
    )
  return windows1252(`${lines.join('\r\n')}\r\n`)
}

async function transparencyCodeXlsx(rows: RegisterRow[], file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Contracts register')
  sheet.addRow(TC_HEADER)
  for (const r of rows) {
    const cells: (string | number | Date)[] = tcCells(r)
    cells[5] = r.value / 100
    cells[7] = new Date(`${r.start}T00:00:00Z`)
    sheet.addRow(cells)
  }
  workbook.addWorksheet('Notes').addRow(['Published under the Local Government Transparency Code 2015'])
  await workbook.xlsx.writeFile(file)
}

function cp1252Roundtrip(s: string): string {
  return [...s].map((ch) => (ch.charCodeAt(0) < 256 || CP1252[ch] !== undefined ? ch : '?')).join('')
}

// ---------------------------------------------------------------------------------------------------------------

let testDb: TestDb
let services: Services
let tmp: string
const db = () => testDb.db

async function addOrg(id: string) {
  await services.organisations.add(SYSTEM_ACTOR, { id, name: id, type: 'council', home: ['E07000117'] })
}

async function figures(organisationId: string) {
  const contracts = await db()
    .selectFrom('contract')
    .select([sql<string>`count(*)::text`.as('count'), sql<string>`coalesce(sum(total_value), 0)::text`.as('total')])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow()
  const suppliers = await db()
    .selectFrom('contract_supplier as cs')
    .innerJoin('contract as c', 'c.id', 'cs.contract_id')
    .select([
      sql<string>`count(*)::text`.as('count'),
      sql<string>`count(*) filter (where cs.is_sme)::text`.as('sme'),
      sql<string>`count(*) filter (where cs.is_vcse)::text`.as('vcse'),
      sql<string>`count(*) filter (where cs.company_number is not null)::text`.as('companies'),
      sql<string>`count(*) filter (where cs.supplier_id is null)::text`.as('unlinked'),
    ])
    .where('c.organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow()
  return {
    contracts: Number(contracts.count),
    totalPence: Math.round(Number(contracts.total) * 100),
    suppliers: Number(suppliers.count),
    sme: Number(suppliers.sme),
    vcse: Number(suppliers.vcse),
    companies: Number(suppliers.companies),
    unlinked: Number(suppliers.unlinked),
  }
}

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-contract-import-'))
})
afterAll(async () => {
  await testDb.destroy()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('real OCDS releases from Contracts Finder (2025)', () => {
  const releases: Json[] = JSON.parse(fs.readFileSync(RELEASES_2025, 'utf8'))
  const expected = expectedFromReleases(releases)
  const expectedSuppliers = [...expected.contracts.values()].flatMap((c) => c.suppliers)

  it('imports every awarded process as one contract, with values, suppliers and SME and VCSE flags as published', async () => {
    await addOrg('cf')
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'cf',
      path: RELEASES_2025,
    })
    expect(expected.contracts.size).toBe(141)
    expect(summary).toMatchObject({
      format: 'ocds',
      created: expected.contracts.size,
      updated: 0,
      unchanged: 0,
      skipped: expected.notices,
      rejected: 0,
    })
    expect(summary.read).toBe(expected.contracts.size + expected.notices)
    const f = await figures('cf')
    expect(f.contracts).toBe(expected.contracts.size)
    expect(f.totalPence).toBe([...expected.contracts.values()].reduce((t, c) => t + c.value, 0))
    expect(f.suppliers).toBe(expectedSuppliers.length)
    expect(f.sme).toBe(expectedSuppliers.filter((s) => s.sme).length)
    expect(f.vcse).toBe(expectedSuppliers.filter((s) => s.vcse).length)
    expect(f.companies).toBe(expectedSuppliers.filter((s) => s.coh).length)
    // Every supplier is linked to a supplier record.
    expect(f.unlinked).toBe(0)

    const rows = await db()
      .selectFrom('contract')
      .select(['ocid', 'total_value', 'source'])
      .where('organisation_id', '=', 'cf')
      .execute()
    for (const row of rows) {
      const want = expected.contracts.get(row.ocid!)!
      expect(row.total_value === null ? 0 : Math.round(Number(row.total_value) * 100)).toBe(want.value)
      expect(row.source).toBe('import:ocds')
    }
  })

  it('keeps the corrected value when a later release corrects an award', async () => {
    const row = await db()
      .selectFrom('contract')
      .select(['total_value', 'reference'])
      .where('organisation_id', '=', 'cf')
      .where('ocid', '=', 'ocds-b5fd17-09a309a3-8541-48b9-91c4-411c52e5bd34')
      .executeTakeFirstOrThrow()
    expect(row.total_value).toBe('109320.00')
  })

  it('creates supplier records for new suppliers, marked as from a contracts register, with their company numbers', async () => {
    const made = await db()
      .selectFrom('supplier')
      .select([sql<string>`count(*)::text`.as('n'), sql<string>`count(company_number)::text`.as('coh')])
      .where('source', '=', 'contracts-register')
      .executeTakeFirstOrThrow()
    expect(Number(made.n)).toBeGreaterThan(100)
    expect(Number(made.coh)).toBeGreaterThan(50)
  })

  it('changes nothing when the same file comes again, and says every contract is unchanged', async () => {
    const before = await figures('cf')
    const suppliersBefore = await db()
      .selectFrom('supplier')
      .select(sql<string>`count(*)::text`.as('n'))
      .executeTakeFirstOrThrow()
    const again = await services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'cf', path: RELEASES_2025 })
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: expected.contracts.size, rejected: 0 })
    expect(await figures('cf')).toEqual(before)
    const suppliersAfter = await db()
      .selectFrom('supplier')
      .select(sql<string>`count(*)::text`.as('n'))
      .executeTakeFirstOrThrow()
    expect(suppliersAfter.n).toBe(suppliersBefore.n)
    const versions = await db()
      .selectFrom('contract')
      .select(sql<string>`max(version)::text`.as('v'))
      .where('organisation_id', '=', 'cf')
      .executeTakeFirstOrThrow()
    expect(versions.v).toBe('1')
  })

  it('keeps only one buyer’s processes with --buyer, and counts those left out', async () => {
    await addOrg('doncaster')
    const buyerOf = (r: Json) => `${r.buyer?.name ?? ''} ${r.buyer?.id ?? ''}`.toLowerCase()
    const ocids = new Set(releases.map((r) => r.ocid))
    const theirs = new Set(releases.filter((r) => buyerOf(r).includes('doncaster')).map((r) => r.ocid))
    const awarded = [...theirs].filter((o) => expected.contracts.has(o))
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'doncaster',
      path: RELEASES_2025,
      buyer: 'Doncaster',
    })
    expect(summary).toMatchObject({
      buyer: 'Doncaster',
      leftOutByBuyer: ocids.size - theirs.size,
      created: awarded.length,
    })
    expect(awarded.length).toBeGreaterThan(0)
    expect((await figures('doncaster')).contracts).toBe(awarded.length)
  })
})

describe('real OCDS folders from Contracts Finder (2014-15)', () => {
  it('reads 200 tender release packages (OCDS 1.0): every one a notice, skipped with the reason', async () => {
    await addOrg('cf2014')
    const files = fs.readdirSync(TENDER_PACKAGES).filter((f) => f.endsWith('.json'))
    const ocids = new Set(
      files.flatMap((f) =>
        (JSON.parse(fs.readFileSync(path.join(TENDER_PACKAGES, f), 'utf8')).releases as Json[]).map((r) => r.ocid),
      ),
    )
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'cf2014',
      path: TENDER_PACKAGES,
    })
    expect(summary).toMatchObject({ created: 0, rejected: 0, skipped: ocids.size, read: ocids.size })
    expect(summary.skippedReasons).toEqual([{ reason: 'No award: a tender notice, not a contract', count: ocids.size }])
  })

  it('reads record packages and single releases of the same processes as one process each', async () => {
    const ocids = new Set<string>()
    for (const sub of ['records', 'releases'])
      for (const f of fs.readdirSync(path.join(RECORDS_AND_RELEASES, sub))) {
        const doc = JSON.parse(fs.readFileSync(path.join(RECORDS_AND_RELEASES, sub, f), 'utf8'))
        ocids.add(doc.compiledRelease?.ocid ?? doc.ocid)
      }
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'cf2014',
      path: RECORDS_AND_RELEASES,
    })
    expect(summary).toMatchObject({ created: 0, rejected: 0, skipped: ocids.size })
    expect(ocids.size).toBe(11)
  })
})

describe('the Lancashire Contracts Finder notice feeds', () => {
  const notices = lancashireNotices()
  const awarded = new Map(notices.filter((n) => n.status === 'awarded').map((n) => [n.id as string, n]))

  it('imports every awarded notice of the 14 councils as a contract and skips the rest with the reason', async () => {
    await addOrg('lancashire')
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'lancashire',
      path: LANCASHIRE,
    })
    expect(summary.format).toBe('notice-feed')
    expect(summary.created).toBe(awarded.size)
    expect(summary.rejected).toBe(0)
    expect(summary.created + summary.skipped).toBe(notices.length)
    const list = [...awarded.values()]
    const suppliers = list.flatMap((n) => feedSuppliers(n.awarded_supplier).map(() => n.awarded_to_sme === true))
    const f = await figures('lancashire')
    expect(f).toMatchObject({
      contracts: awarded.size,
      totalPence: list.reduce((t, n) => t + pence(n.awarded_value), 0),
      suppliers: suppliers.length,
      sme: suppliers.filter(Boolean).length,
      unlinked: 0,
    })
    const named = await db()
      .selectFrom('contract_supplier')
      .select('name')
      .where('name', 'like', 'B&E Boys%')
      .executeTakeFirst()
    expect(named?.name).toBe('B&E Boys Ltd')
  })

  it('keeps one council’s notices with --buyer', async () => {
    await addOrg('burnley')
    const theirs = notices.filter((n) => String(n.organisation).toLowerCase().includes('burnley'))
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'burnley',
      path: LANCASHIRE,
      buyer: 'burnley',
    })
    expect(summary).toMatchObject({
      leftOutByBuyer: notices.length - theirs.length,
      created: new Set(theirs.filter((n) => n.status === 'awarded').map((n) => n.id)).size,
    })
  })
})

describe('registers in the Transparency Code and LGA layouts', () => {
  const rows = registerRows('burnley')
  const expectedTotal = rows.reduce((t, r) => t + r.value, 0)
  const expectedSuppliers = rows.flatMap((r) => r.suppliers.map(() => r.sme))

  async function checkImported(organisationId: string) {
    const f = await figures(organisationId)
    expect(f).toMatchObject({
      contracts: rows.length,
      totalPence: expectedTotal,
      suppliers: expectedSuppliers.length,
      sme: expectedSuppliers.filter(Boolean).length,
      unlinked: 0,
    })
    const stored = await db()
      .selectFrom('contract')
      .select(['reference', 'title', 'start_date', 'end_date', 'total_value', 'procurement_route', 'cpv_codes'])
      .where('organisation_id', '=', organisationId)
      .execute()
    const byRef = new Map(stored.map((s) => [s.reference, s]))
    for (const r of rows) {
      const s = byRef.get(r.reference)!
      expect([s.start_date, s.end_date]).toEqual([r.start, r.end])
      expect(s.total_value === null ? 0 : Math.round(Number(s.total_value) * 100)).toBe(r.value)
      expect(s.cpv_codes).toEqual(r.cpv)
    }
    return byRef
  }

  it('reads a Transparency Code CSV: title line, byte-order mark, £ and commas, dd/mm/yyyy, blank lines', async () => {
    await addOrg('tc-csv')
    const file = path.join(tmp, 'burnley-contracts-register.csv')
    fs.writeFileSync(file, transparencyCodeCsv(rows))
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'tc-csv', path: file })
    expect(summary).toMatchObject({ format: 'register', created: rows.length, rejected: 0, read: rows.length })
    const byRef = await checkImported('tc-csv')
    expect(byRef.get(rows[0]!.reference)!.procurement_route).toBe('open')
  })

  it('reads an LGA layout CSV in Windows-1252 with semicolons and two-digit years, filtered by buyer', async () => {
    await addOrg('lga-csv')
    const pendle = registerRows('pendle')
    const file = path.join(tmp, 'lga-register.csv')
    fs.writeFileSync(file, lgaCsv([...rows, ...pendle]))
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'lga-csv',
      path: file,
      buyer: 'Burnley',
    })
    expect(summary).toMatchObject({ created: rows.length, rejected: 0, leftOutByBuyer: pendle.length })
    const byRef = await checkImported('lga-csv')
    for (const r of rows) expect(byRef.get(r.reference)!.title).toBe(cp1252Roundtrip(r.title))
  })

  it('reads the same register as an XLSX workbook with numbers and real dates, ignoring a notes sheet', async () => {
    await addOrg('tc-xlsx')
    const file = path.join(tmp, 'register.xlsx')
    await transparencyCodeXlsx(rows, file)
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'tc-xlsx', path: file })
    expect(summary).toMatchObject({ created: rows.length, rejected: 0 })
    expect(summary.warnings).toContain('Sheet Notes has no register header row, so it was not read')
    await checkImported('tc-xlsx')
  })

  it('rejects bad rows with their row numbers and reasons, and imports the rest', async () => {
    await addOrg('errors')
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'errors',
      path: path.join(FIXTURES, 'register-with-errors.csv'),
    })
    expect(summary.rejections).toEqual([
      { row: 4, reason: 'Start date “31/02/2025” is not a real date' },
      { row: 5, reason: 'Total value “twelve thousand” is not an amount in pounds' },
      { row: 6, reason: 'End date must be the same as or after the start date' },
      { row: 8, reason: 'Title is missing' },
      { row: 9, reason: 'SME “Perhaps” is not Yes or No' },
      { row: 11, reason: 'Reference ISL-0001 is also used by row 2, with different details' },
    ])
    expect(summary).toMatchObject({ created: 4, rejected: 6, skipped: 1, read: 11 })
    const stored = await db()
      .selectFrom('contract_import_rejection')
      .select(['row_number', 'reason'])
      .where('import_id', '=', summary.importId)
      .orderBy('row_number')
      .execute()
    expect(stored.map((r) => r.row_number)).toEqual([4, 5, 6, 8, 9, 11])
    const multi = await db()
      .selectFrom('contract_supplier as cs')
      .innerJoin('contract as c', 'c.id', 'cs.contract_id')
      .select(['cs.name', 'cs.company_number', 'cs.is_sme', 'cs.is_vcse'])
      .where('c.organisation_id', '=', 'errors')
      .where('c.reference', '=', 'ISL-0003')
      .orderBy('cs.position')
      .execute()
    expect(multi).toEqual([
      { name: 'Islington Community Catering CIC', company_number: '09876543', is_sme: true, is_vcse: true },
      { name: 'Angel Meals Limited', company_number: '01234567', is_sme: true, is_vcse: false },
    ])
  })

  it('updates a contract whose row changed, by its reference, and leaves the others unchanged', async () => {
    const original = fs.readFileSync(path.join(FIXTURES, 'register-with-errors.csv'), 'utf8')
    const changed = path.join(tmp, 'register-with-errors-v2.csv')
    fs.writeFileSync(changed, original.replace('"£48,500.00"', '"£52,000.00"'))
    // What an officer set in the app, and the file does not say, survives the update.
    await db()
      .updateTable('contract')
      .set({ owner_name: 'A Officer', confidential_fields: ['totalValue'], notes: 'Price review in March' })
      .where('organisation_id', '=', 'errors')
      .where('reference', '=', 'ISL-0002')
      .execute()
    const summary = await services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'errors', path: changed })
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 3, rejected: 6 })
    expect(summary.contracts.find((c) => c.outcome === 'updated')?.reference).toBe('ISL-0002')
    const row = await db()
      .selectFrom('contract')
      .select(['total_value', 'version', 'owner_name', 'confidential_fields', 'notes'])
      .where('organisation_id', '=', 'errors')
      .where('reference', '=', 'ISL-0002')
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      total_value: '52000.00',
      version: 2,
      owner_name: 'A Officer',
      confidential_fields: ['totalValue'],
      notes: 'Price review in March',
    })
    const events = await db()
      .selectFrom('audit_event')
      .select(['action'])
      .where('organisation_id', '=', 'errors')
      .where('action', 'in', ['contracts.import', 'contract.create', 'contract.update'])
      .execute()
    expect(events.filter((e) => e.action === 'contracts.import')).toHaveLength(2)
    expect(events.filter((e) => e.action === 'contract.create')).toHaveLength(4)
    expect(events.filter((e) => e.action === 'contract.update')).toHaveLength(1)
  })
})

describe('all or nothing', () => {
  it('refuses a file with no register header, stores nothing and records the failure', async () => {
    await addOrg('nothing')
    const file = path.join(tmp, 'payments.csv')
    fs.writeFileSync(file, 'Date,Amount,Supplier\n01/04/2025,100.00,Acme Ltd\n')
    await expect(
      services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'nothing', path: file }),
    ).rejects.toThrow(DomainRuleError)
    const imports = await services.contractImport.listImports('nothing')
    expect(imports[0]).toMatchObject({ status: 'failed', created: 0 })
    expect(imports[0]!.error).toContain('no header row naming a reference')
    expect((await figures('nothing')).contracts).toBe(0)
  })

  it('rolls back every contract and supplier when the import fails part way', async () => {
    const suppliersBefore = await db()
      .selectFrom('supplier')
      .select(sql<string>`count(*)::text`.as('n'))
      .executeTakeFirstOrThrow()
    const failing = createContractImportService({ db: db() }, async (trx, organisationId, payees) => {
      const made = await services.supplierResolution.resolvePayees(trx, organisationId, payees)
      expect(made.size).toBeGreaterThan(0)
      throw new Error('the database went away')
    })
    await expect(failing.importFile(SYSTEM_ACTOR, { organisationId: 'nothing', path: RELEASES_2025 })).rejects.toThrow(
      'the database went away',
    )
    expect((await figures('nothing')).contracts).toBe(0)
    const suppliersAfter = await db()
      .selectFrom('supplier')
      .select(sql<string>`count(*)::text`.as('n'))
      .executeTakeFirstOrThrow()
    expect(suppliersAfter.n).toBe(suppliersBefore.n)
    const [latest] = await services.contractImport.listImports('nothing')
    expect(latest).toMatchObject({ status: 'failed', error: 'the database went away', created: 0 })
  })
})

describe('organisations are kept apart', () => {
  it('imports the same file into two organisations without touching the other’s contracts or imports', async () => {
    await addOrg('org-x')
    await addOrg('org-y')
    const file = path.join(FIXTURES, 'register-with-errors.csv')
    const x = await services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'org-x', path: file })
    const y = await services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'org-y', path: file })
    expect([x.created, y.created]).toEqual([4, 4])
    expect((await figures('org-x')).contracts).toBe(4)
    await expect(services.contractImport.getImport('org-y', x.importId)).rejects.toThrow(NotFoundError)
    expect((await services.contractImport.listImports('org-y')).map((i) => i.id)).toEqual([y.importId])
  })
})

describe('the upload pages', () => {
  let web: TestApp
  let fixture: AccessFixture
  const signedIn = async (email: string) => {
    const client = new Client(web.app)
    await client.signIn(email, FIXTURE_PASSWORD)
    return client
  }
  /** A multipart upload as a browser sends it: the buyer field, then the file; the CSRF token in the query string. */
  async function upload(client: Client, file: string, options: { buyer?: string; csrf?: boolean } = {}) {
    const token = options.csrf === false ? '' : await client.csrf('/account')
    const boundary = '----cwbtest'
    const content = fs.readFileSync(file)
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="buyer"\r\n\r\n${options.buyer ?? ''}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\n` +
          'Content-Type: text/csv\r\n\r\n',
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    return web.app.inject({
      method: 'POST',
      url: `/contracts/imports?_csrf=${encodeURIComponent(token)}`,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: client.cookie },
    })
  }

  beforeAll(async () => {
    web = await createTestApp()
    fixture = await createAccessFixture(web.services)
  })
  afterAll(() => web.close())

  it('lets an officer upload a register and shows the counts and every rejected row with its reason', async () => {
    const officer = await signedIn(fixture.users.officer.email)
    const form = $((await officer.get('/contracts/imports/new')).body)
    expect(form('form[enctype="multipart/form-data"]').attr('action')).toMatch(/^\/contracts\/imports\?_csrf=/)
    const response = await upload(officer, path.join(FIXTURES, 'register-with-errors.csv'))
    expect(response.statusCode).toBe(302)
    const result = await officer.get(response.headers.location as string)
    expect(result.statusCode).toBe(200)
    const page = $(result.body)
    const summary = Object.fromEntries(
      page('.govuk-summary-list__row')
        .toArray()
        .map((row) => [page(row).find('dt').text().trim(), page(row).find('dd').text().trim()]),
    )
    expect(summary).toMatchObject({ 'Contracts added': '4', Rejected: '6 rows', Read: '11 rows' })
    const rejected = page('table.cwb-stack-table tbody tr')
      .toArray()
      .map((tr) => page(tr).find('td').first().text().trim())
    expect(rejected).toEqual(['4', '5', '6', '8', '9', '11'])
    const csv = await officer.get(`${response.headers.location}/rejections.csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[1]).toContain('Start date “31/02/2025” is not a real date')
    const list = $((await officer.get('/contracts/imports')).body)
    expect(list('tbody tr').first().text()).toContain('register-with-errors.csv')
  })

  it('shows the reason on the upload page when a file cannot be imported at all', async () => {
    const officer = await signedIn(fixture.users.officer.email)
    const file = path.join(tmp, 'not-a-register.csv')
    fs.writeFileSync(file, 'Date,Amount\n01/04/2025,100\n')
    const response = await upload(officer, file)
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    expect(page('.govuk-error-summary a[href="#file"]').text()).toContain('no header row naming a reference')
  })

  it('refuses uploads from viewers and analysts, and without the CSRF token', async () => {
    for (const email of [fixture.users.viewer.email, fixture.users.analyst.email]) {
      const client = await signedIn(email)
      expect((await client.get('/contracts/imports/new')).statusCode).toBe(403)
      expect((await upload(client, path.join(FIXTURES, 'register-with-errors.csv'))).statusCode).toBe(403)
      expect((await client.get('/contracts/imports')).statusCode).toBe(200)
    }
    const officer = await signedIn(fixture.users.officer.email)
    expect((await upload(officer, path.join(FIXTURES, 'register-with-errors.csv'), { csrf: false })).statusCode).toBe(
      403,
    )
  })

  it('never shows one organisation’s imports to another', async () => {
    const [mine] = await web.services.contractImport.listImports('org-a')
    const other = await signedIn(fixture.users.otherOrgAdmin.email)
    expect((await other.get(`/contracts/imports/${mine!.id}`)).statusCode).toBe(404)
    expect((await other.get(`/contracts/imports/${mine!.id}/rejections.csv`)).statusCode).toBe(404)
    expect($((await other.get('/contracts/imports')).body)('tbody').text()).not.toContain('register-with-errors.csv')
  })
})

describe('cwb contracts import', () => {
  useCliDataDir('cwb-contracts-cli-')

  it('prints a summary with the rejected rows, or the same as JSON, and fails on a file it cannot read', async () => {
    expect(
      (await cli('org', 'add', '--id', 'isl', '--name', 'Islington', '--type', 'council', '--home', 'E09000019')).code,
    ).toBe(0)
    const file = path.join(FIXTURES, 'register-with-errors.csv')
    const human = await cli('contracts', 'import', file, '--org', 'isl')
    expect(human.code).toBe(0)
    expect(human.out).toContain('Contracts: 4 created, 0 updated, 0 unchanged.')
    expect(human.out).toContain('Skipped: 1. Rejected: 6.')
    expect(human.out).toContain('  row 4: Start date “31/02/2025” is not a real date')
    const json = await cli('contracts', 'import', file, '--org', 'isl', '--json')
    expect(JSON.parse(json.out)).toMatchObject({ created: 0, unchanged: 4, rejected: 6, format: 'register' })
    const filtered = await cli('contracts', 'import', LANCASHIRE, '--org', 'isl', '--buyer', 'pendle')
    expect(filtered.out).toMatch(/Buyer filter “pendle”: [\d,]+ left out/)
    const unreadable = path.join(tmp, 'broken.json')
    fs.writeFileSync(unreadable, '{"releases": [')
    const failed = await cli('contracts', 'import', unreadable, '--org', 'isl')
    expect(failed.code).not.toBe(0)
    expect(failed.err).toContain('broken.json is not valid JSON')
    expect((await cli('contracts', 'import', path.join(tmp, 'missing.csv'), '--org', 'isl')).code).not.toBe(0)
    // Six runs of the command line, each starting a process and opening the database.
  }, 120_000)
})
