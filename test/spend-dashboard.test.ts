// The spend dashboard on the demo place: every figure checked against sums made here, independently of the report
// code (straight SQL over the payment table, and the demo generator's own record of where each supplier is), and
// every figure's drill-down and CSV adding up to it. Names of people and withheld names never appear.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AreaKind, DEMO_SEED, generateDemoPlace, sizeBandOf, SizeBand } from '../src/demo/demo-data.js'
import { DEMO_PASSWORD, loadDemoPlace } from '../src/demo/demo-place.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { TIER_LABELS, type TierKey } from '../src/domain/spend/report.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'

const COUNCIL = 'islington-council'
const PERIOD = { from: '2025-04-01', to: '2026-03-31' }
/** Payees added here whose names must never be shown, signed in or not. */
const HIDDEN_NAMES = [
  'Mr Johnathan Testperson',
  'Mrs Ada Hiddenname',
  'REDACTED - PERSONAL INFORMATION',
  'REDACTED PERSONAL DATA',
]
const EXTRA = [
  { payee_name: 'Mr Johnathan Testperson', payee_kind: 'individual', amount: '1234.56', payment_date: '2025-05-06' },
  { payee_name: 'Mrs Ada Hiddenname', payee_kind: 'individual', amount: '-100.10', payment_date: '2025-11-12' },
  {
    payee_name: 'REDACTED - PERSONAL INFORMATION',
    payee_kind: 'redacted',
    amount: '777.00',
    payment_date: '2026-02-02',
  },
] as const

const data = generateDemoPlace(DEMO_SEED)
const AREA_TIER: Record<string, TierKey> = {
  [AreaKind.Home]: 'local',
  [AreaKind.Neighbour]: 'subRegional',
  [AreaKind.London]: 'regional',
  [AreaKind.Uk]: 'national',
  [AreaKind.Overseas]: 'overseas',
  [AreaKind.Unknown]: 'unknown',
}

let t: TestApp
let viewer: Client

/** '£1,234.56' or '−£12.00' → pence. */
function pence(text: string): bigint {
  const clean = text.trim().replace(/[£,\s]/g, '')
  const negative = clean.startsWith('−') || clean.startsWith('-')
  const [whole = '0', fraction = '00'] = clean.replace(/^[−-]/, '').split('.')
  const value = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
  return negative ? -value : value
}

/** RFC 4180, enough for our downloads: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (!quoted && c === ',') {
      row.push(field)
      field = ''
    } else if (!quoted && c === '\n') {
      row.push(field.replace(/\r$/, ''))
      rows.push(row)
      row = []
      field = ''
    } else {
      field += c
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}

async function sqlTotal(organisationIds: string[], from: string, to: string) {
  const result = await sql<{ amount: string | null; count: number }>`
    select sum(amount)::text as amount, count(*)::int as count from payment
    where organisation_id = any(${organisationIds}::text[]) and payment_date between ${from}::date and ${to}::date
  `.execute(t.services.deps.db)
  return { pence: pence(result.rows[0]?.amount ?? '0'), count: Number(result.rows[0]?.count) }
}

/** The generator's payments for the council, with the added ones, each with its tier as the generator placed it. */
function expectedPayments() {
  const generated = data.payments
    .filter((p) => p.organisationId === COUNCIL)
    .map((p) => {
      const s = p.supplierIndex === null ? null : data.suppliers[p.supplierIndex]!
      return {
        pence: BigInt(p.amountPence),
        tier: s ? AREA_TIER[s.area]! : ('unknown' as TierKey),
        sme:
          s !== null && [SizeBand.Micro, SizeBand.SmallMedium].some((b) => b === sizeBandOf(s.employees, s.turnover)),
        vcse: s !== null && (s.isCharity || s.isCic || s.isSocialEnterprise || s.isCoop),
      }
    })
  return [
    ...generated,
    ...EXTRA.map((e) => ({ pence: pence(e.amount), tier: 'unknown' as TierKey, sme: false, vcse: false })),
  ]
}

