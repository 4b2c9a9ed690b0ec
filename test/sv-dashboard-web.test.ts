// The social value dashboard, report, public page, settings and framework catalogue on the demo place. Every figure
// is checked against sums made here straight from the database rows (accepted actual × the proxy in force at its
// period's start; committed target × the same), to the penny, on the page and in the CSV downloads.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, loadDemoPlace } from '../src/demo/demo-place.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'

const COUNCIL = 'islington-council'
/** The demo's commitments are for 2025-26; on this day 2026-27 has none, so pages fall back to 2025-26. */
const NOW = new Date('2026-12-05T12:00:00Z')
const YEAR = { from: '2025-04-01', to: '2026-03-31' }
const QUARTERS = [
  { label: '2025-26 Q1', from: '2025-04-01', to: '2025-06-30' },
  { label: '2025-26 Q2', from: '2025-07-01', to: '2025-09-30' },
  { label: '2025-26 Q3', from: '2025-10-01', to: '2025-12-31' },
  { label: '2025-26 Q4', from: '2026-01-01', to: '2026-03-31' },
]
/** What reviewers and suppliers wrote, and evidence links: never on the public page. */
const PRIVATE_TEXT = [
  'Please give the home postcode district',
  'The evidence is for a different contract',
  'Quarterly return for',
  'supplier.example.org',
  'Evidence pack',
]

let t: TestApp
let viewer: Client
let officer: Client

/** '£1,234.56' → pence. */
function pence(text: string): bigint {
  const clean = text.trim().replace(/[£,\s]/g, '')
  const [whole = '0', fraction = '00'] = clean.split('.')
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
}

/** RFC 4180, enough for our downloads. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''))
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  const [header, ...body] = rows
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])))
}

type Valued = { key: string; pence: bigint; quantity: string }

/**
 * Value of commitments (targets) or accepted returns (actuals) whose period starts in a range, grouped by a key:
 * each row × the proxy with the latest valid_from on or before its period start, rounded to the penny, then summed.
 */
async function valued(
  kind: 'committed' | 'delivered',
  range: { from: string; to: string },
  group: 'total' | 'theme' | 'contract' | 'measure',
): Promise<Map<string, Valued>> {
  const table = kind === 'committed' ? sql.raw('sv_commitment') : sql.raw('sv_return')
  const quantity = kind === 'committed' ? sql.raw('x.target_quantity') : sql.raw('x.actual_quantity')
  const accepted = kind === 'committed' ? sql`` : sql`and x.status = 'accepted'`
  const key =
    group === 'total'
      ? sql`'total'`
      : group === 'theme'
        ? sql`o.theme`
        : group === 'contract'
          ? sql`k.reference`
          : sql`m.code`
  const { rows } = await sql<{ key: string; pence: string; quantity: string }>`
    select ${key} as key,
      sum(round(${quantity} * coalesce((select p.value from sv_proxy_value p where p.measure_id = x.measure_id
        and p.valid_from <= x.period_start order by p.valid_from desc limit 1), 0), 2) * 100)::bigint::text as pence,
      sum(${quantity})::text as quantity
    from ${table} x
    join contract k on k.id = x.contract_id
    join sv_measure m on m.id = x.measure_id
    join sv_outcome o on o.framework_id = m.framework_id and o.code = m.outcome_code
    where x.organisation_id = ${COUNCIL} and x.period_start between ${range.from} and ${range.to} ${accepted}
    group by 1`.execute(t.services.deps.db)
  return new Map(rows.map((r) => [r.key, { key: r.key, pence: BigInt(r.pence), quantity: r.quantity }]))
}

const total = async (kind: 'committed' | 'delivered', range: { from: string; to: string }) =>
  (await valued(kind, range, 'total')).get('total')?.pence ?? 0n

function headline(html: string, label: string): string {
  const dt = $(html)('.cwb-headline dt').filter((_, el) => $(html)(el).text().trim() === label)
  return dt.next('dd').text().trim()
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  await loadDemoPlace(t.services)
  viewer = new Client(t.app)
  await viewer.signIn('viewer@demo.cwb.localhost', DEMO_PASSWORD)
  officer = new Client(t.app)
  await officer.signIn('officer@demo.cwb.localhost', DEMO_PASSWORD)
}, 180_000)
afterAll(() => t.close())

