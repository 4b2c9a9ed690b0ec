import { describe, it, expect } from 'vitest'
import data from '../../reference/geography.json' with { type: 'json' }
import {
  Tier,
  defaultNeighbours,
  defaultRegion,
  geographyFrom,
  isDistrictCode,
  tierOf,
  validatePlace,
  type GeographyData,
  type PlaceDefinition,
} from './geography.js'

const geo = geographyFrom(data)
const names = (codes: readonly string[]) => codes.map((c) => geo.districts.get(c)?.name)

const ISLINGTON = 'E09000019'
const CAMDEN = 'E09000007'
const HACKNEY = 'E09000012'
const CITY_OF_LONDON = 'E09000001'
const HARINGEY = 'E09000014'
const WESTMINSTER = 'E09000033'
const LONDON = 'E12000007'

describe('shipped geography', () => {
  it('has every current district, 361 in all', () => {
    const all = [...geo.districts.values()]
    const count = (pred: (d: (typeof all)[number]) => boolean) => all.filter(pred).length
    expect(all).toHaveLength(361)
    expect(count((d) => d.nation === 'England')).toBe(296)
    expect(count((d) => d.type === 'london-borough')).toBe(33)
    expect(count((d) => d.nation === 'Wales')).toBe(22)
    expect(count((d) => d.nation === 'Scotland')).toBe(32)
    expect(count((d) => d.nation === 'Northern Ireland')).toBe(11)
  })

  it('has the nine English regions and the three other nations as regions', () => {
    expect(geo.regions.size).toBe(12)
    expect([...geo.regions.keys()].filter((c) => c.startsWith('E12'))).toHaveLength(9)
    expect(geo.regions.get('W92000004')).toEqual({ code: 'W92000004', name: 'Wales', nation: 'Wales' })
    expect(geo.regions.get('S92000003')?.name).toBe('Scotland')
    expect(geo.regions.get('N92000002')?.name).toBe('Northern Ireland')
  })

  it('describes a district', () => {
    expect(geo.districts.get(ISLINGTON)).toEqual({
      code: ISLINGTON,
      name: 'Islington',
      type: 'london-borough',
      regionCode: LONDON,
      regionName: 'London',
      nation: 'England',
    })
    expect(geo.districts.get('E06000023')?.name).toBe('Bristol')
    expect(geo.districts.get('W06000015')).toMatchObject({ name: 'Cardiff', regionCode: 'W92000004' })
  })

  it('leaves out abolished districts, counties, combined authorities and the GLA', () => {
    for (const code of ['E07000026', 'E07000187', 'E10000002', 'E10000016', 'E47000001', 'E61000001', 'E12000007']) {
      expect(geo.districts.has(code)).toBe(false)
    }
  })

  it('gives Islington its four neighbouring boroughs, not the GLA', () => {
    expect(geo.neighbours.get(ISLINGTON)).toEqual([CITY_OF_LONDON, CAMDEN, HACKNEY, HARINGEY])
  })

  it('gives the 2023 unitary authorities the neighbours of the districts they replaced', () => {
    expect(names(geo.neighbours.get('E06000063') ?? []).sort()).toEqual([
      'Dumfries and Galloway',
      'Northumberland',
      'Scottish Borders',
      'Westmorland and Furness',
    ])
    expect(names(geo.neighbours.get('E06000064') ?? [])).toContain('North Yorkshire')
    expect(names(geo.neighbours.get('E06000065') ?? [])).toEqual(expect.arrayContaining(['York', 'Leeds', 'Lancaster']))
    expect(names(geo.neighbours.get('E06000066') ?? []).sort()).toEqual([
      'Bath and North East Somerset',
      'Dorset',
      'East Devon',
      'Mid Devon',
      'North Devon',
      'North Somerset',
      'Wiltshire',
    ])
  })

  it('has symmetric neighbours between current districts only, never self', () => {
    for (const [code, list] of geo.neighbours) {
      for (const n of list) {
        expect(n).not.toBe(code)
        expect(geo.districts.has(n)).toBe(true)
        expect(geo.neighbours.get(n)).toContain(code)
      }
    }
  })

  it('gives islands no touching neighbours', () => {
    expect(geo.neighbours.get('S12000023')).toEqual([]) // Orkney Islands
    expect(geo.neighbours.get('E06000046')).toEqual([]) // Isle of Wight
  })

  it('cites its sources', () => {
    const text = JSON.stringify(data.sources)
    expect(text).toContain('Code History Database (July 2024)')
    expect(text).toContain('Open Government Licence v3.0')
    expect(text).toContain('mySociety')
    expect(text).toContain('CC BY 4.0')
    expect(data.attribution).toContain('Open Government Licence')
  })
})

