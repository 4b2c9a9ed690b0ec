// The forward pipeline end to end: officers add, change and close plans through the pages (validated, audited,
// kept to their own organisation); the public page and its CSV show the next 18 months and overdue plans, grouped
// by quarter, checked against a window and quarters worked out here independently; pipeline files load all or
// nothing and re-load without change.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMAND_LINE_ACTOR } from '../src/domain/audit/audit.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { cli, useCliDataDir } from './helpers/cli.js'
import { createAccessFixture, FIXTURE_PASSWORD } from './helpers/fixtures.js'
import { testDbKind } from './helpers/test-db.js'

/** The last day of August: 18 months on is the end of February in a leap year. */
const NOW = new Date('2026-08-31T10:00:00Z')
const TODAY = '2026-08-31'

let t: TestApp
let officer: Client
let viewer: Client
let otherAdmin: Client
let anonymous: Client
let tmp: string

const actor = COMMAND_LINE_ACTOR

const form = (extra: Record<string, string | string[]> = {}) => ({
  reference: 'PP-100',
  title: 'Grounds maintenance for parks',
  description: 'Grass cutting, hedges and litter picking in 40 parks',
  department: 'Environment',
  category: '77',
  cpvCodes: '77313000',
  estimatedValue: '£450,000',
  'expectedAdvertDate-day': '15',
  'expectedAdvertDate-month': '1',
  'expectedAdvertDate-year': '2027',
  'expectedStartDate-day': '1',
  'expectedStartDate-month': '6',
  'expectedStartDate-year': '2027',
  procurementRoute: 'open',
  lots: 'Lot 1: north parks; Lot 2: south parks',
  suitability: ['sme', 'vcse'],
  contactName: 'Procurement team',
  contactEmail: 'procurement@org-a.example.gov.uk',
  status: 'planned',
  ...extra,
})

async function auditOf(entityId: string) {
  return t.testDb.db
    .selectFrom('audit_event')
    .select(['action', 'organisation_id', 'actor_label', 'before', 'after'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute()
}

/** A plan added straight through the service, with sensible defaults. */
async function plan(organisationId: string, extra: Record<string, unknown>) {
  return t.services.pipeline.add(actor, organisationId, {
    reference: 'X',
    title: 'X',
    description: null,
    department: null,
    cpvCodes: ['45000000'],
    estimatedValue: null,
    expectedAdvertDate: TODAY,
    expectedStartDate: null,
    procurementRoute: null,
    lots: null,
    suitableForSme: false,
    suitableForVcse: false,
    contactName: null,
    contactEmail: null,
    status: 'planned',
    ...extra,
  })
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  await createAccessFixture(t.services)
  officer = new Client(t.app)
  await officer.signIn('officer@example.org', FIXTURE_PASSWORD)
  viewer = new Client(t.app)
  await viewer.signIn('viewer@example.org', FIXTURE_PASSWORD)
  otherAdmin = new Client(t.app)
  await otherAdmin.signIn('orgadmin-b@example.org', FIXTURE_PASSWORD)
  anonymous = new Client(t.app)
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-pipeline-'))
})
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true })
  await t.close()
})

