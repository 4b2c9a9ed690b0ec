// Exports of the contracts register, on both databases: the Transparency Code CSV and OCDS 1.1 release and record
// packages, for the public and for the organisation's own people. Every package is validated against the official
// OCDS 1.1.5 schemas and codelists; figures are checked against sums taken straight from the database; the public
// downloads are searched for every withheld or personal value; and an exported CSV is imported into another
// organisation to give back the same contracts. The real Contracts Finder releases are imported, exported and validated.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  insertContract,
  insertVariation,
  listContractsOfOrganisation,
} from '../src/db/repositories/contract.repository.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { emptyContractDraft, parseContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import { createContractExportService } from '../src/services/contract-export.service.js'
import { Client, createTestApp, type TestApp } from './helpers/app.js'
import { cli } from './helpers/cli.js'
import { createAccessFixture, FIXTURE_PASSWORD } from './helpers/fixtures.js'
import { recordPackageProblems, releasePackageProblems } from './helpers/ocds-schema.js'
import { databaseUrl, quoteIdent, randomId, withAdminClient } from './helpers/postgres-cluster.js'
import { testDbKind } from './helpers/test-db.js'

const RELEASES_2025 = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../shared/data/contracts/contracts_finder_ocds_releases_2025-01_to_2025-03.json',
)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

/** Withheld or personal values that must never be in a public download. */
const SECRETS = {
  supplier: 'Confidential Supplies Ltd',
  supplierNumber: '07654321',
  ownerEmail: 'owner.secret@example.org',
  ownerName: 'Olive Owner',
  note: 'internal note about negotiations',
  approver: 'Approved by Jane Approver',
  description: 'Secret scope of works',
  cancelled: 'Cancelled before it started',
}

const draft = (fields: Partial<ContractDraft> & { reference: string; title: string }): ContractDraft => {
  const parsed = parseContractDraft({ ...emptyContractDraft(fields.reference, fields.title), ...fields })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return parsed.data
}

const supplier = (s: Partial<ContractDraft['suppliers'][number]> & { name: string }) => ({
  supplierId: null,
  companyNumber: null,
  charityNumber: null,
  otherRegistration: null,
  postcode: null,
  isSme: null,
  isVcse: null,
  ...s,
})

const CONTRACTS: ContractDraft[] = [
  draft({
    reference: 'EXP-001',
    title: 'Estate repairs and maintenance',
    description: 'Responsive repairs to council homes',
    department: 'Housing',
    ownerName: SECRETS.ownerName,
    ownerEmail: 'housing.owner@example.org',
    totalValue: '120000',
    annualValue: '40000',
    irrecoverableVat: '0',
    startDate: '2025-04-01',
    endDate: '2029-03-31',
    reviewDate: '2027-01-01',
    extensionOptions: 'One extension of up to 12 months',
    maxEndDate: '2030-03-31',
    procurementRoute: 'open',
    cpvCodes: ['45000000-7', '45210000'],
    suppliers: [
      supplier({ name: 'Acme Build Ltd', companyNumber: '1234567', postcode: 'N1 1AA', isSme: false, isVcse: false }),
      supplier({ name: 'Local Works CIC', companyNumber: '09876543', postcode: 'N7 6PA', isSme: true, isVcse: true }),
    ],
    lots: [
      { lotNumber: '1', title: 'North of the borough', description: null, value: '70000' },
      { lotNumber: '2', title: 'South of the borough', description: 'Including Angel', value: '50000' },
    ],
  }),
  draft({
    reference: 'EXP-002',
    title: 'Emergency boiler repair',
    description: '=HYPERLINK("http://evil.example","click")',
    department: 'Housing',
    totalValue: '8500.50',
    startDate: '2025-11-01',
    endDate: '2025-12-31',
    procurementRoute: 'direct',
    directAwardReason: 'Extreme urgency: no heating in sheltered housing',
    cpvCodes: ['50000000'],
    suppliers: [supplier({ name: 'J Smith Plumbing', postcode: 'N19 3TD', isSme: true })],
  }),
  draft({
    reference: 'EXP-003',
    title: 'Security systems upgrade',
    description: SECRETS.description,
    department: 'Resources',
    ownerName: SECRETS.ownerName,
    ownerEmail: SECRETS.ownerEmail,
    totalValue: '450000',
    annualValue: '150000',
    startDate: '2025-06-01',
    endDate: '2028-05-31',
    procurementRoute: 'restricted',
    cpvCodes: ['35000000'],
    confidentialFields: ['suppliers', 'totalValue', 'description', 'annualValue'],
    notes: SECRETS.note,
    suppliers: [
      supplier({ name: SECRETS.supplier, companyNumber: SECRETS.supplierNumber, postcode: 'EC1V 1AA', isSme: false }),
    ],
  }),
  draft({
    reference: 'EXP-004',
    title: SECRETS.cancelled,
    totalValue: '25000',
    startDate: '2026-09-01',
    endDate: '2027-08-31',
    procurementRoute: 'quotation',
    status: 'cancelled',
    cpvCodes: ['79000000'],
    suppliers: [supplier({ name: 'Never Started Ltd', companyNumber: '11111111', isSme: true })],
  }),
  draft({
    reference: 'EXP-005',
    title: 'Community food programme',
    department: 'Public Health',
    totalValue: '60000',
    startDate: '2024-04-01',
    endDate: '2025-03-31',
    procurementRoute: 'framework',
    frameworkName: 'Food for Good Framework',
    ocid: 'ocds-b5fd17-00000000-0000-4000-8000-000000000005',
    cpvCodes: ['15000000', '55300000'],
    suppliers: [
      supplier({
        name: 'Islington Food Co-operative',
        otherRegistration: 'GB-MPR-12345R',
        isSme: true,
        isVcse: true,
      }),
    ],
  }),
  draft({
    reference: 'EXP-006',
    title: 'Befriending service for older residents',
    department: 'Adult Social Care',
    totalValue: '30000',
    startDate: '2026-04-01',
    endDate: '2027-03-31',
    reviewDate: '2026-09-30',
    procurementRoute: 'quotation',
    cpvCodes: ['85000000'],
    suppliers: [
      supplier({ name: 'Islington Befrienders', charityNumber: '1123456', isSme: true, isVcse: true }),
      supplier({ name: 'Age Well Scotland Ltd', companyNumber: 'SC123456', isVcse: false }),
    ],
  }),
]

