// Benchmark: import a 1,000,000-row payment file end to end on PostgreSQL, beside a plain COPY of the same rows into
// a bare table on the same server, and beside the floor for storing them (the parsed rows copied into a table of the
// payment table's columns, with no index and then with its indexes); the same import on PGlite; and a year's report
// over the million payments.
// Run: npx tsx bench/import.bench.ts [rows]   (uses DATABASE_URL, or starts a throwaway cluster)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { createDb } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { syncAreas } from '../src/db/repositories/area.repository.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { loadGeography } from '../src/reference/geography.js'
import { createServices } from '../src/services.js'
import { databaseUrl, quoteIdent, usePostgresServer, withAdminClient } from '../test/helpers/postgres-cluster.js'

const args = process.argv.slice(2)
const ROWS = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000)
// --postgres-only skips the PGlite import (minutes for a million rows), for quick runs while working on PostgreSQL.
const POSTGRES_ONLY = args.includes('--postgres-only')
const SUPPLIERS = 3_000
const DEPARTMENTS = ['Adults Social Care', "Children's Services", 'Environment', 'Housing', 'Resources', 'Place']
const TYPES = ['Agency staff', 'Building repairs', 'Catering', 'Consultancy', 'Energy', 'Home care', 'IT services']
// Supplier names built from varied words, as in real ledgers (names sharing one first word would make every payee a
// fuzzy candidate of every other, which no real file does).
const FIRST = [
  'Archway',
  'Holloway',
  'Northern',
  'Thames',
  'Camden',
  'Pennine',
  'Albion',
  'Regent',
  'Victoria',
  'Crown',
  'Harbour',
  'Meadow',
  'Oak',
  'Riverside',
  'Summit',
  'Beacon',
  'Granite',
  'Kestrel',
  'Lantern',
  'Maple',
]
const SECOND = [
  'Joinery',
  'Catering',
  'Facilities',
  'Care',
  'Consulting',
  'Transport',
  'Energy',
  'Print',
  'Security',
  'Cleaning',
  'Builders',
  'Software',
  'Legal',
  'Nurseries',
  'Plumbing',
]
function supplierName(n: number): string {
  return `${FIRST[n % FIRST.length]} ${SECOND[Math.floor(n / FIRST.length) % SECOND.length]} ${Math.floor(n / (FIRST.length * SECOND.length)) + 1} Ltd`
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`
}

/** A deterministic Transparency Code file: a year of payments to a few thousand suppliers. */
async function writeFile(file: string): Promise<void> {
  let seed = 42
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const out = fs.createWriteStream(file)
  out.write('Body Name,Service Area,Expenses Type,Date Paid,Transaction Number,Amount,Supplier Name\r\n')
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(2024, 3, 1) + Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10)
    const [y, m, d] = day.split('-')
    const pence = Math.floor(50_000 + random() * random() * 5_000_000) * (random() < 0.03 ? -1 : 1)
    const amount = `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`
    const supplier = supplierName(Math.floor(random() * SUPPLIERS))
    const line = `Bench Council,${DEPARTMENTS[i % DEPARTMENTS.length]},${TYPES[i % TYPES.length]},${d}/${m}/${y},T${i},${amount},${supplier}\r\n`
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error) => (e ? reject(e) : resolve())))
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint()
  const value = await run()
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value }
}

async function servicesOn(db: ReturnType<typeof createDb>) {
  await migrateToLatest(db)
  const geography = loadGeography()
  await syncAreas(db, geography)
  const services = createServices({ db, geography, publicUrl: 'http://localhost' })
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'bench',
    name: 'Bench Council',
    type: 'council',
    home: ['E09000019'],
  })
  return services
}

/**
 * The least any import can take to store the rows: the imported payments copied, already parsed, into a table of the
 * payment table's columns, first with no index (the rows alone), then with the payment table's own indexes and
 * constraints (what COPY into a bare table of text columns does not pay for).
 */
async function storingFloor(url: string, copySeconds: number): Promise<void> {
  const source = new pg.Client({ connectionString: url })
  const target = new pg.Client({ connectionString: url })
  await Promise.all([source.connect(), target.connect()])
  const copyInto = async (ddl: string, what: string) => {
    await target.query(`create table payment_floor (${ddl})`)
    const floor = await timed(() =>
      pipeline(
        source.query(copyTo(`copy (select * from payment where organisation_id = 'bench') to stdout`)),
        target.query(copyFrom('copy payment_floor from stdin')),
      ),
    )
    console.log(
      `PostgreSQL COPY of the parsed payments into ${what}: ` +
        `${floor.seconds.toFixed(1)} s (${(floor.seconds / copySeconds).toFixed(2)}× the bare COPY)`,
    )
    await target.query('drop table payment_floor')
  }
  try {
    await copyInto('like payment', "a table of the payment table's columns, with no index")
    await copyInto('like payment including all', "a table with the payment table's indexes (the floor for storing them)")
  } finally {
    await Promise.all([source.end(), target.end()])
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-bench-'))
  const file = path.join(dir, 'payments.csv')
  const written = await timed(() => writeFile(file))
  console.log(
    `File: ${ROWS.toLocaleString('en-GB')} rows, ${mib(fs.statSync(file).size)}, written in ${written.seconds.toFixed(1)} s`,
  )

  const server = await usePostgresServer()
  const name = `cwb_bench_${process.pid}`
  await withAdminClient(server.adminUrl, (c) => c.query(`create database ${quoteIdent(name)}`))
  const url = databaseUrl(server.adminUrl, name)
  try {
    // Baseline: COPY the same file into a bare table of text columns.
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(
      'create table bare (body text, service text, type text, paid text, ref text, amount text, supplier text)',
    )
    const copy = await timed(() =>
      pipeline(
        fs.createReadStream(file),
        client.query(copyFrom('copy bare from stdin with (format csv, header true)')),
      ),
    )
    await client.end()
    console.log(`PostgreSQL COPY into a bare table: ${copy.seconds.toFixed(1)} s`)

    const db = createDb({ kind: 'postgres', url })
    const services = await servicesOn(db)
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
    const imported = await timed(() =>
      services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'bench', path: file }),
    )
    clearInterval(sampler)
    console.log(
      `PostgreSQL import end to end: ${imported.seconds.toFixed(1)} s (${(imported.seconds / copy.seconds).toFixed(2)}× COPY), ` +
        `${imported.value.accepted.toLocaleString('en-GB')} accepted, peak RSS ${mib(peak)}`,
    )
    await storingFloor(url, copy.seconds)
    await services.spendReport.report({ organisationId: 'bench' }, { from: '2024-04-01', to: '2025-03-31' })
    const report = await timed(() =>
      services.spendReport.report({ organisationId: 'bench' }, { from: '2024-04-01', to: '2025-03-31' }),
    )
    console.log(
      `PostgreSQL year report over ${report.value.total.count.toLocaleString('en-GB')} payments: ${(report.seconds * 1000).toFixed(0)} ms`,
    )
    await db.destroy()
  } finally {
    await withAdminClient(server.adminUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)}`))
    await server.stop()
  }

  if (POSTGRES_ONLY) {
    fs.rmSync(dir, { recursive: true, force: true })
    return
  }
  const liteDir = path.join(dir, 'pglite')
  const lite = createDb({ kind: 'pglite', dataDir: liteDir })
  const liteServices = await servicesOn(lite)
  const liteImport = await timed(() =>
    liteServices.spendImport.importFile(SYSTEM_ACTOR, { organisationId: 'bench', path: file }),
  )
  console.log(`PGlite import end to end: ${liteImport.seconds.toFixed(1)} s`)
  const liteReport = await timed(() =>
    liteServices.spendReport.report({ organisationId: 'bench' }, { from: '2024-04-01', to: '2025-03-31' }),
  )
  console.log(`PGlite year report: ${(liteReport.seconds * 1000).toFixed(0)} ms`)
  await lite.destroy()
  console.log(`Peak RSS of the whole run: ${mib(process.resourceUsage().maxRSS * 1024)}`)
  fs.rmSync(dir, { recursive: true, force: true })
}

await main()
