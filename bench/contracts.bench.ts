// Benchmark: the public contracts register with 50,000 contracts on PostgreSQL. Loads generated contracts (with
// suppliers) in a few INSERT … SELECT statements, serves the real web app in a child process, and sends the public
// register's search and filter requests from 20 concurrent clients over a mix of words, filters, orders and pages.
// Prints p50 / p95 / p99 with every search run in full, and with the register's caches (what production runs: search
// results, counts and, for visitors who are not signed in, whole pages, each kept under the register's version),
// against the target: p95 under 100 ms. --profile DIR writes a CPU profile of the web app for each run.
// Run: npx tsx bench/contracts.bench.ts [contracts] [--seconds 30] [--clients 20] [--explain] [--profile DIR]
//   (uses DATABASE_URL as a server to create a database on, or starts a throwaway cluster)
import { spawn } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { createDb, type Db } from '../src/db/database.js'
import type { Database } from '../src/db/schema.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { syncAreas } from '../src/db/repositories/area.repository.js'
import { refreshContractSearch } from '../src/db/repositories/contract.repository.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { VALUE_BANDS } from '../src/domain/contracts/contract.js'
import { CPV_DIVISIONS } from '../src/domain/contracts/cpv.js'
import { loadGeography } from '../src/reference/geography.js'
import { createServices } from '../src/services.js'
import { createContractRegisterService } from '../src/services/contract-register.service.js'
import { createApp } from '../src/web/app.js'
import { databaseUrl, quoteIdent, usePostgresServer, withAdminClient } from '../test/helpers/postgres-cluster.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const CONTRACTS = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 50_000)
const SECONDS = option('seconds', 30)
const CLIENTS = option('clients', 20)
const WARM_UP_SECONDS = 5
/** With --profile DIR: the web app writes a CPU profile of each run there (open it in Chrome's DevTools). */
const PROFILE_DIR = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined
/** A bound on the requests sent, whatever the machine's speed. */
const MAX_REQUESTS = 200_000
const TARGET_P95_MS = 100
const ORG = 'bench-council'
const SUPPLIERS = 3_000

const SERVICES = [
  'Grounds maintenance',
  'School meals',
  'Road repairs',
  'Parks cleaning',
  'Software licences',
  'Home care',
  'Transport services',
  'Housing repairs',
  'Street lighting',
  'Waste collection',
  'Library books',
  'Legal advice',
  'Agency staff',
  'Building cleaning',
  'Youth services',
  'Day care',
  'Energy supply',
  'Printing',
  'Security guarding',
  'Catering equipment',
]
const PLACES = [
  'north',
  'south',
  'east',
  'west',
  'central',
  'borough-wide',
  'schools',
  'estates',
  'depots',
  'libraries',
]
const DEPARTMENTS = [
  'Adults Social Care',
  "Children's Services",
  'Environment',
  'Housing',
  'Resources',
  'Place',
  'Public Health',
  'Libraries',
]
const FIRST = ['Archway', 'Holloway', 'Thames', 'Camden', 'Albion', 'Regent', 'Meadow', 'Riverside', 'Beacon', 'Maple']
const SECOND = ['Joinery', 'Catering', 'Facilities', 'Care', 'Consulting', 'Transport', 'Energy', 'Print', 'Security']
const CPV_CODES = Object.keys(CPV_DIVISIONS).map((division) => `${division}000000`)
const CATEGORIES = Object.values(CPV_DIVISIONS)