const TODAY = new Date('2026-03-15T12:00:00Z')

let t: TestApp
const ids = new Map<string, string>()

async function exportOf(format: 'csv' | 'ocds-releases' | 'ocds-records', audience: 'public' | 'internal') {
  return t.services.contractExport.exportRegister('org-a', format, audience)
}
const json = async (format: 'ocds-releases' | 'ocds-records', audience: 'public' | 'internal') =>
  JSON.parse((await exportOf(format, audience)).body) as Json

/** A CSV file's rows as objects (csv-parse does the RFC 4180 reading; the BOM is checked separately). */
function parseCsv(text: string): Record<string, string>[] {
  return parse(text.replace(/^\uFEFF/, ''), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[]
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => TODAY } })
  await createAccessFixture(t.services)
  await t.services.organisations.update(SYSTEM_ACTOR, {
    id: 'org-a',
    name: 'Organisation A',
    type: 'council',
    home: ['E09000019'],
    orgIdentifier: 'gb-lae-isl',
  })
  for (const d of CONTRACTS)
    ids.set(
      d.reference,
      await insertContract(t.testDb.db, { organisationId: 'org-a', draft: d, actorUserId: null, source: 'manual' }),
    )
  // History: EXP-001 was let at £100,000 to March 2028, then extended a year with £20,000 more.
  await insertVariation(t.testDb.db, {
    contractId: ids.get('EXP-001')!,
    kind: 'extension',
    variedOn: '2026-01-15',
    reason: 'Extension option taken up',
    valueChange: '20000.00',
    previousTotalValue: '100000.00',
    newTotalValue: '120000.00',
    previousEndDate: '2028-03-31',
    newEndDate: '2029-03-31',
    previousReviewDate: null,
    newReviewDate: null,
    approvedBy: 'Director of Housing',
    recordedBy: null,
  })
  // EXP-003's value is withheld, and so is the value of its variation; its approver is never public.
  await insertVariation(t.testDb.db, {
    contractId: ids.get('EXP-003')!,
    kind: 'variation',
    variedOn: '2025-12-01',
    reason: 'Additional cameras',
    valueChange: '50000.00',
    previousTotalValue: '400000.00',
    newTotalValue: '450000.00',
    previousEndDate: null,
    newEndDate: null,
    previousReviewDate: null,
    newReviewDate: null,
    approvedBy: SECRETS.approver,
    recordedBy: null,
  })
  await insertContract(t.testDb.db, {
    organisationId: 'org-b',
    draft: draft({ reference: 'B-001', title: 'Organisation B only', totalValue: '999999' }),
    actorUserId: null,
    source: 'manual',
  })
})

afterAll(() => t.close())

