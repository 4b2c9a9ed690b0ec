// The page an analyst watches while a payment file imports in the background: waiting, the share of the file read,
// then, once every row is read, what is happening while the payments are stored; and only for the job's organisation.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { claimJob, insertJob, updateJobProgress } from '../src/db/repositories/job.repository.js'
import { JobKind } from '../src/services/job.service.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

let t: TestApp
let fixture: AccessFixture
let analyst: Client

beforeAll(async () => {
  t = await createTestApp()
  fixture = await createAccessFixture(t.services)
  analyst = new Client(t.app)
  await analyst.signIn('analyst@example.org', FIXTURE_PASSWORD)
})
afterAll(() => t.close())

const statusText = async (client: Client, jobId: string) => {
  const page = await client.get(`/spend/imports/jobs/${jobId}`)
  expect(page.statusCode).toBe(200)
  return $(page.body)('[role=status]').text().replace(/\s+/g, ' ').trim()
}

describe('the import progress page', () => {
  it('says it is waiting, then how much is read, then what happens once every row is read', async () => {
    const db = t.testDb.db
    const jobId = await insertJob(db, {
      kind: JobKind.SpendImport,
      organisationId: 'org-a',
      payload: { uploadId: '00000000-0000-4000-8000-000000000000' },
      createdBy: fixture.users.analyst.id,
    })
    expect(await statusText(analyst, jobId)).toMatch(/^Waiting to start\./)
    // No timed refresh (a person may need longer to read): scripts update the page, and without them a link does.
    const waiting = $((await analyst.get(`/spend/imports/jobs/${jobId}`)).body)
    expect(waiting('meta[http-equiv=refresh]')).toHaveLength(0)
    expect(waiting('[data-cwb-follow-job] a').attr('href')).toBe(`/spend/imports/jobs/${jobId}`)
    expect((await claimJob(db, [JobKind.SpendImport]))?.id).toBe(jobId)
    const file = { totalBytes: 1_000_000, accepted: 0, rejected: 0 }
    await updateJobProgress(db, jobId, { ...file, stage: 'reading', rowsRead: 12_000, bytesRead: 400_000 })
    expect(await statusText(analyst, jobId)).toMatch(/^12,000 rows read so far \(40% of the file\)\./)
    await updateJobProgress(db, jobId, { ...file, stage: 'storing', rowsRead: 30_125, bytesRead: 1_000_000 })
    const storing = await statusText(analyst, jobId)
    expect(storing).toMatch(/^All 30,125 rows read\. Now matching payees to suppliers, storing the payments/)
    const other = new Client(t.app)
    await other.signIn('orgadmin-b@example.org', FIXTURE_PASSWORD)
    expect((await other.get(`/spend/imports/jobs/${jobId}`)).statusCode).toBe(404)
  })
})

describe('matching the columns of an upload', () => {
  it('refuses one column for several fields, saying which, and remembers nothing', async () => {
    const uploadId = await t.services.jobs.saveUpload({
      organisationId: 'org-a',
      fileName: 'one-column.csv',
      content: new TextEncoder().encode('Payee\nAcme Ltd\nBeta Ltd\n'),
      createdBy: fixture.users.analyst.id,
    })
    const mappingUrl = `/spend/imports/uploads/${uploadId}/mapping`
    const response = await analyst.post(mappingUrl, { date: '0', amount: '0', supplier: '0' }, { csrfFrom: mappingUrl })
    expect(response.statusCode).toBe(400)
    const errors = $(response.body)('.govuk-error-summary__list li')
      .map((_, li) => $(response.body)(li).text().trim())
      .get()
    expect(errors).toEqual([
      'The amount cannot come from the same column as the payment date: choose a different column',
      'The supplier (payee) name cannot come from the same column as the payment date: choose a different column',
    ])
    expect(await t.services.spendImport.knownMapping('org-a', ['Payee'])).toBeNull()
  })
})

describe('the list of payment files', () => {
  it('says how many rows each file added, beside the total of the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-list-'))
    const file = path.join(dir, 'two rows.csv')
    fs.writeFileSync(file, 'Date,Supplier,Amount\n01/05/2025,Acme Ltd,100.00\n02/05/2025,Beta Ltd,50.00\n')
    for (let i = 0; i < 2; i++)
      await t.services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'org-a', path: file })
    fs.rmSync(dir, { recursive: true, force: true })
    const page = $((await analyst.get('/spend/imports')).body)
    const cells = (label: string) =>
      page(`td[data-label="${label}"]`)
        .map((_, td) => page(td).text().trim())
        .get()
    expect(cells('Added').slice(0, 2)).toEqual(['0', '2'])
    expect(cells('Already held').slice(0, 2)).toEqual(['2', '0'])
    expect(cells('Total in the file').slice(0, 2)).toEqual(['£150.00', '£150.00'])
  })
})
