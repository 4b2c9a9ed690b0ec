// Benchmark: import a full-size postcode directory. Writes a synthetic NSPL-shaped CSV of 2,700,000 rows (the real
// NSPL has about 2.7 million postcodes, live and terminated) to a temp file, then times importPostcodes on PGlite
// (a temp data directory) and on PostgreSQL (DATABASE_URL, or a throwaway cluster when the server binaries are
// installed). Target: under 2 minutes each.
//   npx tsx bench/postcodes.bench.ts [--rows 2700000] [--rerun] [--keep-file] [--skip-pglite] [--skip-postgres]
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createDb, type Db } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { countRegisters } from '../src/db/repositories/reference.repository.js'
import { loadPostcodeDistrictsData } from '../src/reference/postcode-districts.js'
import { createReferenceService, type ReferenceImportResult } from '../src/services/reference.service.js'
import {
  databaseUrl,
  quoteIdent,
  randomId,
  usePostgresServer,
  withAdminClient,
} from '../test/helpers/postgres-cluster.js'

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '2700000' },
    rerun: { type: 'boolean', default: false },
    'keep-file': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
})
const ROWS = Number(args.rows)
const TERMINATED_EVERY = 50 // about 2% of rows carry a termination date, as live-only imports must skip them

const HEADER =
  'pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,nhser,ctry,rgn,pcon,' +
  'ttwa,itl,npark,lsoa21,msoa21,wz11,sicbl,bua24,ruc21,oac11,lat,long,lep1,lep2,pfa,imd,icb'
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ' // inward unit letters never use C, I, K, M, O or V

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250)

/** Real outward codes and their main district, from the shipped postcode-districts.json. */
function outwardCodes(): { outward: string; lad: string }[] {
  return Object.entries(loadPostcodeDistrictsData().districts).map(([outward, list]) => ({
    outward,
    lad: list[0]?.code ?? 'E09000001',
  }))
}

/** Writes the synthetic file, streaming (respecting back-pressure); returns its size. */
async function writeSyntheticNspl(file: string, rows: number): Promise<number> {
  const districts = outwardCodes()
  const perDistrict = Math.ceil(rows / districts.length)
  if (perDistrict > 10 * UNIT_LETTERS.length ** 2) throw new Error('not enough distinct postcodes for that many rows')
  const out = fs.createWriteStream(file)
  out.write(`${HEADER}\r\n`)
  let written = 0
  let chunk = ''
  for (let i = 0; written < rows; i++) {
    const { outward, lad } = districts[i % districts.length]!
    const n = Math.floor(i / districts.length)
    const inward = `${n % 10}${UNIT_LETTERS[Math.floor(n / 10) % 20]}${UNIT_LETTERS[Math.floor(n / 200) % 20]}`
    const pcd = outward.length === 4 ? `${outward}${inward}` : `${outward.padEnd(4)}${inward}`.slice(0, 7)
    const doterm = written % TERMINATED_EVERY === 7 ? '202001' : ''
    const lat = (50 + (i % 5000) / 1000).toFixed(6)
    const long = (-3 + (i % 3000) / 1000).toFixed(6)
    chunk +=
      `${pcd},${outward.padEnd(4)} ${inward},${outward} ${inward},198001,${doterm},0,${400000 + (i % 99999)},` +
      `${200000 + (i % 99999)},1,E00${String(i % 999999).padStart(6, '0')},E99999999,E99999999,${lad},` +
      `E05${String(i % 999999).padStart(6, '0')},E40000003,E92000001,E12000007,E14001000,E30000234,E06000001,` +
      `E65000001,E01${String(i % 99999).padStart(6, '0')},E02${String(i % 9999).padStart(6, '0')},` +
      `E33${String(i % 99999).padStart(6, '0')},E38000001,E63000001,UN1,1A1,${lat},${long},E37000001,,E23000001,` +
      `${1 + (i % 32844)},E54000027\r\n`
    written++
    if (written % 5000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
  return fs.statSync(file).size
}

async function timeImport(label: string, db: Db, file: string): Promise<ReferenceImportResult> {
  const reference = createReferenceService({ db })
  const rssAtStart = process.memoryUsage().rss
  peakRss = rssAtStart
  let lastReport = Date.now()
  const result = await reference.importPostcodes({ path: file }, (p) => {
    if (Date.now() - lastReport < 10_000) return
    lastReport = Date.now()
    const share = p.totalBytes ? ` (${Math.round((100 * p.bytesRead) / p.totalBytes)}%)` : ''
    console.log(`  ${label}: ${p.rowsRead.toLocaleString('en-GB')} rows${share}, RSS ${mb(process.memoryUsage().rss)}`)
  })
  const held = (await countRegisters(db)).postcodes
  const rate = Math.round(result.rowsRead / result.seconds)
  console.log(
    `${label}: ${result.rowsRead.toLocaleString('en-GB')} rows read, ${result.imported.toLocaleString('en-GB')} imported, ` +
      `${result.skipped.toLocaleString('en-GB')} skipped, ${result.rejected} rejected in ${result.seconds} s ` +
      `(${rate.toLocaleString('en-GB')} rows/s); table holds ${held.toLocaleString('en-GB')}; ` +
      `RSS ${mb(rssAtStart)} at the start, peak ${mb(peakRss)}, ${mb(process.memoryUsage().rss)} at the end`,
  )
  return result
}

async function benchPglite(file: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-bench-pglite-'))
  const db = createDb({ kind: 'pglite', dataDir })
  try {
    await migrateToLatest(db)
    await timeImport('PGlite', db, file)
    if (args.rerun) await timeImport('PGlite, same file again', db, file)
  } finally {
    await db.destroy()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function benchPostgres(file: string): Promise<void> {
  let server
  try {
    server = await usePostgresServer((message) => console.log(`  ${message}`))
  } catch (error) {
    console.log(`PostgreSQL: skipped (${(error as Error).message.split('\n')[0]})`)
    return
  }
  const name = `cwb_bench_${randomId()}`
  try {
    await withAdminClient(server.adminUrl, (client) => client.query(`create database ${quoteIdent(name)}`))
    const db = createDb({ kind: 'postgres', url: databaseUrl(server.adminUrl, name), poolSize: 2 })
    try {
      await migrateToLatest(db)
      await timeImport('PostgreSQL', db, file)
      if (args.rerun) await timeImport('PostgreSQL, same file again', db, file)
    } finally {
      await db.destroy()
    }
  } finally {
    await withAdminClient(server.adminUrl, (client) =>
      client.query(`drop database if exists ${quoteIdent(name)} with (force)`),
    )
    await server.stop()
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-bench-nspl-'))
  const file = path.join(dir, 'NSPL_synthetic.csv')
  try {
    const started = performance.now()
    const size = await writeSyntheticNspl(file, ROWS)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(`Wrote ${ROWS.toLocaleString('en-GB')} synthetic NSPL rows (${mb(size)}) to ${file} in ${seconds} s`)
    if (!args['skip-pglite']) await benchPglite(file)
    if (!args['skip-postgres']) await benchPostgres(file)
  } finally {
    clearInterval(sampler)
    if (args['keep-file']) console.log(`Kept ${file}`)
    else fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
