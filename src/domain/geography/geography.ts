// UK local-authority geography: districts, regions, neighbours, and how local a place is. Pure: no I/O.
// The data ships as src/reference/geography.json (built by scripts/build-geography.ts).

export const Nation = {
  England: 'England',
  Wales: 'Wales',
  Scotland: 'Scotland',
  NorthernIreland: 'Northern Ireland',
} as const
export type Nation = (typeof Nation)[keyof typeof Nation]
export const NATIONS: readonly Nation[] = Object.values(Nation)

/** Kinds of current local authority district, one per GSS entity code. */
export const DistrictType = {
  LondonBorough: 'london-borough',
  MetropolitanDistrict: 'metropolitan-district',
  UnitaryAuthority: 'unitary-authority',
  NonMetropolitanDistrict: 'non-metropolitan-district',
  WelshPrincipalArea: 'welsh-principal-area',
  ScottishCouncilArea: 'scottish-council-area',
  NiDistrict: 'ni-district',
} as const
export type DistrictType = (typeof DistrictType)[keyof typeof DistrictType]

/** GSS entity code (first three characters) → district type. */
export const DISTRICT_ENTITY_TYPES: Readonly<Record<string, DistrictType>> = {
  E06: DistrictType.UnitaryAuthority,
  E07: DistrictType.NonMetropolitanDistrict,
  E08: DistrictType.MetropolitanDistrict,
  E09: DistrictType.LondonBorough,
  W06: DistrictType.WelshPrincipalArea,
  S12: DistrictType.ScottishCouncilArea,
  N09: DistrictType.NiDistrict,
}

/** Wales, Scotland and Northern Ireland have no statistical regions: the nation stands in as the region. */
export const NATION_REGION_CODES: Readonly<Record<Exclude<Nation, 'England'>, string>> = {
  Wales: 'W92000004',
  Scotland: 'S92000003',
  'Northern Ireland': 'N92000002',
}

export type District = {
  code: string
  name: string
  type: string
  regionCode: string
  regionName: string
  nation: Nation
}

export type Region = { code: string; name: string; nation: Nation }

export type Geography = {
  districts: ReadonlyMap<string, District>
  regions: ReadonlyMap<string, Region>
  /** Every district has an entry (islands such as Orkney have none), sorted by code, symmetric. */
  neighbours: ReadonlyMap<string, readonly string[]>
}

export type GeographySource = {
  name: string
  publisher: string
  url: string
  /** Where the copy used was taken from: `owner/repo: path @ commit`. */
  retrievedFrom: string
  version: string
  licence: string
  licenceUrl: string
  usedFor: string
}

/** The shape of src/reference/geography.json. Strings are loose so the JSON module type fits; geographyFrom checks them. */
export type GeographyData = {
  sources: readonly GeographySource[]
  attribution: string
  regions: readonly { code: string; name: string; nation: string }[]
  districts: readonly {
    code: string
    name: string
    type: string
    regionCode: string
    regionName: string
    nation: string
  }[]
  neighbours: Readonly<Record<string, readonly string[]>>
}

const DISTRICT_CODE = /^(E0[6-9]|W06|S12|N09)\d{6}$/

/** True when the code has the shape of a local authority district GSS code (E06/E07/E08/E09/W06/S12/N09). */
export function isDistrictCode(code: string): boolean {
  return DISTRICT_CODE.test(code)
}

function asNation(value: string, context: string): Nation {
  if ((NATIONS as readonly string[]).includes(value)) return value as Nation
  throw new Error(`Geography data: ${context} has unknown nation "${value}"`)
}

/** Builds the lookup maps, checking the data hangs together (a broken reference file should fail loudly at boot). */
export function geographyFrom(data: GeographyData): Geography {
  const regions = new Map<string, Region>()
  for (const r of data.regions) {
    regions.set(r.code, { code: r.code, name: r.name, nation: asNation(r.nation, r.code) })
  }

  const districts = new Map<string, District>()
  for (const d of data.districts) {
    if (!isDistrictCode(d.code)) throw new Error(`Geography data: ${d.code} is not a district code`)
    if (districts.has(d.code)) throw new Error(`Geography data: ${d.code} appears twice`)
    const region = regions.get(d.regionCode)
    if (!region) throw new Error(`Geography data: ${d.code} has unknown region ${d.regionCode}`)
    districts.set(d.code, {
      code: d.code,
      name: d.name,
      type: d.type,
      regionCode: d.regionCode,
      regionName: region.name,
      nation: asNation(d.nation, d.code),
    })
  }

  const neighbours = new Map<string, readonly string[]>()
  for (const code of districts.keys()) {
    const list = data.neighbours[code] ?? []
    for (const n of list) {
      if (!districts.has(n)) throw new Error(`Geography data: neighbour ${n} of ${code} is not a district`)
      if (n === code) throw new Error(`Geography data: ${code} is its own neighbour`)
    }
    neighbours.set(code, [...new Set(list)].sort())
  }
  for (const code of Object.keys(data.neighbours)) {
    if (!districts.has(code)) throw new Error(`Geography data: neighbours listed for unknown district ${code}`)
  }
  for (const [code, list] of neighbours) {
    for (const n of list) {
      if (!neighbours.get(n)?.includes(code)) throw new Error(`Geography data: ${code}→${n} is not symmetric`)
    }
  }

  return { districts, regions, neighbours }
}