const sum = (rows: { pence: bigint }[]) => rows.reduce((s, r) => s + r.pence, 0n)

function headline(html: string, label: string) {
  const $page = $(html)
  const card = $page('.cwb-headline').filter((_, el) => $page(el).find('dt').text().trim() === label)
  return { pence: pence(card.find('.cwb-headline__figure').text()), href: card.find('a').attr('href')! }
}

function tableRows(html: string, key: string) {
  const $page = $(html)
  return $page(`#table-${key} tbody tr`)
    .toArray()
    .map((tr) => ({
      label: $page(tr).find('th').text().trim(),
      href: $page(tr).find('th a').attr('href'),
      pence: pence($page(tr).find('td[data-label=Amount]').text()),
      count: Number($page(tr).find('td[data-label=Payments]').text().replace(/,/g, '')),
    }))
}

/** The total the drill-down's caption states: "… – £1,234.56 in 12 payments". */
function drillTotal(html: string) {
  const caption = $(html)('caption').text().replace(/\s+/g, ' ')
  const match = /(−?£[\d,]+\.\d\d) in ([\d,]+) payments?/.exec(caption)
  if (!match) throw new Error(`No total in the caption: ${caption}`)
  return { pence: pence(match[1]!), count: Number(match[2]!.replace(/,/g, '')) }
}

async function csvTotal(client: Client, href: string) {
  const response = await client.get(`${href}&format=csv`)
  expect(response.statusCode).toBe(200)
  const [header, ...rows] = parseCsv(response.body)
  const amount = header!.indexOf('Amount (£)')
  return { pence: rows.reduce((s, r) => s + pence(r[amount]!), 0n), count: rows.length, body: response.body }
}

beforeAll(async () => {
  t = await createTestApp()
  await loadDemoPlace(t.services)
  await t.services.deps.db
    .insertInto('payment')
    .values(
      EXTRA.map((e, i) => ({
        ...e,
        organisation_id: COUNCIL,
        supplier_id: null,
        is_redacted: e.payee_kind === 'redacted',
        department: "Children's Services",
        expense_type: 'Direct payments',
        fingerprint: `test-extra-${i}`,
      })),
    )
    .execute()
  viewer = new Client(t.app)
  await viewer.signIn('viewer@demo.cwb.localhost', DEMO_PASSWORD)
}, 120_000)
afterAll(() => t.close())