describe('GET /social-value', () => {
  let html: string
  beforeAll(async () => {
    const response = await viewer.get('/social-value')
    expect(response.statusCode).toBe(200)
    html = response.body
  })

  it('falls back from the empty financial year to date to 2025-26, and says so', () => {
    expect($(html)('#from').val()).toBe(YEAR.from)
    expect($(html)('#to').val()).toBe(YEAR.to)
    expect($(html)('.govuk-inset-text').first().text()).toContain('Nothing is recorded for 2026-27 yet')
  })

  it('gives promised and delivered £ equal to the database rows valued at their proxies, to the penny', async () => {
    const committed = await total('committed', YEAR)
    const delivered = await total('delivered', YEAR)
    expect(committed).toBeGreaterThan(0n)
    expect(delivered).toBeGreaterThan(0n)
    expect(pence(headline(html, 'Social value promised'))).toBe(committed)
    expect(pence(headline(html, 'Social value delivered'))).toBe(delivered)
  })

  it('draws each chart as an SVG image beside its table, and links contracts to their social value pages', () => {
    for (const key of ['rag', 'themes', 'quarters']) {
      expect($(html)(`#chart-${key}-title`).length, key).toBe(1)
      expect($(html)(`#table-${key}`).length, key).toBe(1)
    }
    const links = $(html)('#table-contracts a')
      .map((_, a) => $(html)(a).attr('href'))
      .get()
    expect(links.length).toBe(8)
    for (const href of links) expect(href).toMatch(/^\/contracts\/[0-9a-f-]{36}\/social-value$/)
    expect($(html)('a[href="/social-value/returns"]').length).toBe(1)
  })

  it('links to the commitments and the ethical standards overview with its count; the upload only for officers', async () => {
    const { suppliers, flagged } = await t.services.svEthics.flaggedCount(COUNCIL)
    expect(suppliers).toBeGreaterThan(0)
    const related = $(html)('a[href="/social-value/ethical-standards"]').parent().text().replace(/\s+/g, ' ')
    expect(related).toContain(`${flagged} of ${suppliers} suppliers on active contracts`)
    expect($(html)('a[href="/social-value/commitments"]').length).toBe(1)
    expect($(html)('a[href="/social-value/imports"]').length).toBe(0)
    const asOfficer = (await officer.get('/social-value')).body
    expect($(asOfficer)('a[href="/social-value/imports"]').length).toBe(1)
  })

  it('lists red and amber contracts first', () => {
    const statuses = $(html)('#table-contracts tbody tr')
      .map((_, tr) => $(html)(tr).find('.govuk-tag').text().trim())
      .get()
    const order = { Red: 0, Amber: 1, Green: 2, 'Not yet due': 3 } as Record<string, number>
    expect(statuses).toEqual([...statuses].sort((a, b) => order[a]! - order[b]!))
    expect(statuses).toContain('Red')
  })

  it('shows a date error in the error summary', async () => {
    const response = await viewer.get('/social-value?from=2025-02-30')
    expect(response.statusCode).toBe(200)
    expect($(response.body)('title').text()).toMatch(/^Error: /)
    expect($(response.body)('.govuk-error-summary a').attr('href')).toBe('#from')
  })
})

