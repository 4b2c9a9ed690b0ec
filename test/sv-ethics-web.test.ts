// Ethical standards and social value uploads on the pages: a supplier declares for itself only; officers record a
// declaration on a supplier's behalf; the gaps show as warnings on the supplier's page, its contracts' pages and (in
// words that give nothing private away) the public contract page, and go when declared; the overview's counts match
// a count made here straight from the tables; and commitments and returns files load all or nothing, once.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract } from '../src/db/repositories/contract.repository.js'
import type { Actor } from '../src/domain/audit/audit.js'
import { emptyContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import { syncShippedFrameworks } from '../src/services/sv-framework.service.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const NOW = new Date('2026-06-01T09:00:00Z')
const TODAY = '2026-06-01'

let t: TestApp
let fixture: AccessFixture
let supplier: Client
let officer: Client
let viewer: Client
let analyst: Client
let anonymous: Client
let otherSupplierId: string
let careSupplierId: string
const contracts: Record<string, string> = {}

const officerActor = (): Actor => ({ userId: fixture.users.officer.id, label: 'officer@example.org' })

async function addContract(
  organisationId: string,
  reference: string,
  supplier: { id: string; name: string },
  extra: Partial<ContractDraft> = {},
) {
  const draft: ContractDraft = {
    ...emptyContractDraft(reference, `Contract ${reference}`),
    suppliers: [
      {
        supplierId: supplier.id,
        name: supplier.name,
        companyNumber: null,
        charityNumber: null,
        otherRegistration: null,
        postcode: null,
        isSme: null,
        isVcse: null,
      },
    ],
    ...extra,
  }
  return insertContract(t.testDb.db, { organisationId, draft, actorUserId: null, source: 'manual' })
}

async function newSupplier(name: string) {
  const row = await t.testDb.db
    .insertInto('supplier')
    .values({ name, normalised_name: name.toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function signedIn(email: string) {
  const client = new Client(t.app)
  await client.signIn(email, FIXTURE_PASSWORD)
  return client
}

const errorSummary = (html: string) => {
  const page = $(html)
  return page('.govuk-error-summary__list a')
    .map((_, a) => `${page(a).attr('href')} ${page(a).text().trim()}`)
    .get()
}

const warnings = (html: string) => $(html)('.govuk-warning-text').text().replace(/\s+/g, ' ').trim()

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  await syncShippedFrameworks(t.testDb.db)
  fixture = await createAccessFixture(t.services)
  otherSupplierId = await newSupplier('Other Ltd')
  careSupplierId = await newSupplier('Caring Hands CIC')
  const other = { id: otherSupplierId, name: 'Other Ltd' }
  contracts.a1 = await addContract('org-a', 'EW-001', { id: fixture.supplierId, name: 'Fixture Supplies Ltd' })
  contracts.a2 = await addContract('org-a', 'EW-002', other)
  contracts.a3 = await addContract(
    'org-a',
    'EW-003',
    { id: careSupplierId, name: 'Caring Hands CIC' },
    {
      cpvCodes: ['85312000-9'],
    },
  )
  contracts.b1 = await addContract('org-b', 'EW-001', other)
  supplier = await signedIn('supplier@example.org')
  officer = await signedIn('officer@example.org')
  viewer = await signedIn('viewer@example.org')
  analyst = await signedIn('analyst@example.org')
  anonymous = new Client(t.app)
})
afterAll(() => t.close())

const modernSlavery = (extra: Record<string, string> = {}) => ({
  meets: 'yes',
  statementUrl: 'https://fixture.example.org/modern-slavery-2025',
  statementYear: '2025',
  'declaredOn-day': '12',
  'declaredOn-month': '5',
  'declaredOn-year': '2026',
  ...extra,
})

describe('a supplier declares its ethical standards (/supplier/ethical-standards)', () => {
  it('lists the mandatory standards and encouraged charters with their status', async () => {
    const response = await supplier.get('/supplier/ethical-standards')
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h1').text()).toBe('Your ethical standards')
    const rows = page('table').first().find('tbody tr')
    expect(rows.length).toBe(5)
    expect(rows.first().find('th').text()).toContain('London Living Wage')
    expect(rows.first().find('.govuk-tag').text()).toBe('Missing')
    expect(page('table').eq(1).find('tbody tr').length).toBe(3)
    expect(page('table').eq(1).find('.govuk-tag').first().text()).toBe('Not signed')
    expect(warnings(response.body)).toContain('Missing: modern slavery statement')
  })

  it('lists every problem of an empty form, linked to its field', async () => {
    const response = await supplier.post(
      '/supplier/ethical-standards/modern-slavery',
      {},
      { csrfFrom: '/supplier/ethical-standards/modern-slavery' },
    )
    expect(response.statusCode).toBe(400)
    expect($(response.body)('title').text()).toMatch(/^Error: /)
    expect(errorSummary(response.body)).toEqual([
      '#meets Select whether Fixture Supplies Ltd meets this standard',
      '#statementUrl Enter the link to the modern slavery statement',
      '#statementYear Enter the year of the statement',
      '#declaredOn-day Enter the date signed',
    ])
  })

  it('refuses a date signed in the future, a bad link and an expiry before the date signed', async () => {
    const response = await supplier.post(
      '/supplier/ethical-standards/modern-slavery',
      modernSlavery({
        statementUrl: 'fixture.example.org',
        'declaredOn-year': '2027',
        'expiresOn-day': '1',
        'expiresOn-month': '1',
        'expiresOn-year': '2027',
      }),
      { csrfFrom: '/supplier/ethical-standards' },
    )
    expect(response.statusCode).toBe(400)
    expect(errorSummary(response.body)).toEqual([
      '#statementUrl The link to the statement must be a full web address, starting https://',
      '#declaredOn-day The date signed must be today or in the past',
      '#expiresOn-day The expiry date must be after the date signed',
    ])
    expect($(response.body)('#statementUrl').val()).toBe('fixture.example.org')
  })

  it('saves a modern slavery statement, shows it as declared and keeps who made it', async () => {
    const response = await supplier.post('/supplier/ethical-standards/modern-slavery', modernSlavery(), {
      csrfFrom: '/supplier/ethical-standards',
    })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/supplier/ethical-standards')
    const page = $((await supplier.get('/supplier/ethical-standards')).body)
    expect(page('.govuk-notification-banner').text()).toContain(
      'Your declaration of modern slavery statement has been saved.',
    )
    const row = page('table').first().find('tbody tr').eq(2)
    expect(row.find('th').text()).toContain('Modern slavery')
    expect(row.find('.govuk-tag').text()).toBe('Declared')
    expect(row.text()).toContain('Until 12 May 2027')
    expect(page('.govuk-warning-text').text()).not.toContain('modern slavery')
    const stored = await t.testDb.db
      .selectFrom('sv_declaration')
      .select(['supplier_id', 'statement_url', 'statement_year', 'declared_on', 'declared_by'])
      .where('standard', '=', 'modern-slavery')
      .execute()
    expect(stored).toEqual([
      {
        supplier_id: fixture.supplierId,
        statement_url: 'https://fixture.example.org/modern-slavery-2025',
        statement_year: 2025,
        declared_on: '2026-05-12',
        declared_by: fixture.users.supplier.id,
      },
    ])
  })

  it('keeps the history when a declaration is renewed', async () => {
    await supplier.post(
      '/supplier/ethical-standards/modern-slavery',
      modernSlavery({ statementYear: '2026', 'declaredOn-day': '20' }),
      {
        csrfFrom: '/supplier/ethical-standards',
      },
    )
    const page = $((await supplier.get('/supplier/ethical-standards')).body)
    const history = page('table').last().find('tbody tr')
    expect(history.length).toBe(2)
    expect(history.first().text()).toContain('20 May 2026')
    expect(history.first().text()).toContain('Statement (2026)')
    expect(history.last().text()).toContain('Statement (2025)')
  })

  it('shows a declaration that ends within 30 days as expiring soon', async () => {
    await t.services.svEthics.declare(officerActor(), fixture.supplierId, {
      standard: 'no-damaging-products',
      evidenceNote: 'Sustainable procurement policy seen',
      declaredOn: '2025-07-01',
      expiresOn: '2026-06-30',
    })
    const page = $((await supplier.get('/supplier/ethical-standards')).body)
    const row = page('table').first().find('tbody tr').eq(4)
    expect(row.find('.govuk-tag').text()).toBe('Expires soon')
    expect(row.text()).toContain('Until 30 June 2026')
    expect(page('.govuk-warning-text').text()).not.toContain('damaging')
  })

  it('shows a supplier only its own declarations and refuses another supplier’s', async () => {
    await t.services.svEthics.declare(officerActor(), otherSupplierId, {
      standard: 'no-blacklisting',
      evidenceNote: 'Secret board minute 42',
      declaredOn: '2026-01-10',
    })
    expect((await supplier.get('/supplier/ethical-standards')).body).not.toContain('Secret board minute 42')
    const query = `?supplierId=${otherSupplierId}`
    expect((await supplier.get(`/supplier/ethical-standards${query}`)).statusCode).toBe(403)
    expect((await supplier.get(`/supplier/ethical-standards/no-blacklisting${query}`)).statusCode).toBe(403)
    const before = await declarationCount(otherSupplierId)
    const forged = await supplier.post(
      '/supplier/ethical-standards/no-blacklisting',
      {
        supplierId: otherSupplierId,
        meets: 'yes',
        evidenceNote: 'Forged',
        'declaredOn-day': '1',
        'declaredOn-month': '5',
        'declaredOn-year': '2026',
      },
      { csrfFrom: '/supplier/ethical-standards' },
    )
    expect(forged.statusCode).toBe(403)
    expect(await declarationCount(otherSupplierId)).toBe(before)
  })

  it('is only for people who act for a supplier, and an unknown standard is not found', async () => {
    expect((await officer.get('/supplier/ethical-standards')).statusCode).toBe(403)
    expect((await anonymous.get('/supplier/ethical-standards')).headers.location).toBe('/sign-in')
    expect((await supplier.get('/supplier/ethical-standards/fair-trade')).statusCode).toBe(404)
  })
})

async function declarationCount(supplierId: string) {
  const row = await t.testDb.db
    .selectFrom('sv_declaration')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('supplier_id', '=', supplierId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('officers record a declaration on a supplier’s behalf (/suppliers/:id/ethical-standards)', () => {
  it('shows a viewer the declarations but no way to record one', async () => {
    const response = await viewer.get(`/suppliers/${otherSupplierId}/ethical-standards`)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h1').text()).toBe('Ethical standards')
    expect(page('.govuk-caption-l').text()).toBe('Other Ltd')
    expect(page('body').text()).toContain('Secret board minute 42')
    expect(page('a:contains("Declare")').length).toBe(0)
    expect((await viewer.get(`/suppliers/${otherSupplierId}/ethical-standards/london-living-wage`)).statusCode).toBe(
      403,
    )
  })

  it('lets an officer record one with the evidence they saw, under their own name', async () => {
    const url = `/suppliers/${otherSupplierId}/ethical-standards/london-living-wage`
    const form = $((await officer.get(url)).body)
    expect(form('label[for=evidenceNote]').text()).toContain('Describe the evidence you saw')
    const missing = await officer.post(
      url,
      { meets: 'yes', 'declaredOn-day': '3', 'declaredOn-month': '3', 'declaredOn-year': '2026' },
      { csrfFrom: url },
    )
    expect(errorSummary(missing.body)).toEqual([
      '#coversSupplyChain Select whether the London Living Wage is paid across the supply chain',
      '#evidenceUrl Enter a link to the evidence or describe it',
    ])
    const response = await officer.post(
      url,
      {
        meets: 'yes',
        coversSupplyChain: 'yes',
        evidenceUrl: 'https://www.livingwage.org.uk/accredited-living-wage-employers',
        evidenceNote: 'Accreditation certificate seen',
        'declaredOn-day': '3',
        'declaredOn-month': '3',
        'declaredOn-year': '2025',
        'expiresOn-day': '3',
        'expiresOn-month': '3',
        'expiresOn-year': '2026',
      },
      { csrfFrom: url },
    )
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(`/suppliers/${otherSupplierId}/ethical-standards`)
    const page = $((await officer.get(response.headers.location!)).body)
    expect(page('.govuk-notification-banner').text()).toContain(
      'The declaration of London Living Wage has been recorded for Other Ltd.',
    )
    const history = page('table').last().find('tbody tr').first().text()
    expect(history).toContain('Accreditation certificate seen')
    expect(history).toContain('officer')
    // Its expiry has passed: it counts as expired.
    expect(page('table').first().find('tbody tr').first().find('.govuk-tag').text()).toBe('Expired')
    const [row] = await t.testDb.db
      .selectFrom('sv_declaration')
      .select(['declared_by', 'covers_supply_chain', 'expires_on'])
      .where('supplier_id', '=', otherSupplierId)
      .where('standard', '=', 'london-living-wage')
      .execute()
    expect(row).toEqual({ declared_by: fixture.users.officer.id, covers_supply_chain: true, expires_on: '2026-03-03' })
  })

  it('refuses a viewer’s post and a post without the CSRF token', async () => {
    const url = `/suppliers/${otherSupplierId}/ethical-standards/no-damaging-products`
    const form = {
      meets: 'yes',
      evidenceNote: 'x',
      'declaredOn-day': '1',
      'declaredOn-month': '5',
      'declaredOn-year': '2026',
    }
    const before = await declarationCount(otherSupplierId)
    expect((await viewer.post(url, form)).statusCode).toBe(403)
    expect((await officer.post(url, form, { csrf: false })).statusCode).toBe(403)
    expect(await declarationCount(otherSupplierId)).toBe(before)
  })
})

describe('flags on the supplier’s and its contracts’ pages', () => {
  it('warns of the gaps on the supplier’s page, its contract’s page and the public contract page', async () => {
    const supplierPage = warnings((await officer.get(`/suppliers/${otherSupplierId}`)).body)
    expect(supplierPage).toContain('Expired 3 March 2026: London Living Wage')
    expect(supplierPage).toContain('Missing: modern slavery statement')
    expect(supplierPage).not.toContain('blacklisting')
    const contractPage = warnings((await officer.get(`/contracts/${contracts.a2}`)).body)
    expect(contractPage).toContain('Other Ltd has gaps')
    expect(contractPage).toContain('Expired 3 March 2026: London Living Wage')
    const publicPage = (await anonymous.get(`/public/org-a/contracts/${contracts.a2}`)).body
    expect(warnings(publicPage)).toContain('Declaration expired: London Living Wage')
    expect(warnings(publicPage)).toContain('Declaration missing: modern slavery statement')
    // Nothing private: no dates, evidence or links to the officers' pages.
    expect(warnings(publicPage)).not.toContain('2026')
    expect(publicPage).not.toContain('Accreditation certificate seen')
    expect(publicPage).not.toContain('/ethical-standards')
  })

  it('asks a care provider for the Ethical Care Charter, and nobody else', async () => {
    expect(warnings((await officer.get(`/contracts/${contracts.a3}`)).body)).toContain('Missing: Ethical Care Charter')
    expect(warnings((await officer.get(`/contracts/${contracts.a2}`)).body)).not.toContain('Ethical Care Charter')
  })

  it('takes the warnings away once every mandatory standard is declared', async () => {
    for (const standard of ['london-living-wage', 'no-blacklisting', 'modern-slavery', 'no-damaging-products'] as const)
      await t.services.svEthics.declare(officerActor(), otherSupplierId, {
        standard,
        coversSupplyChain: standard === 'london-living-wage' ? true : null,
        statementUrl: standard === 'modern-slavery' ? 'https://other.example.org/msa' : null,
        statementYear: standard === 'modern-slavery' ? 2026 : null,
        evidenceNote: 'Seen',
        declaredOn: '2026-05-01',
      })
    expect(warnings((await officer.get(`/suppliers/${otherSupplierId}`)).body)).toBe('')
    expect(warnings((await officer.get(`/contracts/${contracts.a2}`)).body)).toBe('')
    expect(warnings((await anonymous.get(`/public/org-a/contracts/${contracts.a2}`)).body)).toBe('')
    const mine = $((await supplier.get('/supplier/ethical-standards')).body)
    expect(mine('.govuk-warning-text').text()).toContain('London Living Wage')
  })
})

/**
 * The overview's figures counted straight from the tables: for each supplier on org-a's active contracts, the latest
 * declaration of each mandatory standard (care providers also need the Ethical Care Charter) must say it is met,
 * hold the statement or the supply chain where the standard needs them, and not have passed its expiry (a year after
 * signing when none is given).
 */
async function directCounts(organisationId: string) {
  const { rows } = await sql<{ supplier_id: string; flags: number }>`
    with suppliers as (
      select distinct cs.supplier_id,
        bool_or(exists (select 1 from unnest(k.cpv_codes) c where regexp_replace(c, '\\D', '', 'g') like '853%'))
          over (partition by cs.supplier_id) as care
      from contract k join contract_supplier cs on cs.contract_id = k.id
      where k.organisation_id = ${organisationId} and k.status = 'active' and cs.supplier_id is not null
    ),
    standards(code, care_only) as (values ('london-living-wage', false), ('no-blacklisting', false),
      ('modern-slavery', false), ('ethical-care-charter', true), ('no-damaging-products', false)),
    latest as (
      select distinct on (supplier_id, standard) *
      from sv_declaration order by supplier_id, standard, declared_on desc, created_at desc
    )
    select s.supplier_id, count(*) filter (where not coalesce(
      l.meets
      and (l.standard <> 'modern-slavery' or (l.statement_url is not null and l.statement_year is not null))
      and (l.standard <> 'london-living-wage' or l.covers_supply_chain is true)
      and coalesce(l.expires_on, l.declared_on + 365) >= ${TODAY}::date, false))::int as flags
    from suppliers s cross join standards st
    left join latest l on l.supplier_id = s.supplier_id and l.standard = st.code
    where not st.care_only or s.care
    group by s.supplier_id
  `.execute(t.testDb.db)
  return { suppliers: rows.length, flagged: rows.filter((r) => r.flags > 0).length }
}

describe('the organisation’s overview (/social-value/ethical-standards)', () => {
  it('counts the suppliers with gaps as a count from the tables does', async () => {
    const direct = await directCounts('org-a')
    expect(direct).toEqual({ suppliers: 3, flagged: 2 })
    const page = $((await viewer.get('/social-value/ethical-standards')).body)
    expect(page('#flagged-count').text()).toBe(String(direct.flagged))
    expect(page('#supplier-count').text()).toBe(String(direct.suppliers))
    expect(await t.services.svEthics.flaggedCount('org-a')).toEqual(direct)
    const listed = page('#results + table tbody tr th a')
      .map((_, a) => page(a).text())
      .get()
    expect(listed).toEqual(['Caring Hands CIC', 'Fixture Supplies Ltd'])
  })

  it('counts each standard’s gaps, and filters by gap, standard and name', async () => {
    const page = $((await viewer.get('/social-value/ethical-standards')).body)
    const ms = page('table').first().find('tbody tr').eq(2)
    expect(ms.find('th').text()).toContain('Modern slavery')
    expect(
      ms
        .find('td')
        .map((_, c) => page(c).text())
        .get(),
    ).toEqual(['1', '0', '0', '2'])
    const filtered = $(
      (await viewer.get('/social-value/ethical-standards?state=missing&standard=ethical-care-charter')).body,
    )
    expect(filtered('#results').text()).toBe('1 supplier')
    expect(filtered('#results + table tbody tr').text()).toContain('Missing: Ethical Care Charter')
    const named = $((await viewer.get('/social-value/ethical-standards?show=all&q=other')).body)
    expect(named('#results + table tbody tr th').text()).toContain('Other Ltd')
    expect(named('#results + table tbody tr td').text()).toContain('None')
  })

  it('downloads every supplier’s standards as CSV', async () => {
    const response = await viewer.get('/social-value/ethical-standards.csv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    const rows = parse(response.body, { columns: true }) as Record<string, string>[]
    expect(rows.map((r) => [r.supplier, r.gaps])).toEqual([
      ['Caring Hands CIC', '5'],
      ['Fixture Supplies Ltd', '2'],
      ['Other Ltd', '0'],
    ])
    expect(rows[1]!['modern-slavery']).toBe('met 2027-05-20')
  })

  it('also lists suppliers paid in the last year but on no active contract, when asked', async () => {
    const paidOnly = await newSupplier('Paid Only Ltd')
    const lapsed = await newSupplier('Paid Long Ago Ltd')
    await t.testDb.db
      .insertInto('payment')
      .values([
        {
          organisation_id: 'org-a',
          supplier_id: paidOnly,
          payee_name: 'PAID ONLY',
          payment_date: '2026-02-10',
          amount: '900.00',
          fingerprint: 'ew-1',
        },
        {
          organisation_id: 'org-a',
          supplier_id: lapsed,
          payee_name: 'LONG AGO',
          payment_date: '2025-05-31',
          amount: '900.00',
          fingerprint: 'ew-2',
        },
        {
          organisation_id: 'org-a',
          supplier_id: fixture.supplierId,
          payee_name: 'FIXTURE',
          payment_date: '2026-03-01',
          amount: '100.00',
          fingerprint: 'ew-3',
        },
      ])
      .execute()
    const contractsOnly = $((await viewer.get('/social-value/ethical-standards')).body)
    expect(contractsOnly('#supplier-count').text()).toBe('3')
    const page = $((await viewer.get('/social-value/ethical-standards?scope=paid')).body)
    expect(page('#supplier-count').text()).toBe('4')
    expect(page('#flagged-count').text()).toBe('3')
    const row = page('#results + table tbody tr').filter((_, r) => page(r).text().includes('Paid Only Ltd'))
    expect(row.text()).toContain('Paid, no active contract')
    expect(row.text()).toContain('Missing: London Living Wage')
    expect(page('body').text()).not.toContain('Paid Long Ago Ltd')
    const csv = parse((await viewer.get('/social-value/ethical-standards.csv?scope=paid')).body, {
      columns: true,
    }) as Record<string, string>[]
    expect(csv.map((r) => [r.supplier, r.on_active_contract])).toEqual([
      ['Caring Hands CIC', 'yes'],
      ['Fixture Supplies Ltd', 'yes'],
      ['Other Ltd', 'yes'],
      ['Paid Only Ltd', 'no'],
    ])
  })

  it('is for the organisation’s people only', async () => {
    expect((await supplier.get('/social-value/ethical-standards')).statusCode).toBe(403)
    expect((await anonymous.get('/social-value/ethical-standards.csv')).headers.location).toBe('/sign-in')
  })
})

const COMMITMENTS_HEADER = 'contract_reference,measure_code,period_start,period_end,target_quantity\n'
const RETURNS_HEADER = 'contract_reference,measure_code,period_start,period_end,actual_quantity,evidence\n'

/** A multipart upload as a browser sends it: the kind, then the file, with the CSRF token in the query string. */
async function upload(
  client: Client,
  kind: string | null,
  name: string,
  content: string | Buffer,
  options: { csrf?: boolean } = {},
) {
  const token = options.csrf === false ? '' : await client.csrf('/account')
  const boundary = '----cwbsvupload'
  const kindPart = kind ? `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` : ''
  const body = Buffer.concat([
    Buffer.from(
      `${kindPart}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return t.app.inject({
    method: 'POST',
    url: `/social-value/imports?_csrf=${encodeURIComponent(token)}`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: client.cookie },
  })
}

async function tableCount(table: 'sv_commitment' | 'sv_return') {
  const row = await t.testDb.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('uploading commitments and returns (/social-value/imports)', () => {
  // Uploads in a temporary directory of this file's own, so the same test running on the other database at the same
  // moment cannot leave its upload where this one looks.
  const sharedTmp = process.env.TMPDIR
  beforeAll(() => {
    process.env.TMPDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-sv-imports-test-'))
  })
  afterAll(() => {
    fs.rmSync(os.tmpdir(), { recursive: true, force: true })
    if (sharedTmp === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = sharedTmp
  })

  it('offers the upload form with the CSRF token in its address', async () => {
    const page = $((await officer.get('/social-value/imports')).body)
    expect(page('form[enctype="multipart/form-data"]').attr('action')).toMatch(/^\/social-value\/imports\?_csrf=/)
    expect(page('input[name=kind]').length).toBe(2)
  })

  it('names every bad row and loads nothing, with the problems as CSV', async () => {
    const response = await upload(
      officer,
      'commitments',
      'bad.csv',
      COMMITMENTS_HEADER +
        [
          'EW-001,ISL-E1,2025-04-01,2026-03-31,4',
          'EW-404,ISL-E1,2025-04-01,2026-03-31,2',
          'EW-002,ISL-E1,01/04/2025,2026-03-31,x',
        ].join('\n'),
    )
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('.govuk-error-summary').text()).toContain('problems in bad.csv: nothing was loaded')
    const rows = page('#rejections tbody tr')
      .map((_, r) => page(r).find('td').first().text())
      .get()
    expect(new Set(rows)).toEqual(new Set(['3', '4']))
    expect(page('#rejections').text()).toContain('there is no contract EW-404 in org-a')
    expect(await tableCount('sv_commitment')).toBe(0)
    const csv = await officer.get('/social-value/imports/rejections.csv')
    expect(csv.statusCode).toBe(200)
    const problems = parse(csv.body, { columns: true }) as { row: string; problem: string }[]
    expect(problems.length).toBe(rows.length)
    expect(problems[0]).toEqual({ row: '3', problem: 'there is no contract EW-404 in org-a' })
  })

  it('lists the first 200 problems of a very bad file and keeps the first 1,000 to download, until the page is left', async () => {
    const rows = Array.from({ length: 1005 }, (_, i) => `EW-404,ISL-E1,2025-04-01,2026-03-31,${i + 1}`)
    const response = await upload(officer, 'commitments', 'wrong.csv', COMMITMENTS_HEADER + rows.join('\n'))
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('#rejections tbody tr').length).toBe(200)
    expect(page('a[href="/social-value/imports/rejections.csv"]').text()).toBe(
      'Download the first 1,000 problems as CSV',
    )
    const csv = parse((await officer.get('/social-value/imports/rejections.csv')).body, { columns: true }) as unknown[]
    expect(csv.length).toBe(1000)
    await officer.get('/social-value/imports')
    expect((await officer.get('/social-value/imports/rejections.csv')).statusCode).toBe(404)
    expect(await tableCount('sv_commitment')).toBe(0)
  })

  it('loads a good commitments file with its counts, and adds nothing when it is loaded again', async () => {
    const file =
      COMMITMENTS_HEADER +
      ['EW-001,ISL-E1,2025-04-01,2026-03-31,4', 'EW-002,ISL-N1,2025-04-01,2026-03-31,12.5'].join('\n')
    const first = await upload(officer, 'commitments', 'commitments.csv', file)
    expect(first.statusCode).toBe(302)
    expect(first.headers.location).toBe('/social-value/imports')
    expect($((await officer.get('/social-value/imports')).body)('.govuk-notification-banner').text()).toContain(
      '2 rows read from commitments.csv: 2 commitments added, 0 changed, 0 unchanged.',
    )
    expect(await tableCount('sv_commitment')).toBe(2)
    const again = await upload(officer, 'commitments', 'commitments.csv', file)
    expect(again.statusCode).toBe(302)
    expect($((await officer.get('/social-value/imports')).body)('.govuk-notification-banner').text()).toContain(
      '2 rows read from commitments.csv: 0 commitments added, 0 changed, 2 unchanged.',
    )
    expect(await tableCount('sv_commitment')).toBe(2)
    // No problems are left to download after a good file, and no temporary copy is left behind.
    expect((await officer.get('/social-value/imports/rejections.csv')).statusCode).toBe(404)
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('cwb-sv-upload-'))).toEqual([])
  })

  it('loads a returns file against those commitments', async () => {
    const response = await upload(
      officer,
      'returns',
      'returns.csv',
      RETURNS_HEADER + 'EW-001,ISL-E1,2025-04-01,2025-06-30,1,Payroll extract https://example.org/q1.pdf',
    )
    expect(response.statusCode).toBe(302)
    expect(await tableCount('sv_return')).toBe(1)
  })

  // Once, in a full CI run on PGlite, this upload was refused (400) and has not been seen again in hundreds of reads
  // of the same workbook, alone or under load. One retry keeps a run from failing on it; the assertion below prints
  // the page's reason should it come back.
  it('reads an Excel workbook too', { retry: 1 }, async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Commitments')
    sheet.addRow(['contract_reference', 'measure_code', 'period_start', 'period_end', 'target_quantity'])
    sheet.addRow(['EW-003', 'ISL-E1', '2025-04-01', '2026-03-31', 2])
    const content = Buffer.from(await workbook.xlsx.writeBuffer())
    const response = await upload(officer, 'commitments', 'care commitments.xlsx', content)
    // The page's error summary, if any, says why the workbook was refused.
    expect([response.statusCode, response.statusCode === 302 ? [] : errorSummary(response.body)]).toEqual([302, []])
    expect($((await officer.get('/social-value/imports')).body)('.govuk-notification-banner').text()).toContain(
      '1 row read from care commitments.xlsx: 1 commitment added',
    )
    expect(await tableCount('sv_commitment')).toBe(3)
  })

  it('asks what the file holds and for a file', async () => {
    const noKind = await upload(officer, null, 'x.csv', COMMITMENTS_HEADER)
    expect(noKind.statusCode).toBe(400)
    expect(errorSummary(noKind.body)).toEqual(['#kind Select what the file holds'])
    const empty = await upload(officer, 'commitments', '', '')
    expect(errorSummary(empty.body)).toEqual(['#file Select a commitments or returns file'])
  })

  it('refuses a viewer, an analyst and an upload without the CSRF token', async () => {
    const file = COMMITMENTS_HEADER + 'EW-002,ISL-E1,2025-04-01,2026-03-31,9'
    expect((await upload(viewer, 'commitments', 'v.csv', file)).statusCode).toBe(403)
    expect((await upload(analyst, 'commitments', 'a.csv', file)).statusCode).toBe(403)
    expect((await upload(officer, 'commitments', 'o.csv', file, { csrf: false })).statusCode).toBe(403)
    expect((await viewer.get('/social-value/imports')).statusCode).toBe(403)
    expect(await tableCount('sv_commitment')).toBe(3)
  })
})