describe('GET /spend', () => {
  let html: string
  beforeAll(async () => {
    const response = await viewer.get('/spend')
    expect(response.statusCode).toBe(200)
    html = response.body
  })

  it('defaults to the latest twelve months and states the period', () => {
    expect($(html)('#from').val()).toBe(PERIOD.from)
    expect($(html)('#to').val()).toBe(PERIOD.to)
    expect($(html)('main').text()).toContain('1 April 2025 to 31 March 2026')
  })

  it('gives a total equal to the sum of the payment table, and to the generator’s amounts', async () => {
    const total = headline(html, 'Total spend')
    const fromSql = await sqlTotal([COUNCIL], PERIOD.from, PERIOD.to)
    expect(total.pence).toBe(fromSql.pence)
    expect(total.pence).toBe(sum(expectedPayments()))
    expect(fromSql.count).toBe(expectedPayments().length)
  })

  it('gives each tier as the generator placed its suppliers', () => {
    const rows = tableRows(html, 'tier')
    const expected = expectedPayments()
    expect(rows.map((r) => r.label)).toEqual(Object.values(TIER_LABELS))
    for (const [tier, label] of Object.entries(TIER_LABELS)) {
      const mine = expected.filter((p) => p.tier === tier)
      const row = rows.find((r) => r.label === label)!
      expect([row.pence, row.count], tier).toEqual([sum(mine), mine.length])
    }
    expect(headline(html, 'Local spend').pence).toBe(sum(expected.filter((p) => p.tier === 'local')))
  })

  it('gives SME and VCSE spend as the generator made its suppliers', () => {
    const expected = expectedPayments()
    expect(headline(html, 'Spend with SMEs').pence).toBe(sum(expected.filter((p) => p.sme)))
    expect(headline(html, 'Spend with VCSE organisations').pence).toBe(sum(expected.filter((p) => p.vcse)))
  })

  it('splits the total exactly by quarter and by department', async () => {
    const total = await sqlTotal([COUNCIL], PERIOD.from, PERIOD.to)
    for (const key of ['quarter', 'department']) {
      const rows = tableRows(html, key)
      expect(
        rows.reduce((s, r) => s + r.pence, 0n),
        key,
      ).toBe(total.pence)
      expect(
        rows.reduce((s, r) => s + r.count, 0),
        key,
      ).toBe(total.count)
    }
    const q2 = tableRows(html, 'quarter').find((r) => r.label === '2025-26 Q2')!
    const q2Sql = await sqlTotal([COUNCIL], '2025-07-01', '2025-09-30')
    expect([q2.pence, q2.count]).toEqual([q2Sql.pence, q2Sql.count])
  })

  it('counts individuals and redacted payees without naming them', () => {
    const text = $(html)('#individuals + p').text().replace(/\s+/g, ' ')
    const redacted = data.payments.filter((p) => p.organisationId === COUNCIL && p.isRedacted)
    const amount = sum([
      ...redacted.map((p) => ({ pence: BigInt(p.amountPence) })),
      ...EXTRA.map((e) => ({ pence: pence(e.amount) })),
    ])
    expect(text).toContain(`${(redacted.length + EXTRA.length).toLocaleString('en-GB')} payments`)
    expect(text).toContain(`£${(Number(amount) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`)
    for (const name of HIDDEN_NAMES) expect(html).not.toContain(name)
  })

  it('lists the top expense types with a link to all of them', async () => {
    expect(tableRows(html, 'expense-type')).toHaveLength(15)
    const all = await viewer.get($(html)('a:contains("Show all")').attr('href')!)
    const rows = tableRows(all.body, 'expense-type')
    expect(rows.length).toBeGreaterThan(15)
    expect(rows.reduce((s, r) => s + r.pence, 0n)).toBe((await sqlTotal([COUNCIL], PERIOD.from, PERIOD.to)).pence)
  })

  it('shows a chart beside each table, as an image with a title and description', () => {
    const $page = $(html)
    for (const key of ['tier', 'size', 'vcse', 'quarter', 'department', 'expense-type', 'leakage-category']) {
      const svg = $page(`#chart-${key}-title`).closest('svg')
      expect(svg.attr('role'), key).toBe('img')
      expect($page(`#chart-${key}-desc`).text(), key).toContain('The table with this chart gives every figure')
    }
    expect(html).not.toMatch(/<svg[^>]*\sstyle=/)
  })
})