describe('CSV downloads', () => {
  const csv = async (client: Client, url: string) => {
    const response = await client.get(url)
    expect(response.statusCode, url).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    return parseCsv(response.body)
  }
  const q = `from=${YEAR.from}&to=${YEAR.to}`

  it('gives each theme’s £ as the rows add up', async () => {
    const committed = await valued('committed', YEAR, 'theme')
    const delivered = await valued('delivered', YEAR, 'theme')
    const rows = await csv(viewer, `/social-value/themes.csv?${q}`)
    expect(rows.map((r) => r.Theme)).toEqual(['Economic', 'Social', 'Environmental'])
    for (const r of rows) {
      const theme = r.Theme!.toLowerCase()
      expect(pence(r['Promised (£)']!), theme).toBe(committed.get(theme)?.pence ?? 0n)
      expect(pence(r['Delivered (£)']!), theme).toBe(delivered.get(theme)?.pence ?? 0n)
    }
  })

  it('gives each contract’s £, and each measure’s units and £', async () => {
    const delivered = await valued('delivered', YEAR, 'contract')
    const committed = await valued('committed', YEAR, 'contract')
    const contracts = await csv(viewer, `/social-value/contracts.csv?${q}`)
    expect(contracts.length).toBe(committed.size)
    for (const r of contracts) {
      const reference = r.Contract!.split(':')[0]!
      expect(pence(r['Promised (£)']!), reference).toBe(committed.get(reference)!.pence)
      expect(pence(r['Delivered (£)']!), reference).toBe(delivered.get(reference)?.pence ?? 0n)
    }
    const units = await valued('delivered', YEAR, 'measure')
    const measures = await csv(viewer, `/social-value/measures.csv?${q}`)
    for (const r of measures) {
      const code = r.Measure!.split(':')[0]!
      expect(Number(r['Units delivered']), code).toBe(Number(units.get(code)?.quantity ?? 0))
      expect(pence(r['Delivered (£)']!), code).toBe(units.get(code)?.pence ?? 0n)
    }
  })

  it('gives the trend by quarter, adding up to the year', async () => {
    const rows = await csv(viewer, `/social-value/quarters.csv?${q}`)
    expect(rows.map((r) => r.Quarter)).toEqual(QUARTERS.map((x) => x.label))
    for (const [i, quarter] of QUARTERS.entries()) {
      expect(pence(rows[i]!['Delivered (£)']!), quarter.label).toBe(await total('delivered', quarter))
      expect(pence(rows[i]!['Promised (£)']!), quarter.label).toBe(await total('committed', quarter))
    }
    const sum = rows.reduce((s, r) => s + pence(r['Delivered (£)']!), 0n)
    expect(sum).toBe(await total('delivered', YEAR))
  })

  it('lists every commitment with its status', async () => {
    const rows = await csv(viewer, `/social-value/commitments.csv?${q}`)
    const count = await t.services.deps.db
      .selectFrom('sv_commitment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', COUNCIL)
      .executeTakeFirstOrThrow()
    expect(rows.length).toBe(Number(count.n))
    expect(new Set(rows.map((r) => r.Status))).toEqual(new Set(['Red', 'Amber', 'Green']))
  })

  it('refuses an unknown table', async () => {
    expect((await viewer.get(`/social-value/nothing.csv?${q}`)).statusCode).toBe(404)
  })
})

describe('a network', () => {
  it('pools its members’ social value for someone in it, with targets left to each organisation', async () => {
    const analyst = new Client(t.app)
    await analyst.signIn('network@demo.cwb.localhost', DEMO_PASSWORD)
    const response = await analyst.get(`/social-value?from=${YEAR.from}&to=${YEAR.to}&scope=network:islington-anchors`)
    expect(response.statusCode).toBe(200)
    const html = response.body
    expect($(html)('.govuk-caption-l').first().text().trim()).toBe('Islington Anchor Network')
    // Only the council has social value in the demo, so the pool equals its figures.
    expect(pence(headline(html, 'Social value delivered'))).toBe(await total('delivered', YEAR))
    expect($(html)('#targets + p').text()).toContain('Targets are set by each organisation')
    const organisations = $(html)('#table-organisations tbody th')
      .map((_, th) => $(html)(th).text().trim())
      .get()
    expect(organisations).toEqual(['Islington Council'])
    const other = await analyst.get('/social-value?scope=network:not-a-network-of-ours')
    expect(other.statusCode).toBe(403)
  })
})

describe('who may see what', () => {
  it('lets the organisation’s people read, and only administrators and officers change settings', async () => {
    for (const url of ['/social-value', '/social-value/report', '/social-value/framework'])
      expect((await viewer.get(url)).statusCode, url).toBe(200)
    expect((await viewer.get('/social-value/settings')).statusCode).toBe(403)
    expect((await officer.get('/social-value/settings')).statusCode).toBe(200)
    const supplier = new Client(t.app)
    await supplier.signIn('supplier@demo.cwb.localhost', DEMO_PASSWORD)
    expect((await supplier.get('/social-value')).statusCode).toBe(403)
    const anyone = new Client(t.app)
    expect((await anyone.get('/social-value')).headers.location).toBe('/sign-in')
    expect((await anyone.get('/social-value/report.pdf')).headers.location).toBe('/sign-in')
  })
})