describe('CSV in the Transparency Code shape', () => {
  it('writes one row per contract, with a BOM, CRLF line ends and the importer’s headers', async () => {
    const file = await exportOf('csv', 'internal')
    expect(file.contentType).toBe('text/csv; charset=utf-8')
    expect(file.fileName).toBe('org-a-full-contracts.csv')
    expect(file.body.startsWith('\uFEFFOrganisation Name,Reference Number,Title of Agreement,')).toBe(true)
    expect(file.body.split('\r\n').filter(Boolean)).toHaveLength(CONTRACTS.length + 1)
    const rows = parseCsv(file.body)
    expect(rows.map((r) => r['Reference Number'])).toEqual(CONTRACTS.map((c) => c.reference))
    expect(rows.every((r) => r['Organisation Name'] === 'Organisation A')).toBe(true)
    expect(file.body).not.toContain('Organisation B only')
  })

  it('joins several suppliers with their numbers and flags in the same positions', async () => {
    const row = parseCsv((await exportOf('csv', 'internal')).body).find((r) => r['Reference Number'] === 'EXP-001')!
    expect(row).toMatchObject({
      'Supplier Name': 'Acme Build Ltd; Local Works CIC',
      'Supplier Company Number': '1234567; 09876543',
      'Supplier Charity Number': '',
      'Supplier Postcode': 'N1 1AA; N7 6PA',
      SME: 'No; Yes',
      VCSE: 'No; Yes',
      'Total Value': '120000.00',
      'Estimated Annual Value': '40000.00',
      'Irrecoverable VAT': '0.00',
      'Start Date': '2025-04-01',
      'End Date': '2029-03-31',
      'Review Date': '2027-01-01',
      'Latest End Date With Extensions': '2030-03-31',
      'Procurement Route': 'Open tender',
      'CPV Codes': '45000000; 45210000',
      'Contract Status': 'Live',
      'Contract Owner': SECRETS.ownerName,
      'Contract Owner Email': 'housing.owner@example.org',
      'Withheld Fields': '',
    })
    const direct = parseCsv((await exportOf('csv', 'internal')).body).find((r) => r['Reference Number'] === 'EXP-002')!
    expect(direct['SME']).toBe('Yes')
    // One supplier whose VCSE status is not known: blank, as registers write it.
    expect(direct['VCSE']).toBe('')
    expect(direct['Reason for Direct Award']).toBe('Extreme urgency: no heating in sheltered housing')
    expect(direct['Contract Status']).toBe('Ended')
  })

  it('makes a cell a spreadsheet would run as a formula inert', async () => {
    const file = await exportOf('csv', 'internal')
    expect(file.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`)
  })

  it('leaves withheld fields blank for the public, names them, and drops owners and cancelled contracts', async () => {
    const file = await exportOf('csv', 'public')
    expect(file.fileName).toBe('org-a-contracts.csv')
    const rows = parseCsv(file.body)
    expect(Object.keys(rows[0]!)).not.toContain('Contract Owner')
    expect(Object.keys(rows[0]!)).not.toContain('Contract Owner Email')
    expect(Object.keys(rows[0]!)).not.toContain('Supplier Postcode')
    expect(rows.map((r) => r['Reference Number'])).toEqual(['EXP-001', 'EXP-002', 'EXP-003', 'EXP-005', 'EXP-006'])
    const secret = rows.find((r) => r['Reference Number'] === 'EXP-003')!
    expect(secret).toMatchObject({
      'Title of Agreement': 'Security systems upgrade',
      'Description of Goods and Services': '',
      'Supplier Name': '',
      'Supplier Company Number': '',
      SME: '',
      'Total Value': '',
      'Estimated Annual Value': '',
      'Start Date': '2025-06-01',
      'Withheld Fields': 'annualValue; description; suppliers; totalValue',
    })
  })
})

describe('OCDS 1.1 packages', () => {
  it('validate against the official 1.1.5 schemas and codelists, public and full', async () => {
    for (const audience of ['public', 'internal'] as const) {
      expect(releasePackageProblems(await json('ocds-releases', audience))).toEqual([])
      expect(recordPackageProblems(await json('ocds-records', audience))).toEqual([])
    }
  })

  it('describe the package: publisher with its org-id, licence, version, extensions, dated at the last change', async () => {
    const pkg = await json('ocds-releases', 'public')
    const lastChange = await sql<{ at: Date }>`
      select greatest(
        (select max(updated_at) from contract where organisation_id = 'org-a' and status <> 'cancelled'),
        (select max(v.created_at) from contract_variation v join contract c on c.id = v.contract_id
          where c.organisation_id = 'org-a' and c.status <> 'cancelled')) as at`.execute(t.testDb.db)
    expect(pkg).toMatchObject({
      uri: 'http://localhost:3000/public/org-a/contracts/ocds-releases.json',
      version: '1.1',
      publisher: {
        name: 'Organisation A',
        scheme: 'GB-LAE',
        uid: 'ISL',
        uri: 'http://localhost:3000/public/org-a/contracts',
      },
      license: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      publishedDate: new Date(lastChange.rows[0]!.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    expect(pkg.extensions).toHaveLength(2)
    expect(pkg).not.toHaveProperty('publicationPolicy')
  })

  it('gives each contract a stable ocid and release ids: its own ocid, or the prefix and its id', async () => {
    const first = await json('ocds-releases', 'internal')
    const second = await json('ocds-releases', 'internal')
    expect(second.releases.map((r: Json) => r.id)).toEqual(first.releases.map((r: Json) => r.id))
    const ocids = new Set(first.releases.map((r: Json) => r.ocid))
    expect(ocids).toEqual(new Set(CONTRACTS.map((c) => c.ocid ?? `ocds-xxxxxx-${ids.get(c.reference)}`)))
    const configured = createContractExportService(t.services.deps, {
      ocidPrefix: 'ocds-abc123',
      publicationPolicy: 'https://example.org/publication-policy',
    })
    const pkg = JSON.parse((await configured.exportRegister('org-a', 'ocds-releases', 'public')).body) as Json
    expect(pkg.publicationPolicy).toBe('https://example.org/publication-policy')
    expect(pkg.releases.map((r: Json) => r.ocid)).toContain(`ocds-abc123-${ids.get('EXP-002')}`)
    expect(pkg.releases.map((r: Json) => r.ocid)).toContain(CONTRACTS[4]!.ocid)
    expect(releasePackageProblems(pkg)).toEqual([])
  })

  it('sums to the register’s own totals: every value, and for the public only those not withheld', async () => {
    const totalOf = (pkg: Json) =>
      pkg.records.reduce(
        (pence: number, r: Json) => pence + Math.round((r.compiledRelease.contracts[0].value?.amount ?? 0) * 100),
        0,
      )
    const internal = await sql<{ pence: string }>`
      select (sum(total_value) * 100)::bigint::text as pence from contract where organisation_id = 'org-a'`.execute(
      t.testDb.db,
    )
    const published = await sql<{ pence: string; n: string }>`
      select (sum(total_value) filter (where not ('totalValue' = any(confidential_fields))) * 100)::bigint::text as pence,
             count(*)::text as n
      from contract where organisation_id = 'org-a' and status <> 'cancelled'`.execute(t.testDb.db)
    const full = await json('ocds-records', 'internal')
    const open = await json('ocds-records', 'public')
    expect(totalOf(full)).toBe(Number(internal.rows[0]!.pence))
    expect(totalOf(open)).toBe(Number(published.rows[0]!.pence))
    expect(open.records).toHaveLength(Number(published.rows[0]!.n))
  })

  it('maps a contract: parties with org-ids and scale, tender, award at its awarded value, contract, amendment', async () => {
    const pkg = await json('ocds-releases', 'internal')
    const ocid = `ocds-xxxxxx-${ids.get('EXP-001')}`
    const releases = pkg.releases.filter((r: Json) => r.ocid === ocid)
    expect(releases.map((r: Json) => r.tag)).toEqual([['contractAmendment'], ['award', 'contract']])
    const [amendmentRelease, current] = releases
    expect(amendmentRelease).toMatchObject({
      id: `${ocid}-amendment-${(await sql<{ id: string }>`select id from contract_variation where contract_id = ${ids.get('EXP-001')}`.execute(t.testDb.db)).rows[0]!.id}`,
      date: '2026-01-15T00:00:00Z',
      contracts: [{ value: { amount: 120000, currency: 'GBP' }, period: { endDate: '2029-03-31T23:59:59Z' } }],
    })
    expect(current.buyer).toEqual({ id: 'GB-LAE-ISL', name: 'Organisation A' })
    expect(current.parties).toEqual([
      {
        id: 'GB-LAE-ISL',
        name: 'Organisation A',
        identifier: { scheme: 'GB-LAE', id: 'ISL', legalName: 'Organisation A' },
        contactPoint: { name: SECRETS.ownerName, email: 'housing.owner@example.org' },
        roles: ['buyer'],
      },
      {
        id: 'GB-COH-01234567',
        name: 'Acme Build Ltd',
        identifier: { scheme: 'GB-COH', id: '01234567', legalName: 'Acme Build Ltd' },
        address: { postalCode: 'N1 1AA', countryName: 'United Kingdom' },
        roles: ['supplier'],
        details: { scale: 'large', vcse: false },
      },
      {
        id: 'GB-COH-09876543',
        name: 'Local Works CIC',
        identifier: { scheme: 'GB-COH', id: '09876543', legalName: 'Local Works CIC' },
        address: { postalCode: 'N7 6PA', countryName: 'United Kingdom' },
        roles: ['supplier'],
        details: { scale: 'sme', vcse: true },
      },
    ])
    expect(current.tender).toMatchObject({
      procurementMethod: 'open',
      procurementMethodDetails: 'Open tender',
      mainProcurementCategory: 'works',
      items: [
        {
          classification: { scheme: 'CPV', id: '45000000', description: 'Construction work' },
          additionalClassifications: [{ scheme: 'CPV', id: '45210000' }],
        },
      ],
      lots: [
        { id: '1', title: 'North of the borough', value: { amount: 70000, currency: 'GBP' } },
        { id: '2', title: 'South of the borough', description: 'Including Angel', value: { amount: 50000 } },
      ],
    })
    expect(current.awards[0]).toMatchObject({
      status: 'active',
      value: { amount: 100000, currency: 'GBP' },
      suppliers: [
        { id: 'GB-COH-01234567', name: 'Acme Build Ltd' },
        { id: 'GB-COH-09876543', name: 'Local Works CIC' },
      ],
    })
    expect(current.contracts[0]).toMatchObject({
      awardID: current.awards[0].id,
      status: 'active',
      value: { amount: 120000, currency: 'GBP' },
      period: {
        startDate: '2025-04-01T00:00:00Z',
        endDate: '2029-03-31T23:59:59Z',
        maxExtentDate: '2030-03-31T23:59:59Z',
      },
      milestones: [{ type: 'assessment', dueDate: '2027-01-01T00:00:00Z', status: 'scheduled' }],
      amendments: [
        {
          date: '2026-01-15T00:00:00Z',
          rationale: 'Extension option taken up',
          description:
            'Extension: end date changed from 2028-03-31 to 2029-03-31; total value changed from £100,000.00 to £120,000.00 (+£20,000.00).',
          releaseID: amendmentRelease.id,
        },
      ],
    })
  })

  it('maps direct awards, suppliers without identifiers, frameworks, charities and mutuals', async () => {
    const pkg = await json('ocds-records', 'internal')
    const compiled = (reference: string) =>
      pkg.records.find(
        (r: Json) => r.compiledRelease.tender.title === CONTRACTS.find((c) => c.reference === reference)!.title,
      ).compiledRelease
    const direct = compiled('EXP-002')
    expect(direct.tender).toMatchObject({
      procurementMethod: 'direct',
      procurementMethodRationale: 'Extreme urgency: no heating in sheltered housing',
      mainProcurementCategory: 'services',
    })
    expect(direct.parties[1]).toEqual({
      id: 'supplier-1',
      name: 'J Smith Plumbing',
      identifier: { legalName: 'J Smith Plumbing' },
      address: { postalCode: 'N19 3TD', countryName: 'United Kingdom' },
      roles: ['supplier'],
      details: { scale: 'sme' },
    })
    expect(direct.contracts[0].status).toBe('terminated')
    expect(direct.contracts[0].value).toEqual({ amount: 8500.5, currency: 'GBP' })
    const framework = compiled('EXP-005')
    expect(framework.ocid).toBe(CONTRACTS[4]!.ocid)
    expect(framework.tender).toMatchObject({
      procurementMethod: 'selective',
      procurementMethodDetails: 'Call-off from a framework: Food for Good Framework',
      mainProcurementCategory: 'goods',
    })
    expect(framework.parties[1].identifier).toEqual({
      scheme: 'GB-MPR',
      id: '12345R',
      legalName: 'Islington Food Co-operative',
    })
    const charity = compiled('EXP-006')
    expect(charity.parties[1]).toMatchObject({
      id: 'GB-CHC-1123456',
      details: { scale: 'sme', vcse: true },
    })
    expect(charity.tender.procurementMethod).toBe('limited')
    expect(charity.contracts[0].status).toBe('pending')
    const cancelled = compiled('EXP-004')
    expect(cancelled.awards[0].status).toBe('cancelled')
    expect(cancelled.contracts[0].status).toBe('cancelled')
  })

  it('keeps records in date order with the current state compiled', async () => {
    const pkg = await json('ocds-records', 'internal')
    expect(pkg.records).toHaveLength(CONTRACTS.length)
    for (const record of pkg.records) {
      const dates = record.releases.map((r: Json) => r.date)
      expect(dates).toEqual([...dates].sort())
      const current = record.releases.at(-1)
      expect(record.compiledRelease).toEqual({ ...current, id: `${current.id}-compiled`, tag: ['compiled'] })
    }
  })

  it('leaves withheld fields out of the public packages rather than writing blanks or zeros', async () => {
    const pkg = await json('ocds-records', 'public')
    const record = pkg.records.find((r: Json) => r.ocid === `ocds-xxxxxx-${ids.get('EXP-003')}`)
    const compiled = record.compiledRelease
    expect(compiled.parties).toEqual([
      {
        id: 'GB-LAE-ISL',
        name: 'Organisation A',
        identifier: { scheme: 'GB-LAE', id: 'ISL', legalName: 'Organisation A' },
        roles: ['buyer'],
      },
    ])
    expect(compiled.awards[0]).not.toHaveProperty('value')
    expect(compiled.awards[0]).not.toHaveProperty('suppliers')
    expect(compiled.contracts[0]).not.toHaveProperty('value')
    expect(compiled.contracts[0]).not.toHaveProperty('description')
    expect(compiled.tender).not.toHaveProperty('description')
    expect(compiled.contracts[0].amendments).toEqual([
      expect.objectContaining({ rationale: 'Additional cameras', description: 'Variation.' }),
    ])
    const amendmentRelease = record.releases.find((r: Json) => r.tag.includes('contractAmendment'))
    expect(amendmentRelease.contracts[0]).not.toHaveProperty('value')
  })
})

describe('downloads', () => {
  const PUBLIC = [
    ['/public/org-a/contracts.csv', 'text/csv; charset=utf-8', 'org-a-contracts.csv'],
    [
      '/public/org-a/contracts/ocds-releases.json',
      'application/json; charset=utf-8',
      'org-a-contracts-ocds-releases.json',
    ],
    [
      '/public/org-a/contracts/ocds-records.json',
      'application/json; charset=utf-8',
      'org-a-contracts-ocds-records.json',
    ],
  ] as const

  it('serves the public view to anyone, with its type and file name, and never a withheld or personal value', async () => {
    const client = new Client(t.app)
    for (const [url, type, name] of PUBLIC) {
      const response = await client.get(url)
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-type']).toBe(type)
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${name}"`)
      for (const secret of Object.values(SECRETS)) expect(response.body, `${url}: ${secret}`).not.toContain(secret)
      expect(response.body).not.toContain('Organisation B only')
      expect(response.body).not.toContain('N1 1AA')
    }
  })

  it('answers 404 for an organisation that does not exist', async () => {
    for (const url of ['/public/nowhere/contracts.csv', '/public/nowhere/contracts/ocds-releases.json'])
      expect((await new Client(t.app).get(url)).statusCode).toBe(404)
  })

  it('gives the full exports to the organisation’s own people only, for their own organisation', async () => {
    const anonymous = await new Client(t.app).get('/contracts/export.csv')
    expect(anonymous.statusCode).toBe(302)
    const viewer = new Client(t.app)
    await viewer.signIn('viewer@example.org', FIXTURE_PASSWORD)
    const full = await viewer.get('/contracts/export.csv')
    expect(full.statusCode).toBe(200)
    expect(full.headers['content-disposition']).toBe('attachment; filename="org-a-full-contracts.csv"')
    expect(full.body).toContain(SECRETS.supplier)
    expect(full.body).toContain(SECRETS.ownerEmail)
    expect(full.body).not.toContain(SECRETS.note)
    const records = await viewer.get('/contracts/export/ocds-records.json')
    expect(records.statusCode).toBe(200)
    expect(recordPackageProblems(JSON.parse(records.body))).toEqual([])
    expect(records.body).not.toContain(SECRETS.approver)

    const otherOrg = new Client(t.app)
    await otherOrg.signIn('orgadmin-b@example.org', FIXTURE_PASSWORD)
    for (const url of ['/contracts/export.csv', '/contracts/export/ocds-releases.json']) {
      const response = await otherOrg.get(url)
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('Organisation B only')
      expect(response.body).not.toContain('Estate repairs')
    }
    const supplierUser = new Client(t.app)
    await supplierUser.signIn('supplier@example.org', FIXTURE_PASSWORD)
    expect((await supplierUser.get('/contracts/export.csv')).statusCode).toBe(403)
  })
})

