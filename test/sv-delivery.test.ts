// Social value end to end on the services: commitments and returns loaded from files, the report's £ checked
// against an independent computation from the files and the shipped proxy values (including the carbon value
// changing on 1 January, mid-year), all-or-nothing and idempotent imports, suppliers confined to their own
// contracts, officers to their own organisation, the review history, reminders and ethical standards.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract } from '../src/db/repositories/contract.repository.js'
import type { Actor } from '../src/domain/audit/audit.js'
import { emptyContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import { ForbiddenError, NotFoundError } from '../src/domain/errors.js'
import type { Services } from '../src/services.js'
import { syncShippedFrameworks } from '../src/services/sv-framework.service.js'
import { SvImportError } from '../src/services/sv-import.service.js'
import { createTestServices, recordingMailer, type RecordingMailer } from './helpers/app.js'
import { createAccessFixture, type AccessFixture } from './helpers/fixtures.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

const SHIPPED = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../src/reference/social-value/islington-2020.json',
)

let testDb: TestDb
let services: Services
let fixture: AccessFixture
let mailer: RecordingMailer
let dir: string
let otherSupplierId: string
const now = { value: new Date('2026-06-01T09:00:00Z') }
const contracts: Record<string, string> = {}

const officer = (): Actor => ({ userId: fixture.users.officer.id, label: 'officer@example.org' })
const supplierActor = (): Actor => ({ userId: fixture.users.supplier.id, label: 'supplier@example.org' })

function file(name: string, lines: string[]): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, `${lines.join('\n')}\n`)
  return p
}

async function addContract(
  organisationId: string,
  reference: string,
  supplierId: string | null,
  extra: Partial<ContractDraft> = {},
) {
  const draft: ContractDraft = {
    ...emptyContractDraft(reference, `Contract ${reference}`),
    department: 'Environment',
    suppliers: supplierId
      ? [
          {
            supplierId,
            name: 'Supplier',
            companyNumber: null,
            charityNumber: null,
            otherRegistration: null,
            postcode: null,
            isSme: null,
            isVcse: null,
          },
        ]
      : [],
    ...extra,
  }
  return insertContract(testDb.db, { organisationId, draft, actorUserId: null, source: 'manual' })
}

const COMMITMENTS = [
  'contract_reference,measure_code,period_start,period_end,target_quantity',
  'SV-001,ISL-E1,2025-04-01,2026-03-31,4',
  'SV-001,ISL-N1,2025-10-01,2025-12-31,12.5',
  'SV-001,ISL-N1,2026-01-01,2026-03-31,12.5',
  'SV-001,ISL-E7,2025-04-01,2026-03-31,250000',
  'SV-002,ISL-E2,2025-04-01,2026-03-31,3',
  'SV-002,ISL-N2,2025-04-01,2026-03-31,500',
  'sv-002,isl-e4,2025-07-01,2025-09-30,2',
]
const RETURNS = [
  'contract_reference,measure_code,period_start,period_end,actual_quantity,evidence',
  'SV-001,ISL-E1,2025-04-01,2025-06-30,0.75,Payroll extract https://example.org/q1.pdf',
  'SV-001,ISL-E1,2025-07-01,2025-09-30,1.25,Payroll extract',
  'SV-001,ISL-E1,2025-10-01,2025-12-31,1.333,Payroll extract',
  'SV-001,ISL-N1,2025-10-01,2025-12-31,13.007,Fleet telematics report',
  'SV-001,ISL-N1,2026-01-01,2026-03-31,9.9,Fleet telematics report',
  'SV-001,ISL-E7,2025-04-01,2025-09-30,"101,234.56",Sub-contractor payments',
  'SV-002,ISL-E2,2025-04-01,2026-03-31,3,Apprenticeship agreements',
  'SV-002,ISL-N2,2025-04-01,2026-03-31,480,Purchasing records',
  'SV-002,ISL-E4,2025-07-01,2025-09-30,1,Start records',
]