describe('GET /public/:organisationId/social-value', () => {
  const anyone = () => new Client(t.app)

  it('publishes the same totals, by theme, trend and contract, with no private detail', async () => {
    const response = await anyone().get(`/public/${COUNCIL}/social-value`)
    expect(response.statusCode).toBe(200)
    const html = response.body
    expect(pence(headline(html, 'Social value promised'))).toBe(await total('committed', YEAR))
    expect(pence(headline(html, 'Social value delivered'))).toBe(await total('delivered', YEAR))
    for (const text of PRIVATE_TEXT) expect(html).not.toContain(text)
    expect($(html)('#table-contracts thead').text()).not.toContain('Department')
    expect($(html)('#table-departments').length).toBe(0)
    for (const href of $(html)('#table-contracts a')
      .map((_, a) => $(html)(a).attr('href'))
      .get())
      expect(href).toMatch(new RegExp(`^/public/${COUNCIL}/contracts/`))
  })

  it('downloads only the public tables', async () => {
    const client = anyone()
    const themes = await client.get(`/public/${COUNCIL}/social-value/themes.csv?from=${YEAR.from}&to=${YEAR.to}`)
    expect(themes.statusCode).toBe(200)
    const contracts = await client.get(`/public/${COUNCIL}/social-value/contracts.csv?from=${YEAR.from}&to=${YEAR.to}`)
    expect(contracts.body.split('\r\n')[0]).toBe('Contract,Promised (£),Delivered (£),Delivered of promised (%),Status')
    for (const text of PRIVATE_TEXT) expect(contracts.body).not.toContain(text)
    for (const table of ['commitments', 'departments', 'measures', 'targets', 'rag'])
      expect((await client.get(`/public/${COUNCIL}/social-value/${table}.csv`)).statusCode, table).toBe(404)
    expect((await client.get('/public/no-such-organisation/social-value')).statusCode).toBe(404)
  })
})

describe('settings and targets', () => {
  it('saves thresholds and targets, audited, and shows delivery against them', async () => {
    const response = await officer.post(
      '/social-value/settings',
      {
        year: '2025-26',
        greenPercent: '100',
        amberPercent: '80',
        dueDays: '30',
        reminderDaysBefore: '14',
        totalBaseline: '50,000',
        totalStretch: '£9999999.99',
        economicBaseline: '1000',
        economicStretch: '',
        socialBaseline: '',
        socialStretch: '',
        environmentalBaseline: '',
        environmentalStretch: '',
      },
      { csrfFrom: '/social-value/settings' },
    )
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/social-value/settings?year=2025-26')
    expect((await t.services.svReturns.settings(COUNCIL)).amberPercent).toBe(80)
    const targets = await t.services.svTargets.forYear(COUNCIL, '2025-26')
    expect(targets.find((x) => x.scope === 'total')).toMatchObject({ baseline: '50000.00', stretch: '9999999.99' })
    const audit = await t.services.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['sv.targets-changed', 'sv.settings-changed'])
      .execute()
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['sv.targets-changed', 'sv.settings-changed']))

    const rows = parseCsv((await officer.get(`/social-value/targets.csv?from=${YEAR.from}&to=${YEAR.to}`)).body)
    const all = rows.find((r) => r['Social value'] === 'All social value')!
    const delivered = await total('delivered', YEAR)
    expect(pence(all['Delivered (£)']!)).toBe(delivered)
    expect(all['Baseline (£)']).toBe('50000.00')
    expect(all.Progress).toBe(delivered >= 5_000_000n ? 'Baseline reached' : 'Below target')
  })

  it('refuses a stretch below its baseline, and amber above green, saving nothing', async () => {
    const response = await officer.post(
      '/social-value/settings',
      {
        year: '2025-26',
        greenPercent: '90',
        amberPercent: '95',
        dueDays: '30',
        reminderDaysBefore: '14',
        totalBaseline: '100',
        totalStretch: '50',
      },
      { csrfFrom: '/social-value/settings' },
    )
    expect(response.statusCode).toBe(400)
    const errors = $(response.body)('.govuk-error-summary a')
      .map((_, a) => $(response.body)(a).attr('href'))
      .get()
    expect(errors).toContain('#amberPercent')
    const again = await officer.post(
      '/social-value/settings',
      {
        year: '2025-26',
        greenPercent: '90',
        amberPercent: '50',
        dueDays: '30',
        reminderDaysBefore: '14',
        totalBaseline: '100',
        totalStretch: '50',
      },
      { csrfFrom: '/social-value/settings' },
    )
    expect(again.statusCode).toBe(400)
    expect($(again.body)('.govuk-error-summary a').attr('href')).toBe('#totalStretch')
    expect((await t.services.svReturns.settings(COUNCIL)).greenPercent).toBe(100)
  })
})