/** Contracts, their suppliers and search vectors, in a few set-based statements. */
async function load(db: Db): Promise<void> {
  await sql`
    insert into supplier (name, normalised_name)
    select n, lower(n) from (
      select (${FIRST}::text[])[1 + i % ${FIRST.length}] || ' ' || (${SECOND}::text[])[1 + (i / ${FIRST.length}) % ${SECOND.length}]
        || ' ' || (i / ${FIRST.length * SECOND.length} + 1) || ' Ltd' as n
      from generate_series(0, ${SUPPLIERS - 1}::int) i) s
  `.execute(db)
  // hashint4 gives each contract its own repeatable "random" numbers.
  await sql`
    insert into contract (organisation_id, reference, title, description, department, owner_name, total_value,
      annual_value, start_date, end_date, review_date, cpv_codes, category, status, confidential_fields, source)
    select ${ORG}, 'BR-' || lpad(i::text, 6, '0'),
      (${SERVICES}::text[])[1 + h1 % ${SERVICES.length}] || ' (' || (${PLACES}::text[])[1 + h2 % ${PLACES.length}] || ')',
      case when h3 % 10 = 0 then null else 'Provision of ' || lower((${SERVICES}::text[])[1 + h1 % ${SERVICES.length}])
        || ' across the ' || (${PLACES}::text[])[1 + h3 % ${PLACES.length}] || ' area, with social value commitments on local '
        || 'employment, apprenticeships and carbon reduction.' end,
      (${DEPARTMENTS}::text[])[1 + h2 % ${DEPARTMENTS.length}],
      'Contract Owner ' || (i % 97),
      case when h4 % 20 = 0 then null else round((1000 + (h4 % 100000) * (1 + h1 % 97)::numeric) / 3, 2) end,
      null,
      start_date, start_date + (180 + h3 % 2000), start_date + (90 + h3 % 1500),
      array[(${CPV_CODES}::text[])[1 + h5 % ${CPV_CODES.length}]],
      (${CATEGORIES}::text[])[1 + h5 % ${CATEGORIES.length}],
      case when h6 % 33 = 0 then 'cancelled' when h6 % 20 = 0 then 'terminated' else 'active' end,
      case h6 % 10 when 1 then array['totalValue'] when 2 then array['suppliers'] when 3 then array['description', 'totalValue']
        else array[]::text[] end,
      'bench'
    from (
      select i, '2018-01-01'::date + ((2147483647 & hashint4(i * 7)) % 3650) as start_date,
        (2147483647 & hashint4(i)) as h1, (2147483647 & hashint4(i + 1000003)) as h2, (2147483647 & hashint4(i + 2000003)) as h3,
        (2147483647 & hashint4(i + 3000017)) as h4, (2147483647 & hashint4(i + 4000037)) as h5, (2147483647 & hashint4(i + 5000011)) as h6
      from generate_series(1, ${CONTRACTS}::int) i) g
  `.execute(db)
  await sql`
    insert into contract_supplier (contract_id, position, supplier_id, name, is_sme, is_vcse)
    select c.id, p.position, s.id, s.name, (2147483647 & hashint4(c.n + p.position)) % 3 <> 0, (2147483647 & hashint4(c.n * 3 + p.position)) % 7 = 0
    from (select id, row_number() over (order by reference)::int as n from contract where organisation_id = ${ORG}) c
    cross join lateral (select 0 as position union all select 1 where c.n % 3 = 0) p
    join (select id, name, row_number() over (order by name) - 1 as k from supplier) s
      on s.k = (2147483647 & hashint4((c.n * 31 + p.position)::int)) % ${SUPPLIERS}
  `.execute(db)
  // The same vectors refreshContractSearch makes one contract at a time (checked on a sample below).
  await sql`
    update contract c set
      search_all =
        setweight(to_tsvector('english', c.reference || ' ' || c.title), 'A') ||
        setweight(to_tsvector('english', coalesce(s.names, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(c.description, '')), 'C'),
      search_public =
        setweight(to_tsvector('english', c.reference || ' ' || c.title), 'A') ||
        setweight(to_tsvector('english',
          case when 'suppliers' = any(c.confidential_fields) then '' else coalesce(s.names, '') end), 'B') ||
        setweight(to_tsvector('english',
          case when 'description' = any(c.confidential_fields) then '' else coalesce(c.description, '') end), 'C'),
      any_sme = s.any_sme,
      any_vcse = s.any_vcse
    from (select contract_id, string_agg(name, ' ' order by position) as names, coalesce(bool_or(is_sme), false) as any_sme,
            coalesce(bool_or(is_vcse), false) as any_vcse
          from contract_supplier group by contract_id) s
    where s.contract_id = c.id
  `.execute(db)
  await sql`vacuum analyze`.execute(db)
}

/** The bulk vectors and flags must be the ones the app itself writes, or the benchmark measures something else. */
async function checkVectors(db: Db): Promise<void> {
  const columns = sql`search_all::text || '|' || search_public::text || '|' || any_sme || '|' || any_vcse as searched`
  const sample = await sql<{ id: string; searched: string }>`
    select id, ${columns} from contract order by reference limit 50`.execute(db)
  for (const row of sample.rows) {
    await refreshContractSearch(db, row.id)
    const after = await sql<{ searched: string }>`select ${columns} from contract where id = ${row.id}`.execute(db)
    if (after.rows[0]?.searched !== row.searched)
      throw new Error(`The bulk search vectors or flags differ from the app's for contract ${row.id}`)
  }
}