describe('organisation identifier', () => {
  it('is asked for on the organisation form, checked, normalised and audited', async () => {
    const admin = new Client(t.app)
    await admin.signIn('admin@example.org', FIXTURE_PASSWORD)
    const form = await admin.get('/admin/organisations/org-b/edit')
    expect(form.body).toContain('name="orgIdentifier"')
    const base = { name: 'Organisation B', type: 'nhs', home: 'E09000007', neighbours: '', regionCode: '' }
    const wrong = await admin.post(
      '/admin/organisations/org-b/edit',
      { ...base, orgIdentifier: 'RKE' },
      { csrfFrom: '/admin/organisations/org-b/edit' },
    )
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('Error: ')
    expect(wrong.body).toContain('href="#orgIdentifier"')
    expect(wrong.body).toContain('must start with a registry prefix from org-id.guide')
    const right = await admin.post(
      '/admin/organisations/org-b/edit',
      { ...base, orgIdentifier: 'gb-nhs-rke' },
      { csrfFrom: '/admin/organisations/org-b/edit' },
    )
    expect(right.statusCode).toBe(302)
    expect((await t.services.organisations.get('org-b')).orgIdentifier).toBe('GB-NHS-RKE')
    expect((await admin.get('/admin/organisations/org-b')).body).toContain('GB-NHS-RKE')
    const audit = await sql<{ after: Json }>`
      select after from audit_event where action = 'organisation.update' and entity_id = 'org-b'
      order by occurred_at desc limit 1`.execute(t.testDb.db)
    expect(audit.rows[0]!.after.orgIdentifier).toBe('GB-NHS-RKE')
  })
})