describe('adding and changing a plan (/pipeline/new, /pipeline/:id/edit, /pipeline/:id/status)', () => {
  let id: string

  it('lists every problem of an empty form in the error summary, in page order, and keeps what was typed', async () => {
    const response = await officer.post(
      '/pipeline/new',
      {
        reference: '',
        title: '',
        'expectedAdvertDate-day': '31',
        'expectedAdvertDate-month': '2',
        'expectedAdvertDate-year': '2027',
        contactEmail: 'Jo Bloggs',
        status: 'planned',
        'expectedStartDate-month': '3',
      },
      { csrfFrom: '/pipeline/new' },
    )
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    expect(
      page('.govuk-error-summary__list a')
        .map((_, a) => `${page(a).attr('href')} ${page(a).text().trim()}`)
        .get(),
    ).toEqual([
      '#reference Enter a reference',
      '#title Enter a title',
      '#category Choose a category',
      '#expectedAdvertDate-day Expected advertisement date must be a real date',
      '#expectedStartDate-day Expected contract start date must include a day and year',
      '#contactEmail Enter a contact email address in the correct format, like procurement@example.gov.uk',
    ])
    expect(page('#expectedAdvertDate-day').hasClass('govuk-input--error')).toBe(true)
    expect(page('#expectedStartDate-day').hasClass('govuk-input--error')).toBe(true)
    expect(page('#expectedStartDate-month').hasClass('govuk-input--error')).toBe(false)
    expect(page('#contactEmail').val()).toBe('Jo Bloggs')
  })

  it('adds a plan, shows it, and audits it', async () => {
    const response = await officer.post('/pipeline/new', form(), { csrfFrom: '/pipeline/new' })
    expect(response.statusCode).toBe(302)
    id = String(response.headers.location).split('/').pop()!
    const page = $((await officer.get(`/pipeline/${id}`)).body)
    expect(page('h1').text()).toBe('Grounds maintenance for parks')
    const rows = Object.fromEntries(
      page('.govuk-summary-list__row')
        .map((_, r) => [[page(r).find('dt').text().trim(), page(r).find('dd').first().text().trim()]])
        .get() as [string, string][],
    )
    expect(rows).toMatchObject({
      Category: 'Agricultural, forestry, horticultural, aquacultural and apicultural services',
      'CPV codes': '77313000',
      'Estimated value': '£450,000.00',
      'Expected advertisement': '15 January 2027 (January to March 2027)',
      'Expected contract start': '1 June 2027',
      'Procurement route': 'Open tender',
      'Suitable for': 'Small and medium-sized enterprises (SMEs), Voluntary, community and social enterprises (VCSEs)',
    })
    expect(page('.govuk-notification-banner').text()).toContain('has been added to the pipeline')
    const audit = await auditOf(id)
    expect(audit.map((a) => [a.action, a.organisation_id, a.actor_label])).toEqual([
      ['pipeline.plan_added', 'org-a', 'officer@example.org'],
    ])
  })

  it('refuses a second plan with the same reference in the organisation', async () => {
    const response = await officer.post('/pipeline/new', form({ title: 'Another' }), { csrfFrom: '/pipeline/new' })
    expect(response.statusCode).toBe(400)
    expect($(response.body)('#reference-error').text()).toContain('A plan with this reference already exists')
  })

  it('changes a plan, with before and after in the audit log', async () => {
    const edit = $((await officer.get(`/pipeline/${id}/edit`)).body)
    expect(edit('#expectedAdvertDate-day').val()).toBe('15')
    expect(edit('#category').val()).toBe('77')
    expect(edit('input[name=suitability][value=vcse]').attr('checked')).toBeDefined()
    const response = await officer.post(
      `/pipeline/${id}/edit`,
      form({ 'expectedAdvertDate-month': '2', estimatedValue: '500000', suitability: 'sme' }),
      { csrfFrom: `/pipeline/${id}/edit` },
    )
    expect(response.statusCode).toBe(302)
    const saved = await t.services.pipeline.get('org-a', id)
    expect(saved).toMatchObject({
      expectedAdvertDate: '2027-02-15',
      estimatedValue: '500000.00',
      suitableForVcse: false,
    })
    const changed = (await auditOf(id)).at(-1)!
    expect(changed.action).toBe('pipeline.plan_changed')
    expect(changed.before).toMatchObject({ expectedAdvertDate: '2027-01-15', estimatedValue: '450000.00' })
    expect(changed.after).toMatchObject({ expectedAdvertDate: '2027-02-15', estimatedValue: '500000.00' })
  })

  it('changes the status, audited', async () => {
    const response = await officer.post(
      `/pipeline/${id}/status`,
      { status: 'advertised' },
      { csrfFrom: `/pipeline/${id}` },
    )
    expect(response.statusCode).toBe(302)
    expect((await t.services.pipeline.get('org-a', id)).status).toBe('advertised')
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: 'pipeline.plan_status_changed',
      before: { status: 'planned' },
      after: { status: 'advertised' },
    })
  })

  it('refuses a form without its CSRF token', async () => {
    const response = await officer.post('/pipeline/new', form({ reference: 'PP-CSRF' }), { csrf: false })
    expect(response.statusCode).toBe(403)
    expect(await t.services.pipeline.list('org-a')).not.toContainEqual(
      expect.objectContaining({ reference: 'PP-CSRF' }),
    )
  })
})