/** With --explain: each kind of query's time and plan, to see where a slow request spends it. */
async function explain(url: string): Promise<void> {
  const { searchContracts, contractFacets } = await import('../src/db/repositories/contract-search.repository.js')
  // A connection that remembers the statements a search sends, to time each and show its plan.
  const sent: { sql: string; parameters: readonly unknown[] }[] = []
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => void (event.level === 'query' && sent.push(event.query)),
  })
  const base = { audience: 'public' as const, organisationId: ORG, today: '2026-06-15', page: 1, pageSize: 20 }
  const cases: [string, () => Promise<unknown>][] = [
    ['no filter', () => searchContracts(db, base)],
    ['page 20', () => searchContracts(db, { ...base, page: 20 })],
    ['text "care"', () => searchContracts(db, { ...base, text: 'care' })],
    ['text "school meals"', () => searchContracts(db, { ...base, text: 'school meals' })],
    ['text "libr"', () => searchContracts(db, { ...base, text: 'libr' })],
    ['department', () => searchContracts(db, { ...base, department: 'Environment' })],
    ['value band, by value', () => searchContracts(db, { ...base, valueBand: '100k-500k', sort: 'value' })],
    ['status live', () => searchContracts(db, { ...base, status: 'live' })],
    ['sme', () => searchContracts(db, { ...base, sme: true })],
    ['text + sme', () => searchContracts(db, { ...base, text: 'repairs', sme: true })],
    ['facets', () => contractFacets(db, ORG, 'public')],
  ]
  for (const [label, run] of cases) {
    await run()
    sent.length = 0
    const t0 = performance.now()
    await run()
    console.log(`  ${label}: ${(performance.now() - t0).toFixed(1)} ms`)
    for (const query of sent.slice(0, 2)) {
      const plan = await pool.query(`explain (analyze, costs off) ${query.sql}`, [...query.parameters])
      const lines = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN'] ?? '')
      console.log(
        lines
          .filter((l) => !/^\s+(Buffers|Planning|Heap|Rows Removed)/.test(l))
          .map((l) => `      ${l}`)
          .join('\n'),
      )
    }
  }
  await db.destroy()
}

/** The mix of requests residents make: words, filters, both, orders and pages. */
function requestMix(): (r: () => number) => string {
  const words = [
    'ground',
    'school meals',
    'repairs',
    'transpo',
    'care',
    'libr',
    'archway',
    'energy',
    'BR-0123',
    'parks east',
  ]
  const filters = [
    `department=${encodeURIComponent('Environment')}`,
    `department=${encodeURIComponent("Children's Services")}`,
    `category=${encodeURIComponent(CATEGORIES[45 % CATEGORIES.length]!)}`,
    `category=${encodeURIComponent(CATEGORIES[10]!)}`,
    ...VALUE_BANDS.map((b) => `valueBand=${b.id}`),
    'status=live',
    'status=expired',
    'status=not-started',
    'sme=yes',
    'vcse=yes',
    'startFrom=2024-01-01&startTo=2024-12-31',
    'endFrom=2027-01-01',
  ]
  const sorts = ['', 'sort=value', 'sort=end', 'sort=title', 'sort=start']
  const pick = <T>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)]!
  const makeUrl = (r: () => number, pages: number) => {
    const parts: string[] = []
    const kind = Math.floor(r() * 4)
    if (kind === 0 || kind === 2) parts.push(`q=${encodeURIComponent(pick(r, words))}`)
    if (kind === 1 || kind === 2) parts.push(pick(r, filters))
    if (kind === 1 && r() < 0.4) parts.push(pick(r, filters))
    const sort = pick(r, sorts)
    if (sort) parts.push(sort)
    if (r() < 0.3) parts.push(`page=${1 + Math.floor(r() * pages)}`)
    return `/public/${ORG}/contracts${parts.length ? `?${parts.join('&')}` : ''}`
  }
  const popular = Array.from(
    { length: 400 },
    (
      (r) => () =>
        makeUrl(r, 5)
    )(random(11)),
  )
  // Most requests are popular searches, the most popular most often; one in five is a search nobody made before
  // (any combination, pages to 50), so the result cache cannot answer it.
  return (r: () => number) => (r() < 0.2 ? makeUrl(r, 50) : popular[Math.floor(popular.length * r() ** 3)]!)
}