describe('drill-down: GET /spend/payments', () => {
  let html: string
  beforeAll(async () => (html = (await viewer.get('/spend')).body))

  it('adds up to each tier’s figure, on the page and in the CSV', async () => {
    for (const row of tableRows(html, 'tier')) {
      const page = await viewer.get(row.href!)
      expect(page.statusCode).toBe(200)
      expect(drillTotal(page.body), row.label).toEqual({ pence: row.pence, count: row.count })
      const csv = await csvTotal(viewer, row.href!)
      expect({ pence: csv.pence, count: csv.count }, row.label).toEqual({ pence: row.pence, count: row.count })
    }
  })

  it('adds up to each headline figure, and to leakage and the top suppliers', async () => {
    const figures = ['Total spend', 'Local spend', 'Spend with SMEs', 'Spend with VCSE organisations'].map((l) =>
      headline(html, l),
    )
    for (const f of figures) expect(drillTotal((await viewer.get(f.href)).body).pence).toBe(f.pence)
    const supplier = tableRows(html, 'top-suppliers')[0]!
    expect(drillTotal((await viewer.get(supplier.href!)).body)).toEqual({
      pence: supplier.pence,
      count: supplier.count,
    })
    for (const row of tableRows(html, 'leakage-category').slice(0, 3))
      expect(drillTotal((await viewer.get(row.href!)).body)).toEqual({ pence: row.pence, count: row.count })
  })

  it('shows 50 payments a page, and pages on', async () => {
    const local = tableRows(html, 'tier')[0]!
    const first = $((await viewer.get(local.href!)).body)
    expect(first('tbody tr')).toHaveLength(50)
    const next = first('.govuk-pagination__next a').attr('href')!
    expect(next).toContain('page=2')
    const second = $((await viewer.get(next)).body)
    expect(second('tbody tr')).toHaveLength(50)
    expect(second('td[data-label=Reference]').first().text()).not.toBe(first('td[data-label=Reference]').first().text())
  })

  it('downloads every payment as CSV with a header row and two-decimal amounts', async () => {
    const response = await viewer.get(`/spend/payments?from=${PERIOD.from}&to=${PERIOD.to}&format=csv`)
    expect(response.headers['content-type']).toContain('text/csv')
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${COUNCIL}-payments-${PERIOD.from}-to-${PERIOD.to}.csv"`,
    )
    const [header, ...rows] = parseCsv(response.body)
    expect(header![0]).toBe('Date')
    expect(rows.every((r) => /^-?\d+\.\d{2}$/.test(r[4]!))).toBe(true)
    const total = await sqlTotal([COUNCIL], PERIOD.from, PERIOD.to)
    expect(rows.length).toBe(total.count)
    expect(rows.reduce((s, r) => s + pence(r[4]!), 0n)).toBe(total.pence)
  })

  it('reads a download in chunks, each payment exactly once, however the chunks fall on a day’s payments', async () => {
    const total = await sqlTotal([COUNCIL], PERIOD.from, PERIOD.to)
    const ids: number[] = []
    let amount = 0n
    let chunks = 0
    for await (const rows of t.services.spendReport.paymentChunks({ organisationId: COUNCIL }, PERIOD, 37)) {
      chunks++
      for (const r of rows) {
        ids.push(r.id)
        amount += pence(r.amount)
      }
    }
    expect(chunks).toBe(Math.ceil(total.count / 37))
    expect(new Set(ids).size).toBe(total.count)
    expect(amount).toBe(total.pence)
  })

  it('shows individuals and redacted payees as such, never by name, even signed in', async () => {
    const page = await viewer.get(`/spend/payments?unnamed=true`)
    expect(page.body).toContain('Individual (not named)')
    expect(page.body).toContain('Redacted')
    const csv = await csvTotal(viewer, '/spend/payments?unnamed=true')
    for (const name of HIDDEN_NAMES) {
      expect(page.body).not.toContain(name)
      expect(csv.body).not.toContain(name)
    }
    expect(csv.count).toBe(
      data.payments.filter((p) => p.organisationId === COUNCIL && p.isRedacted).length + EXTRA.length,
    )
  })

  it('refuses filters that are not valid', async () => {
    expect((await viewer.get('/spend/payments?tier=nearby')).statusCode).toBe(400)
    expect((await viewer.get('/spend/payments?supplierId=not-a-uuid&format=csv')).statusCode).toBe(400)
    const backwards = await viewer.get('/spend/payments?from=2026-03-31&to=2025-04-01&tier=local')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.body).toContain('The end date must be the same as or after the start date')
    const backwardsCsv = await viewer.get('/spend/payments?from=2026-03-31&to=2025-04-01&format=csv')
    expect(backwardsCsv.statusCode).toBe(400)
  })

  it('sends a page past the last to the last page', async () => {
    const local = tableRows(html, 'tier')[0]!
    const beyond = await viewer.get(`${local.href!}&page=99999`)
    expect(beyond.statusCode).toBe(302)
    const last = $((await viewer.get(beyond.headers.location as string)).body)
    const [page, pages] = /Page (\d+) of (\d+)/.exec(last('p:contains("Page ")').text())!.slice(1)
    expect(page).toBe(pages)
  })

  it('reads a parameter given twice with its last value, not as an error', async () => {
    const twice = await viewer.get('/spend?from=2025-04-01&from=2025-07-01&to=2025-09-30')
    expect(twice.statusCode).toBe(200)
    expect(headline(twice.body, 'Total spend').pence).toBe(
      (await sqlTotal([COUNCIL], '2025-07-01', '2025-09-30')).pence,
    )
  })
})

