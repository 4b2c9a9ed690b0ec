// Social value returns through the pages: a supplier makes a quarter's return with evidence files and links, only on
// its own contracts; an officer queries it, the supplier resubmits, the officer accepts; viewers read but do not
// decide; evidence goes only to the supplier and the organisation's people; commitments are added and valued; and
// no two commitments (or returns) of a contract and measure may share days.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract } from '../src/db/repositories/contract.repository.js'
import type { Actor } from '../src/domain/audit/audit.js'
import { emptyContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import { InvalidInputError } from '../src/domain/errors.js'
import { syncShippedFrameworks } from '../src/services/sv-framework.service.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

/** Mid-August 2026: the April to June quarter's returns (due 30 days after) are overdue. */
const NOW = new Date('2026-08-15T10:00:00Z')
const Q1 = { periodStart: '2026-04-01', periodEnd: '2026-06-30' }

let t: TestApp
let fixture: AccessFixture
let supplier: Client
let otherSupplier: Client
let officer: Client
let viewer: Client
let otherOrgAdmin: Client
const ids = {} as Record<'mine' | 'theirs' | 'e1' | 'n1' | 'mineQ1' | 'theirsQ1' | 'return', string>

const officerActor = (): Actor => ({ userId: fixture.users.officer.id, label: 'officer@example.org' })

async function addContract(organisationId: string, reference: string, supplierId: string) {
  const draft: ContractDraft = {
    ...emptyContractDraft(reference, `Contract ${reference}`),
    suppliers: [
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
    ],
  }
  return insertContract(t.testDb.db, { organisationId, draft, actorUserId: null, source: 'manual' })
}

type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer | string }