describe('the quarterly report', () => {
  it('shows a quarter, with the organisation, the date produced, red and amber contracts first', async () => {
    const response = await viewer.get('/social-value/report?quarter=2025-26-Q4')
    expect(response.statusCode).toBe(200)
    const html = response.body
    expect($(html)('h1').text()).toContain('2025-26 Q4')
    expect($(html)('title').text()).toContain('Islington Council, 2025-26 Q4')
    expect($(html)('main').text()).toContain('Produced on:')
    expect($(html)('main').text()).toContain('5 December 2026')
    const q4 = QUARTERS[3]!
    expect(pence(headline(html, 'Social value delivered'))).toBe(await total('delivered', q4))
    expect(pence(headline(html, 'Social value promised'))).toBe(await total('committed', q4))
    const overview = await t.services.svEthics.overview(COUNCIL)
    const flagged = overview.filter((s) => s.flags.length > 0).length
    expect($(html)('main').text()).toContain(`${flagged} of ${overview.length} suppliers`)
  })

  it('defaults to the latest quarter with commitments when the last full quarter has none', async () => {
    const html = (await viewer.get('/social-value/report')).body
    expect($(html)('h1').text()).toContain('2025-26 Q4')
  })

  it('refuses a quarter that is not one', async () => {
    const response = await viewer.get('/social-value/report?quarter=2025-27-Q5')
    expect($(response.body)('.govuk-error-summary a').attr('href')).toBe('#quarter')
  })

  it('gives the same report as a PDF, with the organisation in it', async () => {
    const response = await viewer.get('/social-value/report.pdf?quarter=2025-26-Q4')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    const pdf = response.rawPayload
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.toString('latin1')).toContain('Islington Council')
    const text = pdfText(pdf)
    if (text !== undefined) {
      expect(text).toContain('Social value report')
      expect(text).toContain('Islington Council, 2025-26 Q4')
      expect(text).toMatch(/Page 1 of \d/)
      expect(text).toContain('By contract, red and amber first')
    }
  })
})

/** The PDF's text by pdftotext (poppler), when it is installed; undefined when it is not. */
function pdfText(pdf: Buffer): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-pdf-'))
  try {
    const file = path.join(dir, 'report.pdf')
    fs.writeFileSync(file, pdf)
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  } catch {
    return undefined
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('GET /social-value/framework', () => {
  it('lists every measure with its unit and dated, cited proxy values, and downloads as CSV and JSON', async () => {
    const html = (await viewer.get('/social-value/framework')).body
    const measures = await t.services.svFrameworks.measures('islington-2020')
    expect($(html)('.govuk-summary-card').length).toBe(measures.length)
    const first = measures.find((m) => m.proxies.length > 0)!
    const card = $(html)(`#measure-${first.code}`)
    expect(card.text()).toContain(first.unit)
    expect(card.find('tbody tr').length).toBe(first.proxies.length)
    expect(card.text()).toContain(first.proxies[0]!.source)
    const csv = await viewer.get('/social-value/framework/export.csv')
    expect(csv.body).toBe(await t.services.svFrameworks.export('islington-2020', 'csv', COUNCIL))
    const json = await viewer.get('/social-value/framework/export.json')
    expect(JSON.parse(json.body).id).toBe('islington-2020')
  })
})