describe('who may see and change plans', () => {
  let planA: string
  let planB: string
  beforeAll(async () => {
    planA = (await plan('org-a', { reference: 'A-ACCESS', title: 'Org A access plan' })).id
    planB = (
      await plan('org-b', { reference: 'B-ACCESS', title: 'Org B secret plan', expectedAdvertDate: '2030-01-01' })
    ).id
  })

  it('lets a viewer read the list and a plan, but not add, change or close one', async () => {
    expect((await viewer.get('/pipeline')).statusCode).toBe(200)
    const page = $((await viewer.get(`/pipeline/${planA}`)).body)
    expect(page('h1').text()).toBe('Org A access plan')
    expect(page('form[action$="/status"]').length).toBe(0)
    expect((await viewer.get('/pipeline/new')).statusCode).toBe(403)
    expect((await viewer.get(`/pipeline/${planA}/edit`)).statusCode).toBe(403)
    const token = await viewer.csrf('/pipeline')
    expect((await viewer.post('/pipeline/new', form({ reference: 'V-1' }), { csrf: token })).statusCode).toBe(403)
    expect((await viewer.post(`/pipeline/${planA}/status`, { status: 'cancelled' }, { csrf: token })).statusCode).toBe(
      403,
    )
    expect((await t.services.pipeline.get('org-a', planA)).status).toBe('planned')
  })

  it('keeps each organisation to its own plans: another organisation’s plan is not found, to read or to change', async () => {
    const list = (await officer.get('/pipeline')).body
    expect(list).toContain('Org A access plan')
    expect(list).not.toContain('Org B secret plan')
    expect((await officer.get(`/pipeline/${planB}`)).statusCode).toBe(404)
    expect((await officer.get(`/pipeline/${planB}/edit`)).statusCode).toBe(404)
    const token = await officer.csrf('/pipeline/new')
    expect(
      (await officer.post(`/pipeline/${planB}/edit`, form({ reference: 'B-ACCESS' }), { csrf: token })).statusCode,
    ).toBe(404)
    expect((await officer.post(`/pipeline/${planB}/status`, { status: 'cancelled' }, { csrf: token })).statusCode).toBe(
      404,
    )
    expect(await t.services.pipeline.get('org-b', planB)).toMatchObject({
      title: 'Org B secret plan',
      status: 'planned',
    })
    // And the other way round.
    expect((await otherAdmin.get(`/pipeline/${planA}`)).statusCode).toBe(404)
    expect((await otherAdmin.get('/pipeline')).body).not.toContain('Org A access plan')
    await expect(t.services.pipeline.setStatus(actor, 'org-b', planA, 'cancelled')).rejects.toThrow('no such')
  })

  it('sends people who are not signed in to sign in', async () => {
    const response = await anonymous.get('/pipeline')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toContain('/sign-in')
  })
})

describe("the organisation's list (/pipeline)", () => {
  const references = async (qs: string) => {
    const page = $((await viewer.get(`/pipeline${qs}`)).body)
    return page('tbody tr td:first-child span')
      .map((_, s) => page(s).text().trim())
      .get()
  }

  it('filters by status, quarter of advertisement and department', async () => {
    expect(await references('')).toEqual(['A-ACCESS', 'PP-100'])
    expect(await references('?status=planned')).toEqual(['A-ACCESS'])
    expect(await references(`?quarter=${encodeURIComponent('2026-27 Q4')}`)).toEqual(['PP-100'])
    expect(await references(`?quarter=${encodeURIComponent('2026-27 Q2')}&status=planned`)).toEqual(['A-ACCESS'])
    expect(await references('?department=Environment')).toEqual(['PP-100'])
    const page = $((await viewer.get('/pipeline')).body)
    expect(
      page('#quarter option')
        .map((_, o) => page(o).text())
        .get(),
    ).toEqual(['Any time', 'July to September 2026 (2026-27 Q2)', 'January to March 2027 (2026-27 Q4)'])
  })

  it('reports a filter it cannot use and shows the rest', async () => {
    const page = $((await viewer.get('/pipeline?quarter=next+year&status=planned')).body)
    expect(page('.govuk-error-summary').text()).toContain('Choose a quarter from the list')
    expect(page('tbody tr').length).toBe(1)
  })
})

