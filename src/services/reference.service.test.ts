// Reference register imports on a real database (PGlite and PostgreSQL): the NSPL, Companies House and Charity
// Commission fixtures in test/fixtures (fictional companies and charities; real London postcodes), and the real
// Co-operatives UK file in ../shared/data/registers (never copied into the project).
import { existsSync } from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRegisters } from '../db/repositories/reference.repository.js'
import { DomainRuleError } from '../domain/errors.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { createTestDb, type TestDb } from '../../test/helpers/test-db.js'
import { createReferenceService, normaliseCompanyNumber, type ReferenceService } from './reference.service.js'

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url))
const COOPS = fileURLToPath(
  new URL('../../../shared/data/registers/coops_uk_open_data_2023Q2_digitalcommons_standard.csv', import.meta.url),
)
const csv = (text: string, name = 'upload.csv') => ({ stream: Readable.from([Buffer.from(text)]), name })

let testDb: TestDb
let reference: ReferenceService

beforeAll(async () => {
  testDb = await createTestDb()
  reference = createReferenceService({ db: testDb.db })
})
afterAll(() => testDb.destroy())

describe('importPostcodes', () => {
  it('loads live postcodes from an NSPL file and skips terminated and Channel Islands ones', async () => {
    const progress: number[] = []
    const result = await reference.importPostcodes({ path: fixture('nspl-sample.csv') }, (p) =>
      progress.push(p.rowsRead),
    )
    expect(result).toMatchObject({
      register: 'postcodes',
      file: 'nspl-sample.csv',
      rowsRead: 32,
      imported: 30,
      skipped: 2,
    })
    expect(result.rejections).toEqual([])
    expect(progress.at(-1)).toBe(32)
    expect(await reference.findPostcode('n32ay')).toEqual({
      postcode: 'N3 2AY',
      districtCode: 'E09000003',
      source: 'nspl-sample.csv',
    })
    expect(await reference.findPostcode('TW11 1EF')).toMatchObject({ districtCode: 'E09000027' })
    expect(await reference.findPostcode('W1M 0AA')).toBeUndefined()
    expect(await reference.findPostcode('JE2 4TR')).toBeUndefined()
    expect(await reference.findPostcode('not a postcode')).toBeUndefined()
  })

  it('is idempotent: a second run reports the same and adds nothing', async () => {
    const again = await reference.importPostcodes({ path: fixture('nspl-sample.csv') })
    expect(again).toMatchObject({ rowsRead: 32, imported: 30, skipped: 2, rejected: 0 })
    expect((await countRegisters(testDb.db)).postcodes).toBe(30)
  })

  it('finds columns by name in any case, prefers pcds, and rejects malformed rows with their line numbers', async () => {
    const result = await reference.importPostcodes(
      csv(
        'PCD,PCDS,LAD24CD\r\nSW1A2AA,SW1A 2AA,E09000033\r\nXX,not a postcode,E09000033\r\nN1 9GU,N1 9GU,Islington\r\n',
      ),
    )
    expect(result).toMatchObject({ rowsRead: 3, imported: 1, rejected: 2 })
    expect(result.rejections).toEqual([
      { row: 3, reason: 'Postcode "not a postcode" is not a UK postcode' },
      { row: 4, reason: 'District "ISLINGTON" is not a GSS code' },
    ])
    expect(await reference.findPostcode('SW1A 2AA')).toMatchObject({ districtCode: 'E09000033', source: 'upload.csv' })
  })

  it('refuses a file without a district column, in one sentence', async () => {
    await expect(reference.importPostcodes(csv('pcds,lat,long\nN1 9GU,51.5,-0.1\n'))).rejects.toThrow(
      new DomainRuleError(
        'upload.csv has no local authority district (laua) column (looked for laua, lad, oslaua, local_authority_code)',
      ),
    )
  })

  it('loads nothing from a file that fails part way, even after several batches', async () => {
    const before = (await countRegisters(testDb.db)).postcodes
    const letters = 'ABDEFGHJLNPQRSTUWXYZ'
    const unit = (i: number) => `${i % 10}${letters[Math.floor(i / 10) % 20]}${letters[Math.floor(i / 200) % 20]}`
    const rows = Array.from({ length: 5000 }, (_, i) => `SE${1 + Math.floor(i / 4000)} ${unit(i)},E09000028`).join('\n')
    const broken = csv(`pcds,laua\n${rows}\n"SE1 7PB,E09000028\n`, 'broken.csv')
    await expect(reference.importPostcodes(broken)).rejects.toThrow(/broken.csv could not be read as CSV/)
    expect((await countRegisters(testDb.db)).postcodes).toBe(before)
  })
})

