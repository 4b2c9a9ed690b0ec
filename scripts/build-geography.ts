// Builds src/reference/geography.json (current UK local authority districts, regions and neighbours) from the
// public source files in ../shared/data/geography/ (see that folder's README, section 3). Run it when the
// sources change and commit the output:  npx tsx scripts/build-geography.ts [source-dir]
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  DISTRICT_ENTITY_TYPES,
  NATION_REGION_CODES,
  geographyFrom,
  isDistrictCode,
  type GeographyData,
  type Nation,
} from '../src/domain/geography/geography.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const sourceDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/data/geography'))
const outFile = path.join(repoRoot, 'src/reference/geography.json')

const FILES = {
  lads: 'lad_codes_names_regions_ons_chd_2024-07.csv',
  adjacency: 'local_authority_adjacency_pairs_derived.csv',
  authorities: 'uk_local_authorities_mysociety.csv',
}

const SOURCES: GeographyData['sources'] = [
  {
    name: 'Code History Database (July 2024)',
    publisher: 'Office for National Statistics',
    url: 'https://geoportal.statistics.gov.uk/',
    retrievedFrom: 'open-innovations/geography-code-adder: docs/data/*.json @ 5c33e2d9',
    version: '2024-07',
    licence: 'Open Government Licence v3.0',
    licenceUrl: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    usedFor: 'Current local authority districts: GSS codes, names, regions',
  },
  {
    name: 'uk_local_authority_names_and_codes (uk_la_future)',
    publisher: 'mySociety',
    url: 'https://github.com/mysociety/uk_local_authority_names_and_codes',
    retrievedFrom:
      'mysociety/uk_local_authority_names_and_codes: data/packages/uk_la_future/uk_local_authorities_future.csv @ 67ef8b11',
    version: '2025-07',
    licence: 'CC BY 4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    usedFor: 'Registry codes and successors (replaced-by) of authorities abolished in 2023',
  },
  {
    name: 'la_distance: touching local authorities',
    publisher: 'mySociety',
    url: 'https://github.com/mysociety/la_distance',
    retrievedFrom: 'mysociety/la_distance: data/outputs/geographic_distance/touching_las.csv @ 350658b2',
    version: '2022-01 (2021 boundaries, OS Boundary-Line)',
    licence: 'CC BY 4.0 (underlying boundaries: Open Government Licence v3.0)',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    usedFor: 'Which districts share a boundary',
  },
]

const ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0. ' +
  'Contains National Statistics data © Crown copyright and database right 2024. ' +
  'Contains OS data © Crown copyright and database right 2021. ' +
  'Local authority codes and boundary adjacency from mySociety (uk_local_authority_names_and_codes, la_distance), ' +
  'licensed under CC BY 4.0.'

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const src = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '')
  if (!header) return []
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
}

const readCsv = (file: string) => parseCsv(fs.readFileSync(path.join(sourceDir, file), 'utf8'))

function fail(message: string): never {
  console.error(`build-geography: ${message}`)
  process.exit(1)
}

const NATION_BY_LETTER: Record<string, Nation> = { E: 'England', W: 'Wales', S: 'Scotland', N: 'Northern Ireland' }

/** ONS writes some names inverted for sorting ("Bristol, City of"); show them the way people say them. */
function displayName(onsName: string): string {
  return onsName.replace(/, (City|County) of$/, '').trim()
}

// 1. Current districts and their regions (ONS CHD).
const ladRows = readCsv(FILES.lads)
const liveRows = ladRows.filter(
  (r) => r.status === 'live' && r.lad_code && DISTRICT_ENTITY_TYPES[r.lad_code.slice(0, 3)],
)
const renamed: string[] = []
const regions = new Map<string, { code: string; name: string; nation: Nation }>()
const districts = liveRows
  .map((r) => {
    const code = r.lad_code ?? ''
    const nation = NATION_BY_LETTER[code[0] ?? ''] ?? fail(`no nation for ${code}`)
    const type = DISTRICT_ENTITY_TYPES[code.slice(0, 3)] ?? fail(`no type for ${code}`)
    const regionCode = r.region_code || fail(`${code} has no region`)
    const regionName = r.region_name || fail(`${code} has no region name`)
    if (nation === 'England' ? !regionCode.startsWith('E12') : regionCode !== NATION_REGION_CODES[nation]) {
      fail(`${code} has unexpected region ${regionCode}`)
    }
    const known = regions.get(regionCode)
    if (known && known.name !== regionName) fail(`region ${regionCode} is called both ${known.name} and ${regionName}`)
    regions.set(regionCode, { code: regionCode, name: regionName, nation })
    const name = displayName(r.lad_name ?? '')
    if (name !== r.lad_name) renamed.push(`${r.lad_name} → ${name}`)
    return { code, name, type, regionCode, regionName, nation }
  })
  .sort((a, b) => a.code.localeCompare(b.code))
const live = new Set(districts.map((d) => d.code))