describe('geographyFrom', () => {
  const tiny: GeographyData = {
    sources: [],
    attribution: '',
    regions: [{ code: LONDON, name: 'London', nation: 'England' }],
    districts: [
      {
        code: CAMDEN,
        name: 'Camden',
        type: 'london-borough',
        regionCode: LONDON,
        regionName: 'London',
        nation: 'England',
      },
      {
        code: ISLINGTON,
        name: 'Islington',
        type: 'london-borough',
        regionCode: LONDON,
        regionName: 'London',
        nation: 'England',
      },
    ],
    neighbours: { [CAMDEN]: [ISLINGTON], [ISLINGTON]: [CAMDEN] },
  }

  it('builds the maps', () => {
    const g = geographyFrom(tiny)
    expect(g.districts.size).toBe(2)
    expect(g.neighbours.get(CAMDEN)).toEqual([ISLINGTON])
  })

  it('rejects one-way neighbours, unknown regions and non-district codes', () => {
    expect(() => geographyFrom({ ...tiny, neighbours: { [CAMDEN]: [ISLINGTON] } })).toThrow(/symmetric/)
    expect(() => geographyFrom({ ...tiny, regions: [] })).toThrow(/unknown region/)
    expect(() =>
      geographyFrom({ ...tiny, neighbours: { [CAMDEN]: [ISLINGTON, 'E61000001'], [ISLINGTON]: [CAMDEN] } }),
    ).toThrow(/not a district/)
  })
})

describe('isDistrictCode', () => {
  it.each(['E06000001', 'E07000026', 'E08000025', 'E09000019', 'W06000015', 'S12000036', 'N09000003'])(
    'accepts %s',
    (code) => expect(isDistrictCode(code)).toBe(true),
  )
  it.each(['E10000002', 'E12000007', 'E47000001', 'E61000001', 'W92000004', 'e09000019', 'E0900001', 'E090000199', ''])(
    'rejects %s',
    (code) => expect(isDistrictCode(code)).toBe(false),
  )
})

describe('defaultNeighbours', () => {
  it('lists the districts touching the homes, sorted by name', () => {
    expect(names(defaultNeighbours(geo, [ISLINGTON]))).toEqual(['Camden', 'City of London', 'Hackney', 'Haringey'])
  })

  it('takes the union for several homes and leaves the homes out', () => {
    const result = defaultNeighbours(geo, [ISLINGTON, CAMDEN])
    expect(result).not.toContain(ISLINGTON)
    expect(result).not.toContain(CAMDEN)
    expect(result).toEqual(expect.arrayContaining([HACKNEY, HARINGEY, WESTMINSTER, CITY_OF_LONDON]))
    expect(new Set(result).size).toBe(result.length)
  })

  it('ignores unknown codes', () => {
    expect(defaultNeighbours(geo, ['E10000002'])).toEqual([])
  })
})

describe('defaultRegion', () => {
  it('is the region of the homes, or the nation outside England', () => {
    expect(defaultRegion(geo, [ISLINGTON])).toBe(LONDON)
    expect(defaultRegion(geo, ['W06000015'])).toBe('W92000004')
    expect(defaultRegion(geo, ['S12000036'])).toBe('S92000003')
  })

  it("takes the first home's region when they differ", () => {
    expect(defaultRegion(geo, ['E06000063', 'S12000006'])).toBe('E12000002')
  })

  it('needs a known home', () => {
    expect(() => defaultRegion(geo, [])).toThrow()
  })
})