beforeAll(async () => {
  testDb = await createTestDb()
  mailer = recordingMailer()
  services = await createTestServices(testDb, mailer, { clock: { now: () => now.value } })
  await syncShippedFrameworks(testDb.db)
  fixture = await createAccessFixture(services)
  const other = await testDb.db
    .insertInto('supplier')
    .values({ name: 'Other Ltd', normalised_name: 'other' })
    .returning('id')
    .executeTakeFirstOrThrow()
  otherSupplierId = other.id
  contracts.a1 = await addContract('org-a', 'SV-001', fixture.supplierId)
  contracts.a2 = await addContract('org-a', 'SV-002', otherSupplierId, { department: 'Children' })
  contracts.a3 = await addContract('org-a', 'SV-003', fixture.supplierId, { cpvCodes: ['85312000-9'] })
  contracts.b1 = await addContract('org-b', 'SV-001', fixture.supplierId)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-sv-'))
})
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  await testDb.destroy()
})

/** The expected £ computed here from the files and the shipped JSON, in integer pence with its own rounding. */
function independentTotals(commitmentsCsv: string[], returnsCsv: string[]) {
  const shipped = JSON.parse(fs.readFileSync(SHIPPED, 'utf8')) as {
    outcomes: { theme: string; measures: { code: string; proxies: { validFrom: string; value: string }[] }[] }[]
  }
  const measures = new Map(shipped.outcomes.flatMap((o) => o.measures.map((m) => [m.code, m] as const)))
  const toThousandths = (s: string) => {
    const [whole, frac = ''] = s.replace(/,/g, '').split('.')
    return BigInt(whole!) * 1000n + BigInt(frac.padEnd(3, '0'))
  }
  const penceOf = (s: string) => {
    const [whole, frac = ''] = s.split('.')
    return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'))
  }
  const price = (code: string, date: string) => {
    const applicable = measures
      .get(code.toUpperCase())!
      .proxies.filter((p) => p.validFrom <= date)
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))
    return applicable[0] ? penceOf(applicable[0].value) : 0n
  }
  const sum = (csv: string[], quantityColumn: string) => {
    const rows = parse(csv.join('\n'), { columns: true }) as Record<string, string>[]
    let total = 0n
    for (const r of rows) {
      const exact = toThousandths(r[quantityColumn]!) * price(r.measure_code!, r.period_start!)
      total += exact / 1000n + (exact % 1000n >= 500n ? 1n : 0n)
    }
    return `${total / 100n}.${(total % 100n).toString().padStart(2, '0')}`
  }
  return { committed: sum(commitmentsCsv.slice(0), 'target_quantity'), delivered: sum(returnsCsv, 'actual_quantity') }
}

