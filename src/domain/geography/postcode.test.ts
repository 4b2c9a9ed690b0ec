import { describe, expect, it } from 'vitest'
import { districtForPostcode, normalisePostcode, outwardCode, type PostcodeDistricts } from './postcode.js'

describe('normalisePostcode', () => {
  it.each([
    ['N1 1AA', 'N1 1AA'],
    ['n11aa', 'N1 1AA'],
    [' EX1 3PB', 'EX1 3PB'],
    ['ec1a1bb', 'EC1A 1BB'],
    ['SW1A  2AA ', 'SW1A 2AA'],
    ['m1\u00a01ae', 'M1 1AE'],
    ['CR441AA', 'CR44 1AA'],
    ['W1M 0AA', 'W1M 0AA'], // a retired West End district, still in the NSPL and in old addresses
    ['JE2 4TR', 'JE2 4TR'],
    ['BT1 1AA', 'BT1 1AA'],
    ['GIR 0AA', 'GIR 0AA'],
  ])('%j → %j', (text, expected) => {
    expect(normalisePostcode(text)).toBe(expected)
  })

  it.each([
    '',
    '   ',
    'N1',
    'N1 1',
    'N1 1A',
    'Q1 1AA', // no area starts with Q
    'N1 1CA', // inward letters never use C, I, K, M, O or V
    'N1 AAA',
    'NN11 1AAA',
    '12345',
    'N1 1AA, UK',
    'Redacted',
  ])('%j is not a postcode', (text) => {
    expect(normalisePostcode(text)).toBeNull()
  })

  it('takes null and undefined', () => {
    expect(normalisePostcode(null)).toBeNull()
    expect(normalisePostcode(undefined)).toBeNull()
  })
})

describe('outwardCode', () => {
  it.each([
    ['N1 1AA', 'N1'],
    ['ec1a1bb', 'EC1A'],
    ['SE17 1AA', 'SE17'],
    [' wa14 1ab', 'WA14'],
  ])('%j → %j', (postcode, expected) => {
    expect(outwardCode(postcode)).toBe(expected)
  })

  it('is null for something that is not a postcode', () => {
    expect(outwardCode('N1')).toBeNull()
    expect(outwardCode('')).toBeNull()
  })
})

describe('districtForPostcode', () => {
  // Shares as in src/reference/postcode-districts.json.
  const districts: PostcodeDistricts = new Map([
    [
      'N1',
      [
        { code: 'E09000019', share: 0.7319 },
        { code: 'E09000012', share: 0.2615 },
        { code: 'E09000007', share: 0.0066 },
      ],
    ],
    [
      'SE1',
      [
        { code: 'E09000028', share: 0.8787 },
        { code: 'E09000022', share: 0.121 },
      ],
    ],
    ['LS1', [{ code: 'E08000035', share: 1 }]],
    ['TS99', [{ code: 'E06000001', share: 0.8 }]],
  ])

  it('uses the exact district from the postcode register first', () => {
    expect(districtForPostcode('N1 9GU', 'E09000007', districts)).toEqual({ code: 'E09000007', confidence: 'exact' })
  })

  it('falls back to the outward code’s district when it holds at least 80% of its postcodes', () => {
    expect(districtForPostcode('ls1 4ap', undefined, districts)).toEqual({ code: 'E08000035', confidence: 'district' })
    expect(districtForPostcode('SE1 7PB', undefined, districts)).toEqual({ code: 'E09000028', confidence: 'district' })
    expect(districtForPostcode('TS99 1AA', undefined, districts)).toEqual({ code: 'E06000001', confidence: 'district' })
  })

  it('does not guess when the outward code straddles districts (N1 is 73% Islington)', () => {
    expect(districtForPostcode('N1 9GU', undefined, districts)).toBeNull()
  })

  it('is null for an unknown outward code or something that is not a postcode', () => {
    expect(districtForPostcode('EH1 1AA', undefined, districts)).toBeNull()
    expect(districtForPostcode('not a postcode', undefined, districts)).toBeNull()
    expect(districtForPostcode(null, undefined, districts)).toBeNull()
  })
})