describe('tierOf', () => {
  const place: PlaceDefinition = { home: [ISLINGTON], neighbours: [CAMDEN, HACKNEY], regionCode: LONDON }
  const at = (districtCode: string | null, overseas = false) => tierOf(geo, place, { districtCode, overseas })

  it('places a location from local to national', () => {
    expect(at(ISLINGTON)).toBe(Tier.Local)
    expect(at(CAMDEN)).toBe(Tier.SubRegional)
    expect(at(WESTMINSTER)).toBe(Tier.Regional)
    expect(at('E08000025')).toBe(Tier.National) // Birmingham
    expect(at('S12000036')).toBe(Tier.National) // City of Edinburgh
  })

  it('only counts neighbours the place lists', () => {
    expect(at(HARINGEY)).toBe(Tier.Regional)
  })

  it('puts overseas first, then unknown', () => {
    expect(at(ISLINGTON, true)).toBe(Tier.Overseas)
    expect(at(null, true)).toBe(Tier.Overseas)
    expect(at(null)).toBe(Tier.Unknown)
    expect(at('E10000002')).toBe(Tier.Unknown)
    expect(at('E07000026')).toBe(Tier.Unknown) // Allerdale, abolished 2023
  })
})

describe('validatePlace', () => {
  it('fills in neighbours and region', () => {
    expect(validatePlace(geo, { home: [ISLINGTON] })).toEqual({
      ok: true,
      place: { home: [ISLINGTON], neighbours: [CAMDEN, CITY_OF_LONDON, HACKNEY, HARINGEY], regionCode: LONDON },
    })
  })

  it('keeps explicit neighbours and region, even an empty neighbour list', () => {
    expect(validatePlace(geo, { home: [ISLINGTON], neighbours: [WESTMINSTER], regionCode: LONDON })).toEqual({
      ok: true,
      place: { home: [ISLINGTON], neighbours: [WESTMINSTER], regionCode: LONDON },
    })
    expect(validatePlace(geo, { home: ['S12000023'], neighbours: [] })).toEqual({
      ok: true,
      place: { home: ['S12000023'], neighbours: [], regionCode: 'S92000003' },
    })
  })

  it('tidies codes: trims, upper-cases and removes duplicates', () => {
    const result = validatePlace(geo, { home: [' e09000019 ', ISLINGTON], neighbours: [CAMDEN, 'e09000007'] })
    expect(result).toEqual({ ok: true, place: { home: [ISLINGTON], neighbours: [CAMDEN], regionCode: LONDON } })
  })

  it('says which code is not a current district', () => {
    expect(validatePlace(geo, { home: ['E10000002'] })).toEqual({
      ok: false,
      errors: ['E10000002 is not a current local authority district (counties, regions and the GLA are not districts)'],
    })
    const result = validatePlace(geo, { home: [ISLINGTON], neighbours: ['E61000001', 'E07000026'] })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.errors).toHaveLength(2)
      expect(result.errors[0]).toMatch(/^E61000001 is not a current local authority district/)
      expect(result.errors[1]).toMatch(
        /^E07000026 is not a current local authority district \(it may have been abolished/,
      )
    }
  })

  it('needs at least one home', () => {
    expect(validatePlace(geo, { home: [] })).toEqual({
      ok: false,
      errors: ['Choose at least one home local authority district'],
    })
  })

  it('does not let a home also be a neighbour', () => {
    const result = validatePlace(geo, { home: [ISLINGTON, CAMDEN], neighbours: [CAMDEN, HACKNEY] })
    expect(result).toEqual({
      ok: false,
      errors: ['E09000007 (Camden) is a home district, so it cannot also be a neighbour'],
    })
  })

  it('needs a known region code', () => {
    const result = validatePlace(geo, { home: [ISLINGTON], regionCode: 'E10000002' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^E10000002 is not a region code/)
    expect(validatePlace(geo, { home: ['W06000015'], regionCode: 'W92000004' }).ok).toBe(true)
  })
})