describe('the public pipeline (/public/:org/pipeline and its CSV)', () => {
  /** Independently: the same day 18 months on, or the month's last day. */
  function windowEnd(today: string): string {
    const [y, m, d] = today.split('-').map(Number) as [number, number, number]
    const target = new Date(Date.UTC(y, m - 1 + 18, 1))
    const daysInMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
    target.setUTCDate(Math.min(d, daysInMonth))
    return target.toISOString().slice(0, 10)
  }
  /** Independently: April–June is the first quarter of the financial year. */
  const QUARTER_OF_MONTH = [4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3]
  const MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ]
  function quarterHeading(date: string): string {
    const month = Number(date.slice(5, 7))
    const q = QUARTER_OF_MONTH[month - 1]!
    const first = [4, 7, 10, 1][q - 1]!
    return `${MONTHS[first - 1]} to ${MONTHS[first + 1]} ${date.slice(0, 4)}`
  }

  const seeded: {
    reference: string
    date: string
    status: string
    sme: boolean
    vcse: boolean
    value: string | null
    cpv: string
  }[] = []
  beforeAll(async () => {
    const dates = [
      '2026-08-30',
      '2026-08-31',
      '2026-09-30',
      '2026-10-01',
      '2027-03-31',
      '2027-04-01',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
      '2025-01-01',
    ]
    const statuses = ['planned', 'advertised', 'awarded', 'cancelled']
    let n = 0
    for (const date of dates)
      for (const status of statuses) {
        n++
        const row = {
          reference: `PUB-${String(n).padStart(2, '0')}`,
          date,
          status,
          sme: n % 2 === 0,
          vcse: n % 3 === 0,
          value: n % 5 === 0 ? null : `${n * 23_456}.50`,
          cpv: n % 4 === 0 ? '85000000' : '45210000',
        }
        seeded.push(row)
        await plan('org-b', {
          reference: row.reference,
          title: `Public plan ${row.reference}`,
          expectedAdvertDate: date,
          status,
          suitableForSme: row.sme,
          suitableForVcse: row.vcse,
          estimatedValue: row.value,
          cpvCodes: [row.cpv],
          contactEmail: 'buying@org-b.example.nhs.uk',
        })
      }
  })

  function expected(filter: (r: (typeof seeded)[number]) => boolean = () => true) {
    const end = windowEnd(TODAY)
    expect(end).toBe('2028-02-29')
    return seeded
      .filter(filter)
      .filter(
        (r) =>
          (r.status === 'planned' && r.date <= end) || (r.status === 'advertised' && r.date >= TODAY && r.date <= end),
      )
      .sort((a, b) => (a.date === b.date ? a.reference.localeCompare(b.reference) : a.date < b.date ? -1 : 1))
  }

  function sectionsOf(html: string) {
    const page = $(html)
    return page('main section')
      .map((_, s) => ({
        heading: page(s).find('h3').first().contents().first().text().trim(),
        references: page(s)
          .find('li.cwb-result p.cwb-secondary')
          .map((_, p) => page(p).text().split(' · ')[0]!.trim())
          .get(),
      }))
      .get()
  }

  it('shows the next 18 months by quarter, overdue plans first, and nothing awarded, cancelled or later', async () => {
    const response = await anonymous.get('/public/org-b/pipeline')
    expect(response.statusCode).toBe(200)
    const rows = expected()
    const overdue = rows.filter((r) => r.date < TODAY).map((r) => r.reference)
    const groups = new Map<string, string[]>()
    for (const r of rows.filter((r) => r.date >= TODAY)) {
      const h = quarterHeading(r.date)
      groups.set(h, [...(groups.get(h) ?? []), r.reference])
    }
    expect(sectionsOf(response.body)).toEqual([
      { heading: 'Overdue: expected to be advertised already', references: overdue },
      ...[...groups].map(([heading, references]) => ({ heading, references })),
    ])
    // 2026-08-30 and 2025-01-01 planned are overdue; the window holds 7 dates × (planned + advertised) = 14 more.
    expect(overdue).toEqual(['PUB-37', 'PUB-01'])
    expect(rows.length).toBe(16)
    expect($(response.body)('#results').text()).toContain('16 procurements coming up')
    expect(response.body).not.toContain('Org A access plan')
  })

  it('filters by category, SME and VCSE suitability and value band', async () => {
    const health = 'Health and social work services'
    const cases: [string, (r: (typeof seeded)[number]) => boolean][] = [
      [`category=${encodeURIComponent(health)}`, (r) => r.cpv === '85000000'],
      ['sme=yes', (r) => r.sme],
      ['sme=yes&vcse=yes', (r) => r.sme && r.vcse],
      ['valueBand=100k-500k', (r) => r.value !== null && Number(r.value) >= 100_000 && Number(r.value) < 500_000],
    ]
    for (const [qs, filter] of cases) {
      const shown = sectionsOf((await anonymous.get(`/public/org-b/pipeline?${qs}`)).body).flatMap((s) => s.references)
      expect(shown.sort(), qs).toEqual(
        expected(filter)
          .map((r) => r.reference)
          .sort(),
      )
    }
  })

  it('reports a bad filter and still shows the rest', async () => {
    const page = $((await anonymous.get('/public/org-b/pipeline?valueBand=huge&sme=yes')).body)
    expect(page('.govuk-error-summary').text()).toContain('Choose a value band from the list')
    expect(page('#sme').attr('checked')).toBeDefined()
  })

  it('downloads the same rows as CSV, in order, with what a business needs', async () => {
    const response = await anonymous.get('/public/org-b/pipeline.csv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="org-b-pipeline-${TODAY}.csv"`)
    const records = parse(response.body, { columns: true }) as Record<string, string>[]
    expect(Object.keys(records[0]!)).toEqual([
      'Reference',
      'Title',
      'Description',
      'Department',
      'Category',
      'CPV codes',
      'Estimated value',
      'Expected advertisement date',
      'Expected contract start',
      'Procurement route',
      'Lots',
      'Suitable for SMEs',
      'Suitable for VCSEs',
      'Contact team',
      'Contact email',
      'Status',
      'Overdue',
    ])
    const rows = expected()
    expect(records.map((r) => r.Reference)).toEqual(rows.map((r) => r.reference))
    for (const [i, r] of rows.entries())
      expect(records[i]).toMatchObject({
        'Expected advertisement date': r.date,
        'Estimated value': r.value ?? '',
        'Suitable for SMEs': r.sme ? 'Yes' : 'No',
        Status: r.status === 'planned' ? 'Planned' : 'Advertised',
        Overdue: r.date < TODAY ? 'Yes' : 'No',
        'Contact email': 'buying@org-b.example.nhs.uk',
      })
    const filtered = parse((await anonymous.get('/public/org-b/pipeline.csv?vcse=yes')).body, {
      columns: true,
    }) as Record<string, string>[]
    expect(filtered.map((r) => r.Reference)).toEqual(expected((r) => r.vcse).map((r) => r.reference))
  })

  it('is a 404 for an organisation that does not exist', async () => {
    expect((await anonymous.get('/public/no-such-org/pipeline')).statusCode).toBe(404)
    expect((await anonymous.get('/public/no-such-org/pipeline.csv')).statusCode).toBe(404)
  })
})