describe('round trip', () => {
  it('an exported CSV imported into another organisation gives back the same contracts', async () => {
    await t.services.organisations.add(SYSTEM_ACTOR, {
      id: 'org-c',
      name: 'Organisation C',
      type: 'council',
      home: ['E09000019'],
    })
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-export-'))
    try {
      const file = path.join(dir, 'register.csv')
      fs.writeFileSync(file, (await exportOf('csv', 'internal')).body)
      const summary = await t.services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'org-c', path: file })
      expect(summary.rejected).toBe(0)
      expect(summary.created).toBe(CONTRACTS.length)
      const comparable = (c: ContractDraft) => ({
        ...c,
        ownerUserId: null,
        notes: null,
        lots: [],
        // The importer writes company numbers as Companies House does: eight characters, zero-padded.
        suppliers: c.suppliers.map((s) => ({
          ...s,
          supplierId: null,
          companyNumber: s.companyNumber?.replace(/^\d{1,7}$/, (n) => n.padStart(8, '0')) ?? null,
        })),
      })
      const before = await listContractsOfOrganisation(t.testDb.db, 'org-a')
      const after = await listContractsOfOrganisation(t.testDb.db, 'org-c')
      const pick = (c: ContractDraft) => {
        const { reference, title, description, department, ownerName, ownerEmail, totalValue, annualValue } = c
        const { irrecoverableVat, startDate, endDate, reviewDate, extensionOptions, maxEndDate } = c
        const { procurementRoute, directAwardReason, frameworkName, cpvCodes, status, ocid, confidentialFields } = c
        return comparable({
          ...emptyContractDraft(reference, title),
          description,
          department,
          ownerName,
          ownerEmail,
          totalValue,
          annualValue,
          irrecoverableVat,
          startDate,
          endDate,
          reviewDate,
          extensionOptions,
          maxEndDate,
          procurementRoute,
          directAwardReason,
          frameworkName,
          cpvCodes,
          status,
          ocid,
          confidentialFields,
          suppliers: c.suppliers,
        })
      }
      // A cell a spreadsheet would run as a formula comes back with the apostrophe that made it inert.
      const inert = (c: ContractDraft) =>
        c.description?.startsWith('=') ? { ...c, description: `'${c.description}` } : c
      expect(after.map(pick)).toEqual(before.map(inert).map(pick))

      // Importing the same file again changes nothing.
      const again = await t.services.contractImport.importFile(SYSTEM_ACTOR, { organisationId: 'org-c', path: file })
      expect(again.unchanged).toBe(CONTRACTS.length)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('real data', () => {
  it('imports the Contracts Finder releases, exports them, and the packages validate and add up', async () => {
    await t.services.organisations.add(SYSTEM_ACTOR, {
      id: 'cf',
      name: 'Contracts Finder buyers',
      type: 'other',
      home: ['E09000019'],
      orgIdentifier: 'GB-GOR-PB1234',
    })
    const summary = await t.services.contractImport.importFile(SYSTEM_ACTOR, {
      organisationId: 'cf',
      path: RELEASES_2025,
    })
    expect(summary.created).toBeGreaterThan(100)
    const published = JSON.parse(fs.readFileSync(RELEASES_2025, 'utf8')) as Json[]
    const publishedOcids = new Set(published.map((r) => r.ocid))
    const db = await sql<{ n: string; pence: string | null; coh: string; sme: string }>`
      select count(*)::text as n,
             (sum(total_value) * 100)::bigint::text as pence,
             (select count(*) from contract_supplier s join contract c on c.id = s.contract_id
               where c.organisation_id = 'cf'
                 and (s.company_number is not null or s.other_registration ilike 'GB-COH-%'))::text as coh,
             (select count(*) from contract_supplier s join contract c on c.id = s.contract_id
               where c.organisation_id = 'cf' and s.is_sme)::text as sme
      from contract where organisation_id = 'cf'`.execute(t.testDb.db)
    const figures = db.rows[0]!

    for (const audience of ['internal', 'public'] as const) {
      const releases = JSON.parse(
        (await t.services.contractExport.exportRegister('cf', 'ocds-releases', audience)).body,
      )
      expect(releasePackageProblems(releases)).toEqual([])
      const records = JSON.parse((await t.services.contractExport.exportRegister('cf', 'ocds-records', audience)).body)
      expect(recordPackageProblems(records)).toEqual([])
      if (audience === 'public') continue
      expect(records.records).toHaveLength(Number(figures.n))
      // Contracts Finder's own ocids are kept.
      expect(records.records.every((r: Json) => publishedOcids.has(r.ocid))).toBe(true)
      const pence = records.records.reduce(
        (sum: number, r: Json) => sum + Math.round((r.compiledRelease.contracts[0].value?.amount ?? 0) * 100),
        0,
      )
      expect(pence).toBe(Number(figures.pence ?? 0))
      const suppliers = records.records.flatMap((r: Json) =>
        r.compiledRelease.parties.filter((p: Json) => p.roles.includes('supplier')),
      )
      expect(suppliers.filter((p: Json) => p.identifier.scheme === 'GB-COH')).toHaveLength(Number(figures.coh))
      expect(suppliers.filter((p: Json) => p.details?.scale === 'sme')).toHaveLength(Number(figures.sme))
    }
  })
})

describe('cwb contracts export', () => {
  const saved = { ...process.env }
  let dir = ''
  let dropDatabase = async () => {}
  const REGISTER = [
    'Contract Reference,Title,Directorate,Description,Supplier,Company Number,Value,Start Date,End Date,Procurement Procedure,Contract Owner Email,Withheld Fields',
    'CAM-1,Parks cleaning,Environment,Litter picking,Clean Parks Ltd,1234567,"£12,000.00",01/04/2025,31/03/2026,Open tender,a.officer@camden.example,',
    'CAM-2,Secure data centre,Resources,Hosting,Hidden Hosting Ltd,07777777,250000,01/05/2025,30/04/2028,Restricted,secret.owner@camden.example,suppliers; totalValue',
  ].join('\r\n')

  // On the postgres project the command line runs against a PostgreSQL database of its own; else an embedded one.
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-export-cli-'))
    process.env.CWB_DEMO = 'false'
    process.env.CWB_DATA_DIR = dir
    delete process.env.DATABASE_URL
    if (testDbKind() === 'postgres') {
      const server = inject('cwbPostgres')!
      const name = `${server.databasePrefix}export_cli_${randomId()}`
      await withAdminClient(server.adminUrl, (c) =>
        c.query(
          `create database ${quoteIdent(name)}${server.template ? ` template ${quoteIdent(server.template)}` : ''}`,
        ),
      )
      process.env.DATABASE_URL = databaseUrl(server.adminUrl, name)
      dropDatabase = async () => {
        await withAdminClient(server.adminUrl, (c) =>
          c.query(`drop database if exists ${quoteIdent(name)} with (force)`),
        )
      }
    }
  })

  afterAll(async () => {
    process.env = saved
    await dropDatabase()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('adds an organisation with its identifier, and refuses one without a known registry prefix', async () => {
    const bad = await cli('org', 'add', '--id', 'camden', '--name', 'Camden Council', '--type', 'council')
    expect(bad.code).not.toBe(0)
    const wrong = await cli(
      'org',
      'add',
      '--id',
      'camden',
      '--name',
      'Camden Council',
      '--type',
      'council',
      '--home',
      'E09000007',
      '--org-identifier',
      'CMD',
    )
    expect(wrong.code).toBe(1)
    expect(wrong.err).toContain('registry prefix')
    const added = await cli(
      'org',
      'add',
      '--id',
      'camden',
      '--name',
      'Camden Council',
      '--type',
      'council',
      '--home',
      'E09000007',
      '--org-identifier',
      'gb-lae-cmd',
      '--json',
    )
    expect(added.code).toBe(0)
    expect(JSON.parse(added.out).orgIdentifier).toBe('GB-LAE-CMD')
    const file = path.join(dir, 'register.csv')
    fs.writeFileSync(file, REGISTER)
    const imported = await cli('contracts', 'import', file, '--org', 'camden', '--json')
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.out)).toMatchObject({ created: 2, rejected: 0 })
  })

  it('writes the full CSV, and the public one without withheld or personal values', async () => {
    const full = await cli('contracts', 'export', '--org', 'camden')
    expect(full.code).toBe(0)
    const rows = parseCsv(full.out)
    expect(full.out.startsWith('\uFEFF')).toBe(true)
    expect(
      rows.map((r) => [r['Reference Number'], r['Supplier Company Number'], r['Total Value'], r['Start Date']]),
    ).toEqual([
      ['CAM-1', '01234567', '12000.00', '2025-04-01'],
      ['CAM-2', '07777777', '250000.00', '2025-05-01'],
    ])
    expect(full.out).toContain('secret.owner@camden.example')
    const open = await cli('contracts', 'export', '--org', 'camden', '--format', 'csv', '--public')
    expect(open.code).toBe(0)
    for (const secret of ['Hidden Hosting', '07777777', '250000', 'secret.owner', 'a.officer'])
      expect(open.out).not.toContain(secret)
    expect(parseCsv(open.out).find((r) => r['Reference Number'] === 'CAM-2')!['Withheld Fields']).toBe(
      'suppliers; totalValue',
    )
  })

  it('writes OCDS release and record packages that validate, public and full', async () => {
    for (const extra of [[], ['--public']]) {
      const releases = await cli('contracts', 'export', '--org', 'camden', '--format', 'ocds-releases', ...extra)
      expect(releases.code).toBe(0)
      const pkg = JSON.parse(releases.out)
      expect(releasePackageProblems(pkg)).toEqual([])
      expect(pkg.publisher).toMatchObject({ name: 'Camden Council', scheme: 'GB-LAE', uid: 'CMD' })
      expect(pkg.releases[0].ocid).toMatch(/^ocds-xxxxxx-[0-9a-f-]{36}$/)
      const records = await cli('contracts', 'export', '--org', 'camden', '--format', 'ocds-records', ...extra)
      expect(records.code).toBe(0)
      expect(recordPackageProblems(JSON.parse(records.out))).toEqual([])
      if (extra.length) expect(records.out).not.toContain('Hidden Hosting')
    }
  })

  it('uses the configured OCID prefix, and says what is wrong with a bad format or organisation', async () => {
    process.env.CWB_OCID_PREFIX = 'ocds-cmd001'
    const releases = await cli('contracts', 'export', '--org', 'camden', '--format', 'ocds-releases')
    expect(JSON.parse(releases.out).releases[0].ocid).toMatch(/^ocds-cmd001-/)
    process.env.CWB_OCID_PREFIX = 'not-a-prefix'
    const misconfigured = await cli('contracts', 'export', '--org', 'camden', '--format', 'ocds-releases')
    expect(misconfigured.code).not.toBe(0)
    expect(misconfigured.err).toContain('CWB_OCID_PREFIX')
    delete process.env.CWB_OCID_PREFIX
    const format = await cli('contracts', 'export', '--org', 'camden', '--format', 'xml')
    expect(format.code).not.toBe(0)
    expect(format.err).toContain('--format must be one of csv, ocds-releases, ocds-records')
    const nowhere = await cli('contracts', 'export', '--org', 'nowhere')
    expect(nowhere.code).not.toBe(0)
    expect(nowhere.err).toContain('There is no organisation nowhere')
  })
})