function random(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** Sends the mix from CLIENTS concurrent keep-alive connections for a time; returns each request's milliseconds. */
async function drive(port: number, seconds: number): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const nextUrl = requestMix()
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  const latencies: number[] = []
  let errors = 0
  let sent = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  const one = (path: string) =>
    new Promise<number>((resolve) => {
      const t0 = performance.now()
      const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - t0 : -1))
      })
      req.on('error', () => resolve(-1))
    })
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const r = random(1000 + client + seconds * 100)
      while (performance.now() < deadline && sent < MAX_REQUESTS) {
        sent++
        const ms = await one(nextUrl(r))
        if (ms < 0) errors++
        else latencies.push(ms)
      }
    }),
  )
  agent.destroy()
  return { latencies, errors, seconds: (performance.now() - started) / 1000 }
}

/** The child process: the real web app over the benchmark database, on a free port it reports to the parent. */
async function serve(url: string, cacheEntries: number): Promise<void> {
  const db = createDb({ kind: 'postgres', url, poolSize: 10 })
  const geography = loadGeography()
  const services = createServices({ db, geography, publicUrl: 'http://localhost' })
  services.contractRegister = createContractRegisterService(services.deps, { cacheEntries })
  const app = await createApp(services, {
    sessionSecret: 'a-benchmark-session-secret-of-32-characters',
    secureCookies: false,
    demo: false,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
  process.on('disconnect', () => void app.close().then(() => db.destroy()))
}

async function main(): Promise<void> {
  const server = await usePostgresServer()
  const name = `cwb_bench_contracts_${process.pid}`
  await withAdminClient(server.adminUrl, (c) => c.query(`create database ${quoteIdent(name)}`))
  const url = databaseUrl(server.adminUrl, name)
  try {
    const db = createDb({ kind: 'postgres', url })
    await migrateToLatest(db)
    const geography = loadGeography()
    await syncAreas(db, geography)
    const services = createServices({ db, geography, publicUrl: 'http://localhost' })
    await services.organisations.add(SYSTEM_ACTOR, {
      id: ORG,
      name: 'Bench Council',
      type: 'council',
      home: ['E09000019'],
    })
    const t0 = performance.now()
    await load(db)
    await checkVectors(db)
    const counts = await sql<{ contracts: number; suppliers: number }>`
      select (select count(*)::int from contract) as contracts, (select count(*)::int from contract_supplier) as suppliers
    `.execute(db)
    console.log(
      `Loaded ${counts.rows[0]!.contracts.toLocaleString('en-GB')} contracts with ${counts.rows[0]!.suppliers.toLocaleString('en-GB')} supplier parties in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    if (args.includes('--explain')) await explain(url)
    await db.destroy()

    let met = true
    for (const [label, cacheEntries] of [
      ['every search run in full (result cache off)', 0],
      ['with the result cache', 500],
    ] as const) {
      const child = spawn(
        process.execPath,
        [
          ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          '--serve',
          url,
          '--cache',
          String(cacheEntries),
        ],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      )
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (m: { port: number }) => resolve(m.port))
        child.once('exit', (code) => reject(new Error(`The web app stopped (${code})`)))
      })
      try {
        await drive(port, WARM_UP_SECONDS)
        const run = await drive(port, SECONDS)
        const sorted = run.latencies.sort((a, b) => a - b)
        const p95 = percentile(sorted, 95)
        console.log(
          `${label}: ${CLIENTS} concurrent clients for ${run.seconds.toFixed(0)} s, ${sorted.length.toLocaleString('en-GB')} ` +
            `requests (${(sorted.length / run.seconds).toFixed(0)} a second), ${run.errors} errors: p50 ` +
            `${percentile(sorted, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
            `max ${sorted[sorted.length - 1]?.toFixed(1)} ms`,
        )
        if (cacheEntries > 0) {
          met = p95 < TARGET_P95_MS && run.errors === 0
          console.log(`Target, p95 under ${TARGET_P95_MS} ms for the public register: ${met ? 'met' : 'NOT MET'}`)
        }
      } finally {
        child.disconnect()
        await new Promise((resolve) => child.once('exit', resolve))
      }
    }
    if (!met) process.exitCode = 1
  } finally {
    await withAdminClient(server.adminUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`))
    await server.stop()
  }
}

const serveAt = args.indexOf('--serve')
if (serveAt >= 0) await serve(args[serveAt + 1]!, option('cache', 500))
else await main()