// 2. Successors of abolished districts (mySociety replaced-by is a registry code; follow chains to a live code).
// Only district → district: mySociety also marks the abolished counties (North Yorkshire, Somerset) as replaced by
// the new unitaries, but county rows in la_distance are unreliable and counties are never neighbours.
const authorities = readCsv(FILES.authorities)
const gssByRegistry = new Map(authorities.map((a) => [a['local-authority-code'] ?? '', a['gss-code'] ?? '']))
const replacedBy = new Map<string, string>()
for (const a of authorities) {
  const gss = a['gss-code']
  const next = gssByRegistry.get(a['replaced-by'] ?? '')
  if (gss && next && isDistrictCode(gss) && isDistrictCode(next)) replacedBy.set(gss, next)
}
function currentCode(code: string): string | undefined {
  let c = code
  for (let hops = 0; hops < 5; hops++) {
    if (live.has(c)) return c
    const next = replacedBy.get(c)
    if (!next) return undefined
    c = next
  }
  return undefined
}

// 3. Neighbours between current districts only.
const adjacency = readCsv(FILES.adjacency)
const neighbourSets = new Map(districts.map((d) => [d.code, new Set<string>()]))
const remapped = new Map<string, string>()
const dropped = { notDistrict: 0, selfAfterMerge: 0 }
const notDistrictCodes = new Set<string>()
for (const pair of adjacency) {
  const ends = [pair.la_gss ?? '', pair.neighbour_gss ?? ''].map((raw) => {
    const current = currentCode(raw)
    if (current && current !== raw) remapped.set(raw, current)
    if (!current) notDistrictCodes.add(`${raw} ${pair.la_gss === raw ? pair.la_name : pair.neighbour_name}`)
    return current
  })
  const [a, b] = ends
  if (!a || !b) dropped.notDistrict++
  else if (a === b) dropped.selfAfterMerge++
  else {
    neighbourSets.get(a)?.add(b)
    neighbourSets.get(b)?.add(a)
  }
}
const neighbours = Object.fromEntries([...neighbourSets].map(([code, set]) => [code, [...set].sort()]))

const data: GeographyData = {
  sources: SOURCES,
  attribution: ATTRIBUTION,
  regions: [...regions.values()].sort((a, b) => a.code.localeCompare(b.code)),
  districts,
  neighbours,
}

// 4. Check it loads and hangs together, then write it compactly (one record per line).
const geo = geographyFrom(data)
const islington = (geo.neighbours.get('E09000019') ?? []).map((c) => geo.districts.get(c)?.name).join(', ')
if (islington !== 'City of London, Camden, Hackney, Haringey') fail(`Islington's neighbours are ${islington}`)

const line = (value: unknown) => JSON.stringify(value)
const out = [
  '{',
  `  "sources": [\n${data.sources.map((s) => `    ${line(s)}`).join(',\n')}\n  ],`,
  `  "attribution": ${line(data.attribution)},`,
  `  "regions": [\n${data.regions.map((r) => `    ${line(r)}`).join(',\n')}\n  ],`,
  `  "districts": [\n${data.districts.map((d) => `    ${line(d)}`).join(',\n')}\n  ],`,
  `  "neighbours": {\n${Object.entries(neighbours)
    .map(([code, list]) => `    ${line(code)}: ${line(list)}`)
    .join(',\n')}\n  }`,
  '}',
  '',
].join('\n')
JSON.parse(out)
fs.writeFileSync(outFile, out)

// 5. Report.
const count = (pred: (d: (typeof districts)[number]) => boolean) => districts.filter(pred).length
const pairs = Object.values(neighbours).reduce((n, list) => n + list.length, 0) / 2
const isolated = districts.filter((d) => (neighbours[d.code] ?? []).length === 0).map((d) => d.name)
const expect = (label: string, actual: number, expected: number) =>
  console.log(`  ${label}: ${actual}${actual === expected ? '' : `  (expected ${expected}!)`}`)
console.log(`Wrote ${path.relative(repoRoot, outFile)} (${(out.length / 1024).toFixed(0)} KB) from ${sourceDir}`)
expect('live districts', districts.length, 361)
expect(
  '  England',
  count((d) => d.nation === 'England'),
  296,
)
expect(
  '    London boroughs (incl. City of London)',
  count((d) => d.type === 'london-borough'),
  33,
)
expect(
  '    metropolitan districts',
  count((d) => d.type === 'metropolitan-district'),
  36,
)
expect(
  '    unitary authorities',
  count((d) => d.type === 'unitary-authority'),
  63,
)
expect(
  '    non-metropolitan districts',
  count((d) => d.type === 'non-metropolitan-district'),
  164,
)
expect(
  '  Wales',
  count((d) => d.nation === 'Wales'),
  22,
)
expect(
  '  Scotland',
  count((d) => d.nation === 'Scotland'),
  32,
)
expect(
  '  Northern Ireland',
  count((d) => d.nation === 'Northern Ireland'),
  11,
)
expect('regions (9 English + 3 nations)', data.regions.length, 12)
console.log(`  neighbour pairs: ${pairs} (${pairs * 2} directed rows)`)
console.log(
  `  adjacency rows read: ${adjacency.length}; dropped (county, combined authority, GLA): ${dropped.notDistrict}`,
)
console.log(
  `  abolished districts mapped to successors: ${remapped.size}; self-pairs dropped after merging: ${dropped.selfAfterMerge}`,
)
for (const [from, to] of [...remapped].sort()) console.log(`    ${from} → ${to} ${geo.districts.get(to)?.name}`)
console.log(`  non-district authorities left out: ${[...notDistrictCodes].sort().join('; ')}`)
console.log(`  districts with no touching neighbour: ${isolated.join(', ')}`)
console.log(`  names un-inverted: ${renamed.join('; ')}`)