describe('loading a pipeline file', () => {
  const HEADER =
    'Reference,Title,Department,CPV codes,Estimated value,Expected advertisement date,Expected contract start,Procurement route,Lots,Suitable for SMEs,Suitable for VCSEs,Contact team,Contact email,Status\n'
  const GOOD = [
    'IMP-1,Library books,Libraries,22113000,"£80,000",01/11/2026,01/04/2027,Open tender,Lot 1: adult; Lot 2: children,Yes,No,Libraries team,libraries@org-a.example.gov.uk,Planned',
    'IMP-2,Youth club sessions,Children,85312000,250000,2027-05-01,,Competitive procedure with negotiation or dialogue,,Yes,Yes,Youth team,youth@org-a.example.gov.uk,',
    'IMP-3,Office paper,Resources,30197630,9500,15/09/2026,,Quotation,,No,No,,,Advertised',
  ]
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name)
    fs.writeFileSync(file, text)
    return file
  }
  const count = async () =>
    Number(
      (
        await t.testDb.db
          .selectFrom('procurement_plan')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('organisation_id', '=', 'org-a')
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('rejects a file with bad rows, naming each row and reason, and stores nothing', async () => {
    const before = await count()
    const file = write(
      'bad.csv',
      HEADER +
        [
          GOOD[0],
          'IMP-9,Bad date,,45000000,,30/02/2027,,,,,,,,',
          '',
          'IMP-1,Again,,45000000,,01/12/2026,,,,,,,,',
          'IMP-10,No category,,,1000,01/12/2026,,,,maybe,,,,',
        ].join('\n'),
    )
    const summary = await t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: file } })
    expect(summary.loaded).toBe(false)
    expect(summary.read).toBe(4)
    expect(summary.rejections).toEqual([
      { row: 3, sheet: null, reason: 'Expected advertisement date “30/02/2027” is not a date' },
      { row: 5, sheet: null, reason: 'Reference “IMP-1” is also on row 2: each plan needs its own reference' },
      { row: 6, sheet: null, reason: 'CPV codes are missing; Suitable for SMEs “maybe” must be Yes or No' },
    ])
    expect(await count()).toBe(before)
  })

  it('refuses a file without a header row, saying what it read', async () => {
    const file = write('noheader.csv', 'Foo,Bar\n1,2\n')
    await expect(
      t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: file } }),
    ).rejects.toThrow('cwb found no header row naming a reference')
  })

  it('loads a good file, then loading it again changes nothing, and a changed row is updated', async () => {
    const before = await count()
    const file = write('good.csv', HEADER + GOOD.join('\r\n'))
    const first = await t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: file } })
    expect(first).toMatchObject({ loaded: true, read: 3, created: 3, updated: 0, unchanged: 0, rejections: [] })
    expect(await count()).toBe(before + 3)
    const [books] = await t.services.pipeline.list('org-a', { department: 'Libraries' })
    expect(books).toMatchObject({
      reference: 'IMP-1',
      estimatedValue: '80000.00',
      expectedAdvertDate: '2026-11-01',
      expectedStartDate: '2027-04-01',
      procurementRoute: 'open',
      suitableForSme: true,
      category: 'Printed matter and related products',
    })
    const again = await t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: file } })
    expect(again).toMatchObject({ loaded: true, created: 0, updated: 0, unchanged: 3 })
    expect(await count()).toBe(before + 3)
    const changed = write('changed.csv', HEADER + [GOOD[0]!.replace('"£80,000"', '85000'), GOOD[1], GOOD[2]].join('\n'))
    const third = await t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: changed } })
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 2 })
    expect((await t.services.pipeline.list('org-a', { department: 'Libraries' }))[0]!.estimatedValue).toBe('85000.00')
    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'pipeline.imported')
      .execute()
    expect(audit.length).toBe(3)
  })

  /** A multipart upload as a browser sends it, with the CSRF token in the query string. */
  async function upload(client: Client, name: string, text: string, options: { csrf?: boolean } = {}) {
    const token = options.csrf === false ? '' : await client.csrf('/account')
    const boundary = '----cwbpipeline'
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n` +
      `${text}\r\n--${boundary}--\r\n`
    return t.app.inject({
      method: 'POST',
      url: `/pipeline/import?_csrf=${encodeURIComponent(token)}`,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: client.cookie },
    })
  }

  it('lets an officer upload a file in the browser: every bad row listed and nothing loaded, then loaded', async () => {
    const form = $((await officer.get('/pipeline/import')).body)
    expect(form('form[enctype="multipart/form-data"]').attr('action')).toMatch(/^\/pipeline\/import\?_csrf=/)
    const before = await count()
    const bad = await upload(
      officer,
      'web.csv',
      HEADER + ['WEB-1,Window cleaning,,90911300,,01/13/2027,,,,,,,,'].join('\n'),
    )
    expect(bad.statusCode).toBe(400)
    const page = $(bad.body)
    expect(page('.govuk-error-summary').text()).toContain('1 row has a problem: nothing was loaded')
    expect(
      page('tbody td')
        .map((_, c) => page(c).text().trim())
        .get(),
    ).toEqual(['2', 'Expected advertisement date “01/13/2027” is not a date'])
    expect(await count()).toBe(before)

    const good = await upload(officer, 'web.csv', HEADER + 'WEB-1,Window cleaning,,90911300,,01/12/2027,,,,,,,,')
    expect(good.statusCode).toBe(302)
    expect(good.headers.location).toBe('/pipeline')
    expect($((await officer.get('/pipeline')).body)('.govuk-notification-banner').text()).toContain(
      '1 planned procurement read from web.csv: 1 added, 0 changed, 0 unchanged.',
    )
    expect(await count()).toBe(before + 1)
  })

  it('refuses an upload from a viewer or without the CSRF token', async () => {
    const before = await count()
    const row = HEADER + 'WEB-2,Skip hire,,90000000,,01/12/2027,,,,,,,,'
    expect((await upload(viewer, 'v.csv', row)).statusCode).toBe(403)
    expect((await upload(officer, 'o.csv', row, { csrf: false })).statusCode).toBe(403)
    expect((await viewer.get('/pipeline/import')).statusCode).toBe(403)
    expect(await count()).toBe(before)
  })

  it('reads back its own full CSV download unchanged, and reads XLSX', async () => {
    const download = await officer.get('/pipeline/export.csv')
    expect(download.statusCode).toBe(200)
    const file = write('roundtrip.csv', download.body)
    const summary = await t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: file } })
    const total = await count()
    expect(summary).toMatchObject({ loaded: true, read: total, created: 0, updated: 0, unchanged: total })

    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Pipeline 2027')
    sheet.addRow(['Forward plan, published quarterly'])
    sheet.addRow(['Reference', 'Title', 'CPV', 'Advert date', 'Value', 'SME'])
    sheet.addRow(['XL-1', 'Street lighting repairs', '50232100', new Date(Date.UTC(2027, 0, 20)), 125000, 'Y'])
    const xlsx = path.join(tmp, 'pipeline.xlsx')
    await workbook.xlsx.writeFile(xlsx)
    const fromXlsx = await t.services.pipeline.importFile(actor, { organisationId: 'org-a', source: { path: xlsx } })
    expect(fromXlsx).toMatchObject({ loaded: true, created: 1 })
    const [lighting] = await t.services.pipeline.list('org-a', { category: 'Repair and maintenance services' })
    expect(lighting).toMatchObject({ reference: 'XL-1', expectedAdvertDate: '2027-01-20', estimatedValue: '125000.00' })
  })
})

// The command line always runs on its own embedded database, so this part runs once, in the PGlite project.
describe.skipIf(testDbKind() === 'postgres')('cwb pipeline import and export', () => {
  useCliDataDir('cwb-pipeline-cli-')
  const header = 'Reference,Title,CPV codes,Estimated value,Expected advertisement date,Status,Suitable for SMEs\n'
  // Dates relative to the real day the command runs, so the public export always includes them.
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

  it('loads a file, reports a re-load as unchanged, refuses a bad file, and prints the CSV', async () => {
    const added = await cli(
      'org',
      'add',
      '--id',
      'cli-org',
      '--name',
      'CLI Council',
      '--type',
      'council',
      '--home',
      'E09000019',
    )
    expect(added.code, added.err).toBe(0)
    const file = path.join(tmp, 'cli.csv')
    fs.writeFileSync(
      file,
      header +
        `CLI-1,Minibus hire,60172000,"45,000",${inDays(30)},Planned,Yes\n` +
        `CLI-2,Tree planting,77211400,,${inDays(400)},,No\n` +
        `CLI-3,Old plan,45000000,,${inDays(-800)},Awarded,No\n`,
    )
    const first = await cli('pipeline', 'import', file, '--org', 'cli-org')
    expect(first.code, first.err).toBe(0)
    expect(first.out).toContain('Read 3 planned procurements: 3 added, 0 changed, 0 unchanged.')
    const again = await cli('pipeline', 'import', file, '--org', 'cli-org', '--json')
    expect(JSON.parse(again.out)).toMatchObject({ loaded: true, created: 0, updated: 0, unchanged: 3 })

    const bad = path.join(tmp, 'cli-bad.csv')
    fs.writeFileSync(bad, header + `CLI-4,Bad,45000000,lots,${inDays(10)},Planned,Yes\n`)
    const refused = await cli('pipeline', 'import', bad, '--org', 'cli-org')
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('row 2: Estimated value “lots” is not an amount in pounds')
    expect(refused.err).toBe('cwb: Nothing was loaded: correct the rows above and import the file again\n')

    const exported = await cli('pipeline', 'export', '--org', 'cli-org')
    expect(exported.code, exported.err).toBe(0)
    const rows = parse(exported.out, { columns: true }) as Record<string, string>[]
    expect(rows.map((r) => [r.Reference, r['Estimated value'], r.Overdue])).toEqual([
      ['CLI-1', '45000.00', 'No'],
      ['CLI-2', '', 'No'],
    ])
    const all = parse((await cli('pipeline', 'export', '--org', 'cli-org', '--all')).out, { columns: true }) as Record<
      string,
      string
    >[]
    expect(all.map((r) => r.Reference)).toEqual(['CLI-3', 'CLI-1', 'CLI-2'])
    expect((await cli('pipeline', 'export', '--org', 'no-such-org')).code).toBe(1)
  }, 120_000)
})