describe('commitments and returns from files', () => {
  it('refuses a file with bad rows, naming each, and stores nothing', async () => {
    const bad = file('bad-commitments.csv', [
      COMMITMENTS[0]!,
      'SV-001,ISL-E1,2025-04-01,2026-03-31,4',
      'SV-999,ISL-E1,2025-04-01,2026-03-31,4',
      'SV-001,NOPE,2025-04-01,2026-03-31,4',
      'SV-001,ISL-E1,2025-04-01,2026-03-31,5',
      'SV-001,ISL-E2,2025-13-01,2026-03-31,-2',
    ])
    const error = await services.svImport
      .importCommitments(officer(), { organisationId: 'org-a', path: bad })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SvImportError)
    expect((error as SvImportError).rejections).toEqual([
      { row: 3, reason: 'there is no contract SV-999 in org-a' },
      { row: 4, reason: 'there is no measure NOPE in the framework islington-2020' },
      { row: 5, reason: 'the same contract, measure and period as row 2' },
      { row: 6, reason: 'period_start "2025-13-01" is not a date written YYYY-MM-DD' },
      { row: 6, reason: 'target_quantity "-2" is not a number of 0 or more with at most 3 decimal places' },
    ])
    expect(await services.svReturns.listCommitments('org-a')).toEqual([])
    const imports = await testDb.db.selectFrom('sv_import').selectAll().execute()
    expect(imports).toEqual([])
  })

  it('refuses returns for which the contract has no commitment', async () => {
    await services.svImport.importCommitments(officer(), {
      organisationId: 'org-a',
      path: file('commitments.csv', COMMITMENTS),
    })
    const error = await services.svImport
      .importReturns(officer(), {
        organisationId: 'org-a',
        path: file('orphan-returns.csv', [RETURNS[0]!, RETURNS[1]!, 'SV-001,ISL-E2,2025-04-01,2025-06-30,1,none']),
      })
      .catch((e: unknown) => e)
    expect((error as SvImportError).rejections).toEqual([
      { row: 3, reason: 'contract SV-001 has no commitment for ISL-E2 covering 2025-04-01 to 2025-06-30' },
    ])
    expect(await services.svReturns.listReturns('org-a')).toEqual([])
  })

  it('loads good files once: a second load changes nothing', async () => {
    const again = await services.svImport.importCommitments(officer(), {
      organisationId: 'org-a',
      path: path.join(dir, 'commitments.csv'),
    })
    expect(again).toMatchObject({ rowsRead: 7, created: 0, updated: 0, unchanged: 7 })
    const first = await services.svImport.importReturns(officer(), {
      organisationId: 'org-a',
      path: file('returns.csv', RETURNS),
    })
    expect(first).toMatchObject({ rowsRead: 9, created: 9, updated: 0, unchanged: 0 })
    const second = await services.svImport.importReturns(officer(), {
      organisationId: 'org-a',
      path: path.join(dir, 'returns.csv'),
    })
    expect(second).toMatchObject({ rowsRead: 9, created: 0, unchanged: 9 })
    const returns = await services.svReturns.listReturns('org-a')
    expect(returns).toHaveLength(9)
    expect(returns.every((r) => r.status === 'accepted' && r.source === 'import')).toBe(true)
    const q1 = returns.find((r) => r.measureCode === 'ISL-E1' && r.periodStart === '2025-04-01')!
    const detail = await services.svReturns.getReturn({ organisationId: 'org-a' }, q1.id)
    expect(detail.evidence.map((e) => [e.kind, e.url ?? e.description])).toEqual([
      ['link', 'https://example.org/q1.pdf'],
      ['note', 'Payroll extract'],
    ])
    const audit = await testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'sv.%-imported')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'sv.commitments-imported',
      'sv.commitments-imported',
      'sv.returns-imported',
      'sv.returns-imported',
    ])
  })

  it('reports committed and delivered £ that agree to the penny with a computation from the files', async () => {
    const expected = independentTotals(COMMITMENTS, RETURNS)
    const report = await services.svReport.report({ organisationId: 'org-a' })
    expect(report.committed.amount).toBe(expected.committed)
    expect(report.delivered.amount).toBe(expected.delivered)
    // And by hand: committed 4 × 10,025 + 12.5 × 260 + 12.5 × 264 + 250,000 × 1 + 3 × 836 + 2 × 8,831
    //   = 40,100 + 3,250 + 3,300 + 250,000 + 2,508 + 17,662 = 316,820.00 (plastic has no proxy)
    expect(expected.committed).toBe('316820.00')
    // delivered 0.75, 1.25, 1.333 × 10,025 = 7,518.75 + 12,531.25 + 13,363.33; 13.007 × 260 = 3,381.82 (2025 value);
    //   9.9 × 264 = 2,613.60 (2026 value); 101,234.56; 3 × 836 = 2,508; 1 × 8,831
    expect(expected.delivered).toBe('151982.31')
    expect(report.byContract.map((c) => [c.reference, c.committed.amount, c.delivered.amount])).toEqual([
      ['SV-001', '296650.00', '140643.31'],
      ['SV-002', '20170.00', '11339.00'],
    ])
  })

  it('keeps past figures when a new proxy value is added, and refuses to change one in force', async () => {
    const before = await services.svReport.report({ organisationId: 'org-a' })
    const framework = await services.svFrameworks.get('islington-2020')
    const carbon = framework.outcomes.flatMap((o) => o.measures).find((m) => m.code === 'ISL-N1')!
    carbon.proxies.push({ ...carbon.proxies.at(-1)!, validFrom: '2026-04-01', value: '300.00', sourceYear: '2026' })
    await services.svFrameworks.importFramework(officer(), framework)
    const after = await services.svReport.report({ organisationId: 'org-a' })
    expect(after.committed).toEqual(before.committed)
    expect(after.delivered).toEqual(before.delivered)
    carbon.proxies.find((p) => p.validFrom === '2025-01-01')!.value = '999.00'
    await expect(services.svFrameworks.importFramework(officer(), framework)).rejects.toThrow(/cannot become £999.00/)
  })

  it('judges each commitment red, amber or green at the organisation’s thresholds', async () => {
    const report = await services.svReport.report({ organisationId: 'org-a' })
    const line = (ref: string, code: string, start: string) =>
      report.rag.commitments.find(
        (c) => c.contractReference === ref && c.measureCode === code && c.periodStart === start,
      )!
    // 0.75 + 1.25 + 1.333 = 3.333 of 4 FTE-years
    expect(line('SV-001', 'ISL-E1', '2025-04-01')).toMatchObject({ status: 'amber', percent: '83.3' })
    expect(line('SV-001', 'ISL-N1', '2025-10-01')).toMatchObject({ status: 'green', percent: '104.1' })
    expect(line('SV-001', 'ISL-N1', '2026-01-01')).toMatchObject({ status: 'amber', percent: '79.2' })
    expect(line('SV-001', 'ISL-E7', '2025-04-01')).toMatchObject({ status: 'red', percent: '40.5' })
    expect(line('SV-002', 'ISL-N2', '2025-04-01')).toMatchObject({
      status: 'amber',
      percent: '96.0',
      committed: { amount: '0.00' },
    })
    await services.svReturns.updateSettings(officer(), 'org-a', { greenPercent: 80, amberPercent: 40 })
    const relaxed = await services.svReport.report({ organisationId: 'org-a' })
    expect(relaxed.rag.commitments.find((c) => c.measureCode === 'ISL-E7')!.status).toBe('amber')
    expect(relaxed.rag.commitments.find((c) => c.measureCode === 'ISL-E1')!.status).toBe('green')
    await services.svReturns.updateSettings(officer(), 'org-a', { greenPercent: 100, amberPercent: 75 })
  })

  it('keeps organisations apart: org-b sees none of it, and a network pools its members', async () => {
    const b = await services.svReport.report({ organisationId: 'org-b' })
    expect(b.committed.amount).toBe('0.00')
    expect(await services.svReturns.listReturns('org-b')).toEqual([])
    const network = await services.svReport.report({ networkId: 'net-ab' })
    expect(network.committed.amount).toBe('316820.00')
    const someReturn = (await services.svReturns.listReturns('org-a'))[0]!
    await expect(services.svReturns.getReturn({ organisationId: 'org-b' }, someReturn.id)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('what a commitment may promise', () => {
  it('refuses a target of 0 and a period outside the contract’s term, extensions included', async () => {
    const contractId = await addContract('org-a', 'SV-TERM', null, {
      startDate: '2025-04-01',
      endDate: '2027-03-31',
      maxEndDate: '2029-03-31',
    })
    const measureId = (await services.svFrameworks.measures('islington-2020')).find((m) => m.code === 'ISL-E1')!.id
    const commitment = {
      contractId,
      measureId,
      periodStart: '2028-04-01',
      periodEnd: '2028-06-30',
      targetQuantity: '2',
    }
    await expect(
      services.svReturns.saveCommitment(officer(), 'org-a', { ...commitment, targetQuantity: '0' }),
    ).rejects.toMatchObject({
      fields: { targetQuantity: 'The target must be more than 0: a commitment promises something' },
    })
    await expect(
      services.svReturns.saveCommitment(officer(), 'org-a', {
        ...commitment,
        periodStart: '2030-04-01',
        periodEnd: '2030-06-30',
      }),
    ).rejects.toMatchObject({
      fields: { periodStart: 'The period falls outside the contract, which runs from 2025-04-01 to 2029-03-31' },
    })
    // Within an extension the contract allows: accepted.
    await expect(services.svReturns.saveCommitment(officer(), 'org-a', commitment)).resolves.toBeDefined()
  })
})

describe('a supplier’s return and its review', () => {
  let returnId: string

  it('lets a supplier submit only for contracts it is a party to', async () => {
    await services.svReturns.saveCommitment(officer(), 'org-a', {
      contractId: contracts.a1!,
      measureId: (await services.svFrameworks.measures('islington-2020')).find((m) => m.code === 'ISL-S2')!.id,
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      targetQuantity: '40',
    })
    const s2 = (await services.svFrameworks.measures('islington-2020')).find((m) => m.code === 'ISL-S2')!.id
    const input = {
      contractId: contracts.a1!,
      measureId: s2,
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      actualQuantity: '35',
      description: 'Signposting log for the quarter',
      links: [{ url: 'https://example.org/log.xlsx', description: 'Log' }],
      files: [{ name: 'log.csv', content: new TextEncoder().encode('date,count\n'), description: 'Raw log' }],
    }
    await expect(services.svReturns.submitReturn(supplierActor(), otherSupplierId, input)).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await expect(
      services.svReturns.submitReturn(supplierActor(), fixture.supplierId, { ...input, contractId: contracts.a2! }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    const made = await services.svReturns.submitReturn(supplierActor(), fixture.supplierId, input)
    returnId = made.id
    expect(made).toMatchObject({ status: 'submitted', actualQuantity: '35.000', version: 1, organisationId: 'org-a' })
    expect(made.evidence.map((e) => e.kind)).toEqual(['link', 'file'])
    const fileEvidence = made.evidence.find((e) => e.kind === 'file')!
    const stored = await services.svReturns.evidenceFile({ supplierId: fixture.supplierId }, returnId, fileEvidence.id)
    expect(new TextDecoder().decode(stored.content)).toBe('date,count\n')
    await expect(
      services.svReturns.evidenceFile({ supplierId: otherSupplierId }, returnId, fileEvidence.id),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect((await services.svReturns.listReturnsForSupplier(otherSupplierId)).map((r) => r.contractReference)).toEqual([
      'SV-002',
      'SV-002',
      'SV-002',
    ])
  })

  it('lets only the contract’s organisation review, needs a comment to query, and keeps the history', async () => {
    await expect(
      services.svReturns.reviewReturn(officer(), 'org-b', { returnId, decision: 'accepted' }),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      services.svReturns.reviewReturn(officer(), 'org-a', { returnId, decision: 'queried' }),
    ).rejects.toThrow(/Say why/)
    await services.svReturns.reviewReturn(officer(), 'org-a', {
      returnId,
      decision: 'queried',
      comment: 'Please split by ward',
    })
    const resubmitted = await services.svReturns.submitReturn(supplierActor(), fixture.supplierId, {
      contractId: contracts.a1!,
      measureId: (await services.svReturns.getReturn({ organisationId: 'org-a' }, returnId)).measureId,
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      actualQuantity: '36',
      description: 'Split by ward',
    })
    expect(resubmitted).toMatchObject({ status: 'submitted', version: 2, reviewComment: null })
    const accepted = await services.svReturns.reviewReturn(officer(), 'org-a', {
      returnId,
      decision: 'accepted',
      expectedVersion: 2,
    })
    expect(accepted.history.map((h) => [h.version, h.status, h.actualQuantity, h.comment])).toEqual([
      [1, 'submitted', '35.000', null],
      [1, 'queried', '35.000', 'Please split by ward'],
      [2, 'submitted', '36.000', null],
      [2, 'accepted', '36.000', null],
    ])
    await expect(
      services.svReturns.submitReturn(supplierActor(), fixture.supplierId, {
        contractId: contracts.a1!,
        measureId: accepted.measureId,
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        actualQuantity: '99',
        description: 'changed my mind',
      }),
    ).rejects.toThrow(/accepted/)
    const actions = await testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', returnId)
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'sv.return-submitted',
      'sv.return-queried',
      'sv.return-resubmitted',
      'sv.return-accepted',
    ])
  })
})

describe('reminders and ethical standards', () => {
  it('emails the supplier before and after the due date, once each', async () => {
    const s1 = (await services.svFrameworks.measures('islington-2020')).find((m) => m.code === 'ISL-S1')!.id
    await services.svReturns.saveCommitment(officer(), 'org-a', {
      contractId: contracts.a3!,
      measureId: s1,
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      targetQuantity: '10',
    })
    // Due 30 July 2026; the reminder goes from 16 July (14 days before).
    now.value = new Date('2026-07-10T09:00:00Z')
    expect((await services.svReminders.run()).sent).toEqual([])
    now.value = new Date('2026-07-20T09:00:00Z')
    const before = await services.svReminders.run()
    expect(before.sent.map((s) => [s.reference, s.kind, s.dueDate, s.to])).toEqual([
      ['SV-003', 'before', '2026-07-30', ['supplier@example.org']],
    ])
    expect((await services.svReminders.run()).sent).toEqual([])
    now.value = new Date('2026-08-02T09:00:00Z')
    const after = await services.svReminders.run()
    expect(after.sent.map((s) => s.kind)).toEqual(['after'])
    expect((await services.svReminders.run()).sent).toEqual([])
    const mails = mailer.sent.filter((m) => m.subject.includes('SV-003'))
    expect(mails.map((m) => m.subject)).toEqual([
      'Social value return due on 30 July 2026: SV-003, ISL-S1',
      'Social value return overdue since 30 July 2026: SV-003, ISL-S1',
    ])
    now.value = new Date('2026-06-01T09:00:00Z')
  })

  it('flags the mandatory standards a supplier lacks, with the care charter for a care provider', async () => {
    now.value = new Date('2026-06-01T09:00:00Z')
    await services.svEthics.declare(supplierActor(), fixture.supplierId, {
      standard: 'london-living-wage',
      coversSupplyChain: true,
      evidenceUrl: 'https://example.org/llw',
      declaredOn: '2026-01-10',
    })
    await services.svEthics.declare(supplierActor(), fixture.supplierId, {
      standard: 'modern-slavery',
      statementUrl: 'https://example.org/msa',
      statementYear: 2025,
      declaredOn: '2025-03-01',
    })
    await expect(
      services.svEthics.declare(supplierActor(), fixture.supplierId, {
        standard: 'modern-slavery',
        declaredOn: '2026-01-01',
      }),
    ).rejects.toThrow(/link to the modern slavery statement/)
    const mine = await services.svEthics.forSupplier(fixture.supplierId)
    expect(mine.isCareProvider).toBe(true) // SV-003 is social work (CPV 85312000)
    expect(mine.flags.map((f) => [f.code, f.state])).toEqual([
      ['no-blacklisting', 'missing'],
      ['modern-slavery', 'expired'],
      ['ethical-care-charter', 'missing'],
      ['no-damaging-products', 'missing'],
    ])
    const overview = await services.svEthics.overview('org-a')
    expect(overview.map((o) => [o.name, o.flags.length])).toEqual([
      ['Fixture Supplies Ltd', 4],
      ['Other Ltd', 4],
    ])
  })
})