/** A multipart form as a browser sends it, with the CSRF token in the query string (none when csrf is false). */
async function multipart(client: Client, url: string, parts: Part[], options: { csrf?: boolean } = {}) {
  const token = options.csrf === false ? '' : await client.csrf('/account')
  const boundary = '----cwbreturn'
  const chunks: Buffer[] = []
  for (const p of parts) {
    const head =
      'filename' in p
        ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream`
        : `Content-Disposition: form-data; name="${p.name}"`
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`))
    chunks.push(Buffer.from('filename' in p ? p.content : p.value))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return t.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(token)}`,
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: client.cookie },
  })
}

const returnUrl = (commitmentId: string) => `/supplier/social-value/commitments/${commitmentId}/return`

async function auditActions(entityId: string) {
  const rows = await t.testDb.db
    .selectFrom('audit_event')
    .select(['action', 'actor_label'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute()
  return rows.map((r) => `${r.action} by ${r.actor_label}`)
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  fixture = await createAccessFixture(t.services)
  await syncShippedFrameworks(t.testDb.db)
  const other = await t.testDb.db
    .insertInto('supplier')
    .values({ name: 'Other Works Ltd', normalised_name: 'other works' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.services.users.add(officerActor(), {
    email: 'other-supplier@example.org',
    name: 'Other',
    role: 'supplier',
    supplierId: other.id,
    password: FIXTURE_PASSWORD,
  })
  ids.mine = await addContract('org-a', 'SV-WEB-1', fixture.supplierId)
  ids.theirs = await addContract('org-a', 'SV-WEB-2', other.id)
  const measures = new Map((await t.services.svFrameworks.measures('islington-2020')).map((m) => [m.code, m.id]))
  ids.e1 = measures.get('ISL-E1')!
  ids.n1 = measures.get('ISL-N1')!
  const save = (contractId: string, measureId: string, period: typeof Q1, target: string) =>
    t.services.svReturns.saveCommitment(officerActor(), 'org-a', {
      contractId,
      measureId,
      ...period,
      targetQuantity: target,
    })
  ids.mineQ1 = (await save(ids.mine, ids.e1, Q1, '2')).id
  ids.theirsQ1 = (await save(ids.theirs, ids.e1, Q1, '3')).id

  supplier = new Client(t.app)
  await supplier.signIn('supplier@example.org', FIXTURE_PASSWORD)
  otherSupplier = new Client(t.app)
  await otherSupplier.signIn('other-supplier@example.org', FIXTURE_PASSWORD)
  officer = new Client(t.app)
  await officer.signIn('officer@example.org', FIXTURE_PASSWORD)
  viewer = new Client(t.app)
  await viewer.signIn('viewer@example.org', FIXTURE_PASSWORD)
  otherOrgAdmin = new Client(t.app)
  await otherOrgAdmin.signIn('orgadmin-b@example.org', FIXTURE_PASSWORD)
})
afterAll(async () => {
  await t.close()
})

describe('a supplier makes a return (/supplier/social-value)', () => {
  it('lists its own commitments by organisation and contract, with the due date and status, and no one else’s', async () => {
    const page = $((await supplier.get('/supplier/social-value')).body)
    expect(page('h2').first().text()).toBe('Organisation A')
    expect(page('h3').text()).toBe('SV-WEB-1: Contract SV-WEB-1')
    const cells = page('tbody tr')
      .first()
      .find('td')
      .map((_, c) => page(c).text().trim())
      .get()
    expect(cells.slice(0, 5)).toEqual([
      '2026-27 Q1',
      'ISL-E1 Local people employed on the contract',
      '2 FTE-year',
      '30 July 2026',
      'Overdue',
    ])
    expect(page(`a[href="${returnUrl(ids.mineQ1)}"]`).text()).toContain('Make a return')
    expect(page.text()).not.toContain('SV-WEB-2')
    expect((await officer.get('/supplier/social-value')).statusCode).toBe(403)
  })

  it('refuses the return page and the form for another supplier’s commitment', async () => {
    expect((await supplier.get(returnUrl(ids.theirsQ1))).statusCode).toBe(403)
    const response = await multipart(supplier, returnUrl(ids.theirsQ1), [
      { name: 'actualQuantity', value: '9' },
      { name: 'description', value: 'Not ours' },
    ])
    expect(response.statusCode).toBe(403)
    expect(await t.services.svReturns.listReturns('org-a')).toEqual([])
  })

  it('refuses a form without the CSRF token', async () => {
    const response = await multipart(supplier, returnUrl(ids.mineQ1), [{ name: 'actualQuantity', value: '2' }], {
      csrf: false,
    })
    expect(response.statusCode).toBe(403)
  })

  it('lists every problem in the error summary and keeps what was typed', async () => {
    const response = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: 'two' },
      { name: 'description', value: 'Two people' },
      { name: 'links', value: 'https://example.org/evidence\nnot a link' },
    ])
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    expect(
      page('.govuk-error-summary a')
        .map((_, a) => `${page(a).attr('href')} ${page(a).text().trim()}`)
        .get(),
    ).toEqual([
      '#actualQuantity Enter the figure you delivered as a number of 0 or more with at most 3 decimal places, like 12 or 12.5',
      '#links Enter each link on its own line starting https://; line 2 is not a web address',
    ])
    expect(page('#description').text()).toBe('Two people')
    expect(page('form[enctype="multipart/form-data"]').attr('action')).toMatch(/\/return\?_csrf=/)
  })

  it('refuses more than 10 files', async () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ name: 'files', filename: `f${i}.txt`, content: `file ${i}` }))
    const response = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '2' },
      ...files,
    ])
    expect(response.statusCode).toBe(400)
    expect($(response.body)('#files-error').text()).toContain('Attach at most 10 files')
    expect(await t.services.svReturns.listReturns('org-a')).toEqual([])
  })

  it('refuses a file over the size limit, and a return with no evidence at all', async () => {
    const big = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '2' },
      { name: 'files', filename: 'huge.pdf', content: Buffer.alloc(10 * 1024 * 1024 + 1, 1) },
    ])
    expect(big.statusCode).toBe(400)
    expect($(big.body)('#files-error').text()).toContain('huge.pdf is larger than 10 MB')
    const program = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '2' },
      { name: 'files', filename: 'ev.exe', content: 'MZ' },
    ])
    expect(program.statusCode).toBe(400)
    expect($(program.body)('#files-error').text()).toContain('ev.exe is not a document, spreadsheet or image')
    const bare = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '2' },
      { name: 'files', filename: '', content: '' },
    ])
    expect(bare.statusCode).toBe(400)
    expect($(bare.body)('#description-error').text()).toContain('Describe the evidence, or give a link or a file')
    expect(await t.services.svReturns.listReturns('org-a')).toEqual([])
  })

  it('submits the figure with a description, links and files, and shows the return and its history', async () => {
    const response = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '1.5' },
      { name: 'description', value: 'Two local residents on half-time contracts' },
      { name: 'links', value: 'https://example.org/payroll-summary' },
      { name: 'files', filename: 'timesheets.csv', content: 'name,hours\nA,18\nB,18\n' },
      { name: 'files', filename: 'contracts £.pdf', content: Buffer.from([0x25, 0x50, 0x44, 0x46]) },
    ])
    expect(response.statusCode).toBe(302)
    const [made] = await t.services.svReturns.listReturns('org-a')
    ids.return = made!.id
    expect(response.headers.location).toBe(`/supplier/social-value/returns/${ids.return}`)
    expect(made).toMatchObject({ actualQuantity: '1.500', status: 'submitted', supplierId: fixture.supplierId })
    // Made on the application's day, not the database server's.
    expect(made!.submittedAt).toEqual(NOW)
    const page = $((await supplier.get(response.headers.location as string)).body)
    expect(page('.govuk-notification-banner').text()).toContain('has been sent to Organisation A for review')
    expect(page('h1 + p .govuk-tag').text().trim()).toBe('Submitted')
    expect(
      page('#evidence + table a')
        .map((_, a) => page(a).text())
        .get(),
    ).toEqual(['https://example.org/payroll-summary', 'timesheets.csv', 'contracts £.pdf'])
    expect(await auditActions(ids.return)).toEqual(['sv.return-submitted by supplier@example.org'])
    // Once submitted, it waits for the officer: the page to make it again leads to the return, and a form is refused.
    const early = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '3' },
      { name: 'description', value: 'Changed my mind' },
    ])
    expect(early.statusCode).toBe(409)
    const again = await supplier.get(returnUrl(ids.mineQ1))
    expect(again.statusCode).toBe(302)
    expect(again.headers.location).toBe(`/supplier/social-value/returns/${ids.return}`)
  })

  it('gives the evidence files to the supplier and the organisation’s people only', async () => {
    const detail = await t.services.svReturns.getReturn({ organisationId: 'org-a' }, ids.return)
    const file = detail.evidence.find((e) => e.fileName === 'timesheets.csv')!
    const pdf = detail.evidence.find((e) => e.fileName === 'contracts £.pdf')!
    const supplierUrl = `/supplier/social-value/returns/${ids.return}/evidence/${file.id}`
    const officerUrl = `/social-value/returns/${ids.return}/evidence/${file.id}`
    const mine = await supplier.get(supplierUrl)
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toBe('name,hours\nA,18\nB,18\n')
    expect(mine.headers['content-disposition']).toBe(
      'attachment; filename="timesheets.csv"; filename*=UTF-8\'\'timesheets.csv',
    )
    expect(
      (await supplier.get(`/supplier/social-value/returns/${ids.return}/evidence/${pdf.id}`)).headers[
        'content-disposition'
      ],
    ).toContain("filename*=UTF-8''contracts%20%C2%A3.pdf")
    expect((await officer.get(officerUrl)).body).toBe('name,hours\nA,18\nB,18\n')
    expect((await viewer.get(officerUrl)).statusCode).toBe(200)
    expect((await otherSupplier.get(supplierUrl)).statusCode).toBe(403)
    expect((await otherSupplier.get(`/supplier/social-value/returns/${ids.return}`)).statusCode).toBe(403)
    expect((await otherOrgAdmin.get(officerUrl)).statusCode).toBe(404)
    expect((await supplier.get(officerUrl)).statusCode).toBe(403)
    // No such return or file at all: not found, for the supplier as for anyone.
    expect((await supplier.get(`/supplier/social-value/returns/${fixture.users.victim.id}`)).statusCode).toBe(404)
    expect((await supplier.get(`/supplier/social-value/returns/${ids.return}/evidence/not-an-id`)).statusCode).toBe(404)
    expect((await officer.get('/social-value/returns/not-an-id')).statusCode).toBe(404)
    expect((await officer.get(supplierUrl)).statusCode).toBe(403)
  })
})

describe('an officer reviews the return (/social-value/returns)', () => {
  it('lists returns awaiting review first, with the count, filters by status, and keeps other organisations out', async () => {
    const page = $((await officer.get('/social-value/returns')).body)
    expect(page('h2#results').text()).toBe('1 return')
    expect(page('tbody tr td').first().text()).toContain('SV-WEB-1: Contract SV-WEB-1')
    expect(page('tbody .govuk-tag').text().trim()).toBe('Awaiting review')
    const accepted = $((await officer.get('/social-value/returns?status=accepted')).body)
    expect(accepted('h2#results').text()).toBe('0 returns')
    const bad = await officer.get('/social-value/returns?status=lost')
    expect($(bad.body)('.govuk-error-summary').text()).toContain('Choose a status from the list')
    expect($((await otherOrgAdmin.get('/social-value/returns')).body)('h2#results').text()).toBe('0 returns')
    expect((await otherOrgAdmin.get(`/social-value/returns/${ids.return}`)).statusCode).toBe(404)
  })

  it('shows the return against its commitment: target, actual, proxy value and £', async () => {
    const page = $((await officer.get(`/social-value/returns/${ids.return}`)).body)
    const rows = Object.fromEntries(
      page('.govuk-summary-list__row')
        .map((_, r) => [[page(r).find('dt').text().trim(), page(r).find('dd').text().trim()]])
        .get(),
    )
    // 2 FTE-years at £10,025.00 = £20,050.00; 1.5 delivered = £15,037.50.
    expect(rows.Target).toBe('2 FTE-year, worth £20,050.00')
    expect(rows.Delivered).toBe('1.5 FTE-year')
    expect(rows['Proxy value']).toBe('£10,025.00 per FTE-year')
    expect(rows['Social value delivered']).toBe('£15,037.50')
    expect(rows.Supplier).toBe('Fixture Supplies Ltd')
    expect(page('input[name=decision]').length).toBe(3)
  })

  it('lets a viewer read the return but not decide', async () => {
    const page = $((await viewer.get(`/social-value/returns/${ids.return}`)).body)
    expect(page('h1').text()).toContain('ISL-E1')
    expect(page('input[name=decision]').length).toBe(0)
    const response = await viewer.post(
      `/social-value/returns/${ids.return}`,
      { decision: 'accepted', comment: '', version: '1' },
      { csrfFrom: '/account' },
    )
    expect(response.statusCode).toBe(403)
    expect((await t.services.svReturns.getReturn({ organisationId: 'org-a' }, ids.return)).status).toBe('submitted')
  })

  it('needs a decision, and a comment to query or reject, shown in the error summary', async () => {
    const none = await officer.post(
      `/social-value/returns/${ids.return}`,
      { comment: '', version: '1' },
      {
        csrfFrom: `/social-value/returns/${ids.return}`,
      },
    )
    expect(none.statusCode).toBe(400)
    expect($(none.body)('.govuk-error-summary a').attr('href')).toBe('#decision')
    const bare = await officer.post(
      `/social-value/returns/${ids.return}`,
      { decision: 'queried', comment: ' ', version: '1' },
      { csrfFrom: `/social-value/returns/${ids.return}` },
    )
    expect(bare.statusCode).toBe(400)
    const page = $(bare.body)
    expect(page('.govuk-error-summary a').attr('href')).toBe('#comment')
    expect(page('#comment-error').text()).toContain('Enter a comment saying why you query the return')
    expect(page('#decision-2').attr('checked')).toBe('checked')
  })

  it('refuses a decision without the CSRF token', async () => {
    const response = await officer.post(
      `/social-value/returns/${ids.return}`,
      { decision: 'accepted', version: '1' },
      { csrf: false },
    )
    expect(response.statusCode).toBe(403)
  })

  it('queries the return with a comment the supplier sees, and the supplier resubmits it', async () => {
    const response = await officer.post(
      `/social-value/returns/${ids.return}`,
      { decision: 'queried', comment: 'Please give the postcode district of each person', version: '1' },
      { csrfFrom: `/social-value/returns/${ids.return}` },
    )
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/social-value/returns')
    expect($((await officer.get('/social-value/returns')).body)('.govuk-notification-banner').text()).toContain(
      'You queried the return from SV-WEB-1 for ISL-E1, 2026-27 Q1',
    )

    const list = $((await supplier.get('/supplier/social-value')).body)
    expect(list('tbody tr').first().find('.govuk-tag').text().trim()).toBe('Queried')
    expect(list(`a[href="${returnUrl(ids.mineQ1)}"]`).text()).toContain('Resubmit')
    const view = $((await supplier.get(`/supplier/social-value/returns/${ids.return}`)).body)
    expect(view('.govuk-inset-text').text()).toContain('Please give the postcode district of each person')
    expect(view('#history + table tbody tr').length).toBe(2)

    const form = $((await supplier.get(returnUrl(ids.mineQ1))).body)
    expect(form('h1').text()).toBe('Resubmit your return for ISL-E1, 2026-27 Q1')
    expect(form('#actualQuantity').val()).toBe('1.5')
    const again = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '1.5' },
      { name: 'description', value: 'Two local residents (N1 and N7) on half-time contracts' },
      { name: 'files', filename: 'postcodes.csv', content: 'person,district\nA,N1\nB,N7\n' },
    ])
    expect(again.statusCode).toBe(302)
    const detail = await t.services.svReturns.getReturn({ organisationId: 'org-a' }, ids.return)
    expect(detail).toMatchObject({ status: 'submitted', version: 2 })
    expect(detail.evidence.map((e) => `${e.version} ${e.fileName ?? e.url}`)).toEqual([
      '1 https://example.org/payroll-summary',
      '1 timesheets.csv',
      '1 contracts £.pdf',
      '2 postcodes.csv',
    ])
  })

  it('refuses a decision made on the version before the supplier resubmitted', async () => {
    const response = await officer.post(
      `/social-value/returns/${ids.return}`,
      { decision: 'accepted', comment: '', version: '1' },
      { csrfFrom: `/social-value/returns/${ids.return}` },
    )
    expect(response.statusCode).toBe(409)
    expect($(response.body)('.govuk-error-summary').text()).toContain('The supplier changed this return meanwhile')
  })

  it('accepts the resubmitted return: audited, counted as delivered, and the supplier sees it', async () => {
    const response = await officer.post(
      `/social-value/returns/${ids.return}`,
      { decision: 'accepted', comment: '', version: '2' },
      { csrfFrom: `/social-value/returns/${ids.return}` },
    )
    expect(response.statusCode).toBe(302)
    expect(await auditActions(ids.return)).toEqual([
      'sv.return-submitted by supplier@example.org',
      'sv.return-queried by officer@example.org',
      'sv.return-resubmitted by supplier@example.org',
      'sv.return-accepted by officer@example.org',
    ])
    const view = $((await supplier.get(`/supplier/social-value/returns/${ids.return}`)).body)
    expect(view('h1 + p .govuk-tag').text().trim()).toBe('Accepted')
    expect(
      view('#history + table tbody tr')
        .map((_, r) => view(r).find('td').eq(2).text().trim())
        .get(),
    ).toEqual(['Submitted', 'Queried', 'Submitted', 'Accepted'])
    // Each figure is shown with the measure's unit, as in the rest of the page.
    const unit = view('td[data-label="Figure"]').first().text().trim()
    expect(unit).toMatch(/^£?[\d,.]+ [a-z]/i)
    expect(view('a.govuk-button').length).toBe(0)
    // An accepted return cannot be made again.
    const late = await multipart(supplier, returnUrl(ids.mineQ1), [
      { name: 'actualQuantity', value: '9' },
      { name: 'description', value: 'More' },
    ])
    expect(late.statusCode).toBe(409)
    expect((await officer.get(`/social-value/returns/${ids.return}`)).body).not.toContain('name="decision"')
  })
})

describe('commitments (/social-value/commitments, /contracts/:id/social-value)', () => {
  it('lists commitments with delivery, the £ and the status, filtered by contract', async () => {
    const page = $((await officer.get(`/social-value/commitments?contractId=${ids.mine}`)).body)
    expect(page('h2#results').text()).toBe('1 commitment')
    const cells = page('tbody tr td')
      .map((_, c) => page(c).text().trim().replace(/\s+/g, ' '))
      .get()
    expect(cells[0]).toBe('SV-WEB-1: Contract SV-WEB-1')
    expect(cells.slice(5, 8)).toEqual(['£20,050.00', '£15,037.50', 'Amber: close to target'])
    expect(
      $((await viewer.get('/social-value/commitments')).body)('a[href="/social-value/commitments/new"]').length,
    ).toBe(0)
  })

  it('adds a commitment for a quarter and shows what it is worth; every problem of an empty form is listed', async () => {
    const empty = await officer.post('/social-value/commitments/new', {}, { csrfFrom: '/social-value/commitments/new' })
    expect(empty.statusCode).toBe(400)
    const errors = $(empty.body)('.govuk-error-summary a')
      .map((_, a) => $(empty.body)(a).attr('href'))
      .get()
    expect(errors).toEqual(['#contractId', '#measureId', '#quarter', '#targetQuantity'])

    const response = await officer.post(
      '/social-value/commitments/new',
      { contractId: ids.mine, measureId: ids.n1, quarter: '2026-07-01', targetQuantity: '10' },
      { csrfFrom: '/social-value/commitments/new' },
    )
    expect(response.statusCode).toBe(302)
    const page = $((await officer.get(response.headers.location as string)).body)
    expect(page('h1').text()).toBe('ISL-N1 commitment, 2026-27 Q2')
    // 10 tonnes at £264.00 (the value from 1 January 2026).
    expect(page('.govuk-summary-list').text()).toContain('£2,640.00')
    expect((await viewer.post(response.headers.location as string, { targetQuantity: '1' }, {})).statusCode).toBe(403)
  })

  it('refuses a commitment whose period overlaps another of the same contract and measure', async () => {
    const response = await officer.post(
      '/social-value/commitments/new',
      {
        contractId: ids.mine,
        measureId: ids.n1,
        'periodStart-day': '1',
        'periodStart-month': '8',
        'periodStart-year': '2026',
        'periodEnd-day': '31',
        'periodEnd-month': '10',
        'periodEnd-year': '2026',
        targetQuantity: '4',
      },
      { csrfFrom: '/social-value/commitments/new' },
    )
    expect(response.statusCode).toBe(400)
    expect($(response.body)('.govuk-error-summary').text()).toContain(
      'The period overlaps the commitment for 2026-27 Q2: choose a period that does not',
    )
    await expect(
      t.services.svReturns.saveCommitment(officerActor(), 'org-a', {
        contractId: ids.mine,
        measureId: ids.n1,
        periodStart: '2026-04-01',
        periodEnd: '2027-03-31',
        targetQuantity: '40',
      }),
    ).rejects.toThrow('This contract already has a commitment for ISL-N1 for 2026-27 Q2, which overlaps this period')
  })

  it('refuses a return whose period overlaps another return of the same contract and measure', async () => {
    // A year-long commitment takes quarterly returns; a return for the whole year would count a quarter twice.
    await t.services.svReturns.saveCommitment(officerActor(), 'org-a', {
      contractId: ids.theirs,
      measureId: ids.n1,
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      targetQuantity: '40',
    })
    const other = (await t.services.users.findByEmail('other-supplier@example.org'))!
    const otherId = (await t.services.users.get(other.id)).memberships.flatMap((m) =>
      'supplierId' in m ? [m.supplierId] : [],
    )[0]!
    const actor: Actor = { userId: other.id, label: 'other-supplier@example.org' }
    const base = { contractId: ids.theirs, measureId: ids.n1, actualQuantity: '9', description: 'Meter readings' }
    await t.services.svReturns.submitReturn(actor, otherId, {
      ...base,
      periodStart: '2025-04-01',
      periodEnd: '2025-06-30',
    })
    const whole = t.services.svReturns.submitReturn(actor, otherId, {
      ...base,
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
    })
    await expect(whole).rejects.toBeInstanceOf(InvalidInputError)
    await expect(whole).rejects.toThrow('A return for 2025-26 Q1 already covers part of this period')
  })

  it('refuses a commitments file with a row overlapping a held commitment, naming the row, and stores nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-sv-overlap-'))
    const file = path.join(dir, 'commitments.csv')
    fs.writeFileSync(
      file,
      [
        'contract_reference,measure_code,period_start,period_end,target_quantity',
        'SV-WEB-1,ISL-E1,2026-10-01,2026-12-31,2',
        'SV-WEB-1,ISL-N1,2026-09-01,2026-11-30,5',
        '',
      ].join('\n'),
    )
    const before = (await t.services.svReturns.listCommitments('org-a')).length
    try {
      await expect(
        t.services.svImport.importCommitments(officerActor(), { organisationId: 'org-a', path: file }),
      ).rejects.toThrow(
        'row 3: 2026-09-01 to 2026-11-30 overlaps the commitment for 2026-07-01 to 2026-09-30 of SV-WEB-1 ISL-N1',
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    expect((await t.services.svReturns.listCommitments('org-a')).length).toBe(before)
  })

  it('shows a contract’s commitments with delivered against target and red/amber/green', async () => {
    const page = $((await officer.get(`/contracts/${ids.mine}/social-value`)).body)
    expect(page('h1').text()).toBe('Social value')
    expect(page('.govuk-heading-l').eq(1).text()).toBe('£22,690.00')
    expect(page('#commitments + table tbody tr').length).toBe(2)
    expect(page('#returns + table tbody tr').length).toBe(1)
    expect((await otherOrgAdmin.get(`/contracts/${ids.mine}/social-value`)).statusCode).toBe(404)
    expect((await supplier.get(`/contracts/${ids.mine}/social-value`)).statusCode).toBe(403)
    const contractPage = $((await officer.get(`/contracts/${ids.mine}`)).body)
    expect(contractPage(`a[href="/contracts/${ids.mine}/social-value"]`).text()).toBe(
      'Social value commitments and returns on this contract',
    )
  })
})

describe('changing a commitment (/social-value/commitments/:id)', () => {
  it('moves a commitment to another period, checked against the others but not itself, and audits it', async () => {
    const [q2] = await t.services.svReturns.listCommitments('org-a', { contractId: ids.mine, measureId: ids.n1 })
    await t.services.svReturns.saveCommitment(officerActor(), 'org-a', {
      contractId: ids.mine,
      measureId: ids.n1,
      periodStart: '2027-01-01',
      periodEnd: '2027-03-31',
      targetQuantity: '10',
    })
    const url = `/social-value/commitments/${q2!.id}`
    const form = $((await officer.get(url)).body)
    expect(form('#quarter option[selected]').attr('value')).toBe('2026-07-01')
    expect(form('#targetQuantity').val()).toBe('10')
    const change = (extra: Record<string, string>) =>
      officer.post(url, { contractId: ids.mine, measureId: ids.n1, targetQuantity: '11', ...extra }, { csrfFrom: url })

    const overlapping = await change({
      'periodStart-day': '1',
      'periodStart-month': '12',
      'periodStart-year': '2026',
      'periodEnd-day': '28',
      'periodEnd-month': '2',
      'periodEnd-year': '2027',
    })
    expect(overlapping.statusCode).toBe(400)
    expect($(overlapping.body)('.govuk-error-summary').text()).toContain(
      'The period overlaps the commitment for 2026-27 Q4',
    )

    const moved = await change({ quarter: '2026-10-01' })
    expect(moved.statusCode).toBe(302)
    const page = $((await officer.get(url)).body)
    expect(page('h1').text()).toBe('ISL-N1 commitment, 2026-27 Q3')
    // 11 tonnes at £264.00.
    expect(page('.govuk-summary-list').text()).toContain('£2,904.00')
    const [audit] = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', q2!.id)
      .orderBy('id', 'desc')
      .execute()
    expect(audit).toMatchObject({
      action: 'sv.commitment-changed',
      before: { periodStart: '2026-07-01', targetQuantity: '10.000' },
      after: { periodStart: '2026-10-01', periodEnd: '2026-12-31', targetQuantity: '11' },
    })
    expect((await viewer.post(url, { targetQuantity: '1' }, { csrfFrom: '/account' })).statusCode).toBe(403)
  })
})

describe('a person acting for two suppliers', () => {
  it('sees each supplier’s returns under its name, and makes a return for either', async () => {
    const third = await t.testDb.db
      .insertInto('supplier')
      .values({ name: 'Third Sector Co-op', normalised_name: 'third sector co-op' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const contractId = await addContract('org-b', 'SV-B-1', third.id)
    const commitment = await t.services.svReturns.saveCommitment(
      { userId: fixture.users.otherOrgAdmin.id, label: 'orgadmin-b@example.org' },
      'org-b',
      { contractId, measureId: ids.e1, ...Q1, targetQuantity: '1' },
    )
    await t.services.users.grant(officerActor(), {
      userId: fixture.users.supplier.id,
      role: 'supplier',
      supplierId: third.id,
    })
    const page = $((await supplier.get('/supplier/social-value')).body)
    expect(
      page('h2.govuk-heading-l')
        .map((_, h) => page(h).text())
        .get()
        .sort(),
    ).toEqual(['Fixture Supplies Ltd', 'Third Sector Co-op'])
    expect(page.text()).toContain('Organisation B')
    const response = await multipart(supplier, returnUrl(commitment.id), [
      { name: 'actualQuantity', value: '1' },
      { name: 'description', value: 'One apprentice from Hackney' },
    ])
    expect(response.statusCode).toBe(302)
    const [made] = await t.services.svReturns.listReturns('org-b')
    expect(made).toMatchObject({ supplierId: third.id, contractReference: 'SV-B-1' })
    // The other supplier still sees neither.
    expect((await otherSupplier.get(response.headers.location as string)).statusCode).toBe(403)
  })
})

describe('the review queue a page at a time', () => {
  it('shows 50 returns a page, awaiting review first, with links to the other pages that keep the filters', async () => {
    const contractId = await addContract('org-a', 'SV-WEB-3', fixture.supplierId)
    const e2 = (await t.services.svFrameworks.measures('islington-2020')).find((m) => m.code === 'ISL-E2')!.id
    const actor: Actor = { userId: fixture.users.supplier.id, label: 'supplier@example.org' }
    for (let month = 0; month < 52; month++) {
      const start = new Date(Date.UTC(2021, month, 1)).toISOString().slice(0, 10)
      const end = new Date(Date.UTC(2021, month + 1, 0)).toISOString().slice(0, 10)
      const period = { contractId, measureId: e2, periodStart: start, periodEnd: end }
      await t.services.svReturns.saveCommitment(officerActor(), 'org-a', { ...period, targetQuantity: '1' })
      await t.services.svReturns.submitReturn(actor, fixture.supplierId, {
        ...period,
        actualQuantity: '1',
        description: `Month ${month + 1}`,
      })
    }
    const all = await t.services.svReturns.listReturns('org-a')
    const awaiting = all.filter((r) => r.status === 'submitted').length
    const first = $((await officer.get('/social-value/returns')).body)
    expect(first('h2#results').text()).toBe(`${all.length} returns`)
    expect(first('#results + table tbody tr').length).toBe(50)
    expect(first('.govuk-pagination__next a').attr('href')).toBe('/social-value/returns?page=2')
    const second = $((await officer.get('/social-value/returns?page=2')).body)
    const tags = second('#results + table tbody .govuk-tag')
      .map((_, tag) => second(tag).text().trim())
      .get()
    expect(tags.length).toBe(all.length - 50)
    // Everything awaiting review came on the first page, before the rest.
    expect(tags.filter((tag) => tag === 'Awaiting review').length).toBe(Math.max(0, awaiting - 50))
    const filtered = $((await officer.get(`/social-value/returns?contractId=${contractId}`)).body)
    expect(filtered('h2#results').text()).toBe('52 returns')
    expect(filtered('.govuk-pagination__next a').attr('href')).toBe(
      `/social-value/returns?contractId=${contractId}&page=2`,
    )
    const bad = $((await officer.get('/social-value/returns?page=none')).body)
    expect(bad('.govuk-error-summary').text()).toContain('Choose a page')
  })
})
