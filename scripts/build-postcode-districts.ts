// Builds src/reference/postcode-districts.json: for every postcode district (outward code, "N1"), the current local
// authority districts its postcodes lie in, with their shares, largest first. The fallback when a supplier's full
// postcode is not in ref_postcode (see districtForPostcode in src/domain/geography/postcode.ts).
// Source: ../shared/data/geography/ (README section 3). Run when the sources change and commit the output:
//   npx tsx scripts/build-postcode-districts.ts [source-dir]
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { DistrictShare } from '../src/domain/geography/postcode.js'
import { isDistrictCode } from '../src/domain/geography/geography.js'
import { loadGeographyData } from '../src/reference/geography.js'
import type { PostcodeDistrictsData } from '../src/reference/postcode-districts.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const sourceDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/data/geography'))
const outFile = path.join(repoRoot, 'src/reference/postcode-districts.json')

const FILES = {
  shares: 'postcode_district_to_lad_derived.csv',
  gssToRegistry: 'uk_local_authority_gss_to_registry_mysociety.csv',
  authorities: 'uk_local_authorities_mysociety.csv',
}

const SOURCES: PostcodeDistrictsData['sources'] = [
  {
    name: 'PostcodeDistrict2MSOA: postcodes per postcode district and 2011 MSOA',
    publisher: 'Open Innovations, from the ONS postcode to OA/LSOA/MSOA/LAD lookup (c. 2021)',
    url: 'https://github.com/open-innovations/PostcodeDistrict2MSOA',
    retrievedFrom:
      'open-innovations/PostcodeDistrict2MSOA: lookup-pcd.json @ aceddc2c, rolled up to local authority districts ' +
      'through the ONS Code History Database (MSOA → LAD parents) as shared/data/geography/postcode_district_to_lad_derived.csv',
    version: '2022-03',
    licence: 'Open Government Licence v3.0 (derived from ONS data)',
    licenceUrl: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    usedFor: 'Share of each postcode district’s postcodes in each local authority district',
  },
  {
    name: 'uk_local_authority_names_and_codes',
    publisher: 'mySociety',
    url: 'https://github.com/mysociety/uk_local_authority_names_and_codes',
    retrievedFrom:
      'mysociety/uk_local_authority_names_and_codes: data/lookup_gss_to_registry.csv and ' +
      'data/packages/uk_la_future/uk_local_authorities_future.csv @ 67ef8b11',
    version: '2025-07',
    licence: 'CC BY 4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    usedFor: 'Former GSS codes and successors, to move abolished districts’ shares to the current district',
  },
]

const ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0. ' +
  'Contains National Statistics data © Crown copyright and database right; contains OS data © Crown copyright and ' +
  'database right; contains Royal Mail data © Royal Mail copyright and database right. ' +
  'Postcode district counts compiled by Open Innovations. Former and successor authority codes from mySociety, ' +
  'licensed under CC BY 4.0.'

function fail(message: string): never {
  console.error(`build-postcode-districts: ${message}`)
  process.exit(1)
}

function readCsv(name: string): Record<string, string>[] {
  const file = path.join(sourceDir, name)
  if (!fs.existsSync(file)) fail(`${file} not found`)
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[]
}

// 1. Current districts, and a way from any former district code to the current one (mySociety: a GSS code, current
// or former, names an authority; an abolished authority names its successor; follow the chain to a live district).
const live = new Set(loadGeographyData().districts.map((d) => d.code))
const registryByGss = new Map(
  readCsv(FILES.gssToRegistry).map((r) => [r['gss-code'] ?? '', r['local-authority-code'] ?? '']),
)
const authorities = new Map(readCsv(FILES.authorities).map((a) => [a['local-authority-code'] ?? '', a]))
function currentCode(code: string): string | undefined {
  let registry = registryByGss.get(code)
  for (let hops = 0; hops < 5 && registry; hops++) {
    const authority = authorities.get(registry)
    if (!authority) return undefined
    if (live.has(authority['gss-code'] ?? '')) return authority['gss-code']
    registry = authority['replaced-by'] // one registry code; a split authority has none we could use
  }
  return undefined
}

// 2. Sum shares per (postcode district, current district). Rows without a LAD (Scottish and Welsh small areas that
// could not be rolled up, the Channel Islands and Isle of Man) are left out, so their districts' shares stay below 1.
const shares = new Map<string, Map<string, number>>()
const counts = { rows: 0, noDistrict: 0, remapped: new Map<string, string>(), unknown: new Map<string, number>() }
for (const row of readCsv(FILES.shares)) {
  counts.rows++
  const outward = row.postcode_district ?? fail('a row has no postcode_district')
  const raw = row.lad_code ?? ''
  const share = Number(row.share)
  if (!Number.isFinite(share) || share < 0 || share > 1) fail(`${outward} ${raw}: share ${row.share} is not a fraction`)
  if (!isDistrictCode(raw)) {
    counts.noDistrict++
    continue
  }
  const code = live.has(raw) ? raw : currentCode(raw)
  if (!code) {
    counts.unknown.set(raw, (counts.unknown.get(raw) ?? 0) + 1)
    continue
  }
  if (code !== raw) counts.remapped.set(raw, code)
  const byDistrict = shares.get(outward) ?? new Map<string, number>()
  byDistrict.set(code, (byDistrict.get(code) ?? 0) + share)
  shares.set(outward, byDistrict)
}

const districts: Record<string, DistrictShare[]> = {}
for (const outward of [...shares.keys()].sort(compareOutward)) {
  districts[outward] = [...(shares.get(outward) ?? [])]
    .map(([code, share]) => ({ code, share: Math.min(1, Math.round(share * 10_000) / 10_000) }))
    .sort((a, b) => b.share - a.share || a.code.localeCompare(b.code))
}

/** AB1, AB2 … AB10 rather than AB1, AB10, AB2. */
function compareOutward(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

// 3. Write compactly, one postcode district per line.
const line = (value: unknown) => JSON.stringify(value)
const out = [
  '{',
  `  "sources": [\n${SOURCES.map((s) => `    ${line(s)}`).join(',\n')}\n  ],`,
  `  "attribution": ${line(ATTRIBUTION)},`,
  `  "districts": {\n${Object.entries(districts)
    .map(([outward, list]) => `    ${line(outward)}: ${line(list)}`)
    .join(',\n')}\n  }`,
  '}',
  '',
].join('\n')
JSON.parse(out)
fs.writeFileSync(outFile, out)

// 4. Report.
const entries = Object.values(districts)
const dominant = entries.filter((list) => (list[0]?.share ?? 0) >= 0.8).length
console.log(`Wrote ${path.relative(repoRoot, outFile)} (${(out.length / 1024).toFixed(0)} KB) from ${sourceDir}`)
console.log(`  rows read: ${counts.rows}; without a local authority district: ${counts.noDistrict}`)
console.log(`  postcode districts: ${entries.length}; with one district holding ≥ 80% of postcodes: ${dominant}`)
console.log(`  abolished districts mapped to successors: ${counts.remapped.size}`)
for (const [from, to] of [...counts.remapped].sort()) console.log(`    ${from} → ${to}`)
console.log(
  `  codes with no current district (rows dropped): ${[...counts.unknown].map(([c, n]) => `${c} (${n})`).join(', ') || 'none'}`,
)
