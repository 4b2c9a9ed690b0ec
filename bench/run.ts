// `npm run bench`: every benchmark in turn, each printing its figures. Pass a row count to shrink the import one,
// e.g. `npm run bench -- 200000`.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const rows = process.argv[2]
const benches: [string, string[]][] = [
  ['Payment import and report (1,000,000 rows)', ['bench/import.bench.ts', ...(rows ? [rows] : [])]],
  ['Postcode directory import (2,700,000 rows)', ['bench/postcodes.bench.ts']],
  ['Public contracts register search (50,000 contracts, 20 clients)', ['bench/contracts.bench.ts']],
]
const root = fileURLToPath(new URL('..', import.meta.url))
let failed = false
for (const [title, args] of benches) {
  console.log(`\n== ${title}`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) failed = true
}
process.exitCode = failed ? 1 : 0