describe('importCompanies', () => {
  it('loads a Companies House BasicCompanyData file, header spaces and all', async () => {
    const result = await reference.importCompanies({ path: fixture('companies-house-basic-sample.csv') })
    expect(result).toMatchObject({ rowsRead: 20, imported: 20, skipped: 0, rejected: 0 })
    expect(await reference.findCompany('99100003')).toEqual({
      companyNumber: '99100003',
      name: 'CASTLEFORD INFRASTRUCTURE SERVICES PLC',
      normalisedName: 'castleford infrastructure services',
      postcode: 'SE6 2RD',
      category: 'Public Limited Company',
      status: 'Active',
      sicCodes: ['42990', '71129'],
      incorporatedOn: '1998-06-23',
    })
    expect(await reference.findCompany('oc990004')).toMatchObject({
      name: 'DUNMORE, HALE & PARTNERS LLP',
      sicCodes: [],
    })
    expect(await reference.findCompany('99100005')).toMatchObject({ status: 'Dissolved' })
    expect(await reference.findCompany('99100002')).toMatchObject({ category: 'Community Interest Company' })
    expect(await reference.findCompany('99100016')).toMatchObject({
      postcode: 'TW11 1EF',
      sicCodes: ['43390', '81100', '43210', '43220'],
    })
    expect(await reference.findCompany('IP99010R')).toMatchObject({ category: 'Registered Society' })
  })

  it('is idempotent', async () => {
    await reference.importCompanies({ path: fixture('companies-house-basic-sample.csv') })
    expect((await countRegisters(testDb.db)).companies).toBe(20)
  })

  it('pads company numbers and rejects ones that cannot be', () => {
    expect(normaliseCompanyNumber('1234567')).toBe('01234567')
    expect(normaliseCompanyNumber(' sc 12345 ')).toBe('SC012345')
    expect(normaliseCompanyNumber('OC301234')).toBe('OC301234')
    expect(normaliseCompanyNumber('')).toBeNull()
    expect(normaliseCompanyNumber('123456789')).toBeNull()
    expect(normaliseCompanyNumber('N/A')).toBeNull()
  })
})

describe('importCharities', () => {
  it('loads main charities from the tab-separated register extract and skips linked ones', async () => {
    const result = await reference.importCharities({ path: fixture('charity-register-sample.txt') })
    expect(result).toMatchObject({ rowsRead: 12, imported: 10, skipped: 2, rejected: 0 })
    expect(await reference.findCharity('9901003')).toMatchObject({ name: 'FRIENDS OF FICTION PARK', income: '5120.55' })
    expect(await reference.findCharity('9901001')).toEqual({
      charityNumber: '9901001',
      name: 'HARBOUR LIGHT TRUST',
      normalisedName: 'harbour light trust',
      postcode: 'EN1 2QA',
      status: 'Registered',
      income: '412650.00',
      companyNumber: '99100008',
    })
    expect(await reference.findCharity('9901008')).toMatchObject({
      status: 'Removed',
      postcode: 'SM1 2TR',
      income: null,
    })
    expect(await reference.findCharity('9901007')).toMatchObject({ name: 'THE "OPEN DOOR" PROJECT (SAMPLE TOWN)' })
    expect(await reference.findCharity('9901012')).toMatchObject({ companyNumber: '09100012' })
  })

  it('is idempotent', async () => {
    const again = await reference.importCharities({ path: fixture('charity-register-sample.txt') })
    expect(again).toMatchObject({ imported: 10, skipped: 2 })
    expect((await countRegisters(testDb.db)).charities).toBe(10)
  })
})

describe.skipIf(!existsSync(COOPS))('importCoops (the real Co-operatives UK file)', () => {
  it('imports all 7,272 co-operatives, and a second run changes nothing', { timeout: 60_000 }, async () => {
    const first = await reference.importCoops({ path: COOPS })
    expect(first).toMatchObject({ rowsRead: 7272, imported: 7272, skipped: 0, rejected: 0 })
    const second = await reference.importCoops({ path: COOPS })
    expect(second).toMatchObject({ rowsRead: 7272, imported: 7272, skipped: 0, rejected: 0 })
    expect((await countRegisters(testDb.db)).coops).toBe(7272)

    const group = await reference.searchRegistersByName(normaliseSupplierName('The Co-operative Group Limited'), 5)
    expect(group[0]).toMatchObject({
      register: 'coop',
      id: 'R000001',
      postcode: 'M60 0AG',
      legalForm: 'Society',
      match: 'exact',
    })
  })
})

describe('searchRegistersByName', () => {
  it('finds exact matches in every register first, then longer names that start with the same words', async () => {
    const exact = await reference.searchRegistersByName(normaliseSupplierName('Harbour Light Trust Ltd'))
    expect(exact.map((m) => [m.register, m.id, m.match])).toEqual([
      ['charity', '9901001', 'exact'],
      ['company', '99100008', 'exact'],
    ])

    const prefix = await reference.searchRegistersByName('riverside tenants')
    expect(prefix.map((m) => [m.register, m.id, m.match])).toEqual([
      ['charity', '9901009', 'prefix'],
      ['company', '99100018', 'prefix'],
    ])
    expect(prefix[1]).toMatchObject({
      name: "RIVERSIDE TENANTS' HOMES LIMITED",
      status: 'Active',
      companyNumber: '99100018',
    })
  })

  it('matches whole words only, and respects the limit', async () => {
    expect(await reference.searchRegistersByName('riverside tenant')).toEqual([])
    expect(await reference.searchRegistersByName('harbour light trust', 1)).toHaveLength(1)
    expect(await reference.searchRegistersByName('')).toEqual([])
  })
})

describe('auditing', () => {
  it('records each import in the audit log', async () => {
    const events = await testDb.db
      .selectFrom('audit_event')
      .select(['action', 'entity_type', 'entity_id', 'actor_label'])
      .where('action', '=', 'reference.import')
      .execute()
    expect(events).toContainEqual({
      action: 'reference.import',
      entity_type: 'ref_company',
      entity_id: 'companies-house-basic-sample.csv',
      actor_label: 'system',
    })
  })
})