describe('table downloads: GET /spend/tables/:table.csv', () => {
  it('gives each table as CSV with a header row, amounts as two-decimal strings, adding up to the total', async () => {
    const total = await sqlTotal([COUNCIL], PERIOD.from, PERIOD.to)
    for (const table of ['tier', 'size', 'quarter', 'department', 'expense-type']) {
      const response = await viewer.get(`/spend/tables/${table}.csv?from=${PERIOD.from}&to=${PERIOD.to}`)
      expect(response.statusCode, table).toBe(200)
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="${COUNCIL}-spend-${table}-${PERIOD.from}-to-${PERIOD.to}.csv"`,
      )
      const [header, ...rows] = parseCsv(response.body)
      const amount = header!.indexOf('Amount (£)')
      expect(amount, table).toBeGreaterThan(0)
      expect(
        rows.every((r) => /^-?\d+\.\d{2}$/.test(r[amount]!)),
        table,
      ).toBe(true)
      expect(
        rows.reduce((s, r) => s + pence(r[amount]!), 0n),
        table,
      ).toBe(total.pence)
    }
    for (const table of ['vcse', 'top-suppliers', 'leakage-category', 'leakage-supplier'])
      expect((await viewer.get(`/spend/tables/${table}.csv`)).statusCode, table).toBe(200)
    expect((await viewer.get('/spend/tables/nothing.csv')).statusCode).toBe(404)
  })
})

describe('periods and scopes', () => {
  it('reports a chosen period', async () => {
    const html = (await viewer.get('/spend?from=2025-07-01&to=2025-09-30')).body
    expect(headline(html, 'Total spend').pence).toBe((await sqlTotal([COUNCIL], '2025-07-01', '2025-09-30')).pence)
  })

  it('explains dates that are not valid, with GOV.UK errors', async () => {
    const response = await viewer.get('/spend?from=2025-02-30&to=2025-01-01')
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    expect(page('.govuk-error-summary').text()).toContain('The start date must be a real date')
    expect(page('#from').val()).toBe('2025-02-30')
    expect(page('.govuk-error-summary li')).toHaveLength(1)
    const backwards = $((await viewer.get('/spend?from=2025-06-01&to=2025-01-01')).body)
    expect(backwards('.govuk-error-summary a[href="#to"]').text()).toContain(
      'The end date must be the same as or after the start date',
    )
  })

  it('pools a network the organisation belongs to, and refuses one it does not', async () => {
    const members = ['islington-council', 'islington-health', 'islington-college']
    const html = (await viewer.get('/spend?scope=network:islington-anchors')).body
    const fromSql = await sqlTotal(members, PERIOD.from, PERIOD.to)
    const total = headline(html, 'Total spend')
    expect(total.pence).toBe(fromSql.pence)
    expect(total.href).toContain('scope=network%3Aislington-anchors')
    expect(drillTotal((await viewer.get(total.href)).body).pence).toBe(fromSql.pence)
    await t.services.organisations.addNetwork(SYSTEM_ACTOR, {
      id: 'health-only',
      name: 'Health only',
      description: '',
      memberIds: ['islington-health'],
    })
    expect((await viewer.get('/spend?scope=network:health-only')).statusCode).toBe(403)
    expect((await viewer.get('/spend/payments?scope=network:health-only')).statusCode).toBe(403)
  })

  it('shows an organisation with no payments where to upload them', async () => {
    await t.services.organisations.add(SYSTEM_ACTOR, {
      id: 'empty-org',
      name: 'Empty Org',
      type: 'council',
      home: ['E09000007'],
    })
    await t.services.users.add(SYSTEM_ACTOR, {
      email: 'analyst@empty.example',
      name: 'Empty Analyst',
      role: 'analyst',
      organisationId: 'empty-org',
      password: DEMO_PASSWORD,
    })
    const analyst = new Client(t.app)
    await analyst.signIn('analyst@empty.example', DEMO_PASSWORD)
    const response = await analyst.get('/spend')
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h2').text()).toContain('No payments yet')
    expect(page('a[href="/spend/imports/new"]').length).toBe(1)
    expect($((await t.app.inject('/public/empty-org/spend')).body)('main').text()).toContain(
      'has not published any payments',
    )
  })
})

describe('access', () => {
  it('refuses a supplier, and sends the public to sign in', async () => {
    const supplier = new Client(t.app)
    await supplier.signIn('supplier@demo.cwb.localhost', DEMO_PASSWORD)
    for (const url of ['/spend', '/spend/payments', '/spend/tables/tier.csv']) {
      expect((await supplier.get(url)).statusCode, url).toBe(403)
      const anonymous = await t.app.inject(url)
      expect([anonymous.statusCode, anonymous.headers.location], url).toEqual([302, '/sign-in'])
    }
  })
})

describe('the public pages: GET /public/:organisationId/spend', () => {
  it('publish the same figures as the signed-in dashboard', async () => {
    const mine = (await viewer.get('/spend')).body
    const response = await t.app.inject(`/public/${COUNCIL}/spend`)
    expect(response.statusCode).toBe(200)
    for (const key of ['tier', 'size', 'quarter', 'department', 'leakage-category'])
      expect(
        tableRows(response.body, key).map((r) => [r.label, r.pence, r.count]),
        key,
      ).toEqual(tableRows(mine, key).map((r) => [r.label, r.pence, r.count]))
    const local = tableRows(response.body, 'tier')[0]!
    expect(local.href).toMatch(new RegExp(`^/public/${COUNCIL}/spend/payments\\?`))
    expect(drillTotal((await t.app.inject(local.href!)).body)).toEqual({ pence: local.pence, count: local.count })
  })

  it('never contain a name of a person or a withheld name, on any page or download', async () => {
    const base = `/public/${COUNCIL}/spend`
    const urls = [
      base,
      `${base}?expenseTypes=all`,
      `${base}/payments?unnamed=true`,
      `${base}/payments?unnamed=true&format=csv`,
      `${base}/payments?format=csv`,
      `${base}/payments?tier=unknown`,
      `${base}/payments?department=${encodeURIComponent("Children's Services")}&format=csv`,
      ...['tier', 'top-suppliers', 'leakage-supplier', 'expense-type'].map((table) => `${base}/tables/${table}.csv`),
    ]
    for (const url of urls) {
      const response = await t.app.inject(url)
      expect(response.statusCode, url).toBe(200)
      for (const name of HIDDEN_NAMES) expect(response.body, `${url} names ${name}`).not.toContain(name)
    }
    const unnamed = await t.app.inject(`${base}/payments?unnamed=true&format=csv`)
    const [header, ...rows] = parseCsv(unnamed.body)
    const payee = header!.indexOf('Payee')
    expect(new Set(rows.map((r) => r[payee]))).toEqual(new Set(['Individual (not named)', 'Redacted']))
  })

  it('answers 404 for an organisation that does not exist', async () => {
    expect((await t.app.inject('/public/no-such-organisation/spend')).statusCode).toBe(404)
    expect((await t.app.inject('/public/no-such-organisation/spend/payments')).statusCode).toBe(404)
    expect((await t.app.inject('/public/no-such-organisation/spend/tables/tier.csv')).statusCode).toBe(404)
  })

  it('are linked from the start page', async () => {
    const start = $((await t.app.inject('/')).body)
    expect(start(`a[href="/public/${COUNCIL}/spend"]`).text()).toContain('Islington Council')
  })
})