const byName = (geo: Geography) => (a: string, b: string) =>
  (geo.districts.get(a)?.name ?? a).localeCompare(geo.districts.get(b)?.name ?? b, 'en-GB')

/** The districts that touch any home district, excluding the homes themselves, sorted by name. */
export function defaultNeighbours(geo: Geography, homeCodes: readonly string[]): string[] {
  const homes = new Set(homeCodes)
  const result = new Set<string>()
  for (const home of homes) {
    for (const n of geo.neighbours.get(home) ?? []) {
      if (!homes.has(n)) result.add(n)
    }
  }
  return [...result].sort(byName(geo))
}

/** The region (or, outside England, the nation) of the home districts; the first known home's when they differ. */
export function defaultRegion(geo: Geography, homeCodes: readonly string[]): string {
  for (const code of homeCodes) {
    const district = geo.districts.get(code)
    if (district) return district.regionCode
  }
  throw new Error('defaultRegion needs at least one current local authority district')
}

/** How an organisation defines "local": its home districts, the ring around them, and its region. */
export type PlaceDefinition = { home: readonly string[]; neighbours: readonly string[]; regionCode: string }

/** How far from home a supplier is, from most to least local. */
export const Tier = {
  Local: 'local',
  SubRegional: 'subRegional',
  Regional: 'regional',
  National: 'national',
  Overseas: 'overseas',
  Unknown: 'unknown',
} as const
export type Tier = (typeof Tier)[keyof typeof Tier]
export const TIERS: readonly Tier[] = Object.values(Tier)

/** Places a supplier's location in a tier relative to an organisation's place. */
export function tierOf(
  geo: Geography,
  place: PlaceDefinition,
  location: { districtCode: string | null; overseas: boolean },
): Tier {
  if (location.overseas) return Tier.Overseas
  const district = location.districtCode === null ? undefined : geo.districts.get(location.districtCode)
  if (!district) return Tier.Unknown
  if (place.home.includes(district.code)) return Tier.Local
  if (place.neighbours.includes(district.code)) return Tier.SubRegional
  if (district.regionCode === place.regionCode) return Tier.Regional
  return Tier.National
}

export type PlaceInput = { home: readonly string[]; neighbours?: readonly string[]; regionCode?: string }
export type PlaceValidation = { ok: true; place: PlaceDefinition } | { ok: false; errors: string[] }

const normaliseCodes = (codes: readonly string[]) => [
  ...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== '')),
]

function notADistrict(code: string): string {
  return isDistrictCode(code)
    ? `${code} is not a current local authority district (it may have been abolished or merged into another)`
    : `${code} is not a current local authority district (counties, regions and the GLA are not districts)`
}

/**
 * Checks a place definition and fills in defaults: neighbours default to the districts touching the homes,
 * the region to the homes' region. Codes are trimmed, upper-cased and de-duplicated.
 */
export function validatePlace(geo: Geography, input: PlaceInput): PlaceValidation {
  const errors: string[] = []
  const home = normaliseCodes(input.home)
  if (home.length === 0) errors.push('Choose at least one home local authority district')
  for (const code of home) if (!geo.districts.has(code)) errors.push(notADistrict(code))

  const homesKnown = home.length > 0 && home.every((c) => geo.districts.has(c))
  let neighbours: string[] = []
  if (input.neighbours !== undefined) {
    neighbours = normaliseCodes(input.neighbours)
    for (const code of neighbours) {
      if (!geo.districts.has(code)) errors.push(notADistrict(code))
      else if (home.includes(code)) {
        errors.push(`${code} (${geo.districts.get(code)?.name}) is a home district, so it cannot also be a neighbour`)
      }
    }
  } else if (homesKnown) {
    neighbours = defaultNeighbours(geo, home)
  }

  let regionCode = input.regionCode?.trim().toUpperCase() ?? ''
  if (regionCode !== '') {
    if (!geo.regions.has(regionCode)) {
      errors.push(
        `${regionCode} is not a region code (use an English region E12…, or W92000004 Wales, ` +
          'S92000003 Scotland, N92000002 Northern Ireland)',
      )
    }
  } else if (homesKnown) {
    regionCode = defaultRegion(geo, home)
  }

  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, place: { home, neighbours, regionCode } }
}
