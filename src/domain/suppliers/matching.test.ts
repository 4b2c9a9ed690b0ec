import { describe, expect, it } from 'vitest'
import { normaliseSupplierName } from '../spend/supplier-name.js'
import {
  AUTO_MARGIN,
  AUTO_THRESHOLD,
  bigramDice,
  blockingKeys,
  decide,
  jaroWinkler,
  matchTokens,
  nameSimilarity,
  rankCandidates,
  registerBlockingKeys,
  REVIEW_THRESHOLD,
  tokenSimilarity,
} from './matching.js'

const similarity = (a: string, b: string) => nameSimilarity(normaliseSupplierName(a), normaliseSupplierName(b))

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3)
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2)
    expect(jaroWinkler('abc', 'abc')).toBe(1)
    expect(jaroWinkler('abc', 'xyz')).toBe(0)
    expect(jaroWinkler('', 'abc')).toBe(0)
  })
})

describe('bigramDice', () => {
  it('counts shared character pairs', () => {
    expect(bigramDice('night', 'nacht')).toBeCloseTo(0.25, 2)
    expect(bigramDice('acornsnurseries', 'acornsnurseries')).toBe(1)
    expect(bigramDice('a', 'b')).toBe(0)
  })
})

describe('tokenSimilarity', () => {
  it.each([
    ['services', 'services', 1],
    ['foundation', 'foundations', 0.97],
    ['assoc', 'association', 0.8],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(tokenSimilarity(a, b)).toBeCloseTo(expected, 2)
  })

  it('allows a typo in a longer word but not a different place', () => {
    expect(tokenSimilarity('solictors', 'solicitors')).toBeGreaterThan(0.9)
    expect(tokenSimilarity('barnet', 'barking')).toBe(0)
    expect(tokenSimilarity('merton', 'sutton')).toBe(0)
  })

  it('matches numbers only exactly', () => {
    expect(tokenSimilarity('spv8', 'spv9')).toBe(0)
    expect(tokenSimilarity('4', '4')).toBe(1)
  })
})

describe('matchTokens and blockingKeys', () => {
  it('drops a legal suffix the ledger cut short', () => {
    expect(matchTokens('dods parliamentary communications l')).toEqual(['dods', 'parliamentary', 'communications'])
    expect(matchTokens('cumberland and westmorland schools lt')).toEqual([
      'cumberland',
      'and',
      'westmorland',
      'schools',
    ])
    expect(matchTokens('lt')).toEqual(['lt'])
  })

  it('keys on the first word and the first two run together', () => {
    expect(blockingKeys('a 1 removals')).toEqual(['a', 'a1'])
    expect(blockingKeys('a1 removals')).toEqual(['a1', 'a1removals'])
    expect(blockingKeys('posturite')).toEqual(['posturite'])
  })

  it('keys the national registers more narrowly: the first word and the start of the second', () => {
    expect(registerBlockingKeys('leeds teaching hospitals nhs trust')).toEqual(['leeds tea', 'leedsteaching'])
    expect(registerBlockingKeys('posturite')).toEqual(['posturite ', 'posturite'])
    expect(registerBlockingKeys('')).toEqual([])
  })
})

describe('nameSimilarity on real ledger spellings', () => {
  it.each([
    ['HM REVENUE & CUSTOMS', 'Hm Revenues & Customs'],
    ['COMPUTACENTER (UK) LTD', 'COMPUTACENTER PLC'],
    ['DEPARTMENT FOR CULTURE MEDIA & SPORT', 'DEPARTMENT FOR CULTURE, MEDIA & SPO'],
    ['ROYAL BOROUGH OF KENSINGTON&CHELSEA', 'ROYAL BOROUGH OF KENSIGNTON AND CHE'],
    ['Specialist Computer Centres Plc', 'Specialist Computer Centr'],
    ['THOMPSONS SOLICITORS', 'Thompsons Solictors LLP'],
    ['JACOBS U.K LIMITED', 'Jacobs Uk Ltd'],
    ['Little Acorns Nurseries Ltd', 'Little Acornsnurseries Ltd'],
    ['Leeds College Of Building', 'Leeds College Of Build'],
    ['Yorkshire Purchasing Organisation', 'Yorkshire Purchasing O'],
    ['Care Quality Commission', 'Care Quality Commission (CQC)'],
  ])('%j and %j are the same organisation, automatically', (a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(AUTO_THRESHOLD)
  })

  it.each([
    ['LONDON BOROUGH OF BARNET', 'LONDON BOROUGH OF BARKING'],
    ['LONDON BOROUGH OF MERTON', 'LONDON BOROUGH OF SUTTON'],
    ['Leeds City Council', 'Leeds City College'],
    ['Leeds University', 'Leeds University Union'],
    ['CAPITA RESOURCING LTD', 'Capita Education Resourcing'],
    ['COMPLETE TREE CARE LTD', 'COMPLETE TREE SERVICES'],
    ['Mears Limited', 'Mears Care Limited'],
    ['Corona Energy Retail 4 Ltd', 'Corona Energy Retail 5 Ltd'],
    ['Capita', 'CAPITAL AGE FESTIVAL'],
  ])('%j and %j are never merged automatically', (a, b) => {
    expect(similarity(a, b)).toBeLessThan(AUTO_THRESHOLD)
  })

  it('is symmetric and 1 only for the same name', () => {
    expect(similarity('Michael Page UK Ltd', 'MICHAEL PAGE LIMITED')).toBe(
      similarity('MICHAEL PAGE LIMITED', 'Michael Page UK Ltd'),
    )
    expect(nameSimilarity('posturite', 'posturite')).toBe(1)
    expect(nameSimilarity('', 'posturite')).toBe(0)
  })

  it('does not treat a short name as a truncation of a longer one', () => {
    // "leeds city c" could be council or college: too short a cut to tell.
    expect(nameSimilarity('leeds city c', 'leeds city council')).toBeLessThan(AUTO_THRESHOLD)
  })
})

describe('rankCandidates and decide', () => {
  const candidates = [
    { id: 'a', normalisedName: 'london borough of barnet' },
    { id: 'b', normalisedName: 'london borough of barking' },
    { id: 'c', normalisedName: 'london borough of haringey' },
    { id: 'c2', normalisedName: 'london borough of haringey' },
  ]

  it('ranks best first, drops weak candidates and repeated names', () => {
    const ranked = rankCandidates('london borough haringey', candidates)
    expect(ranked[0]!.candidate.id).toBe('c')
    expect(ranked.map((r) => r.candidate.id)).not.toContain('c2')
    expect(ranked.every((r) => r.score >= REVIEW_THRESHOLD)).toBe(true)
  })

  it('takes a clear winner automatically', () => {
    const decision = decide(rankCandidates('london borough haringey', candidates))
    expect(decision.outcome).toBe('auto')
  })

  it('asks a person when two candidates are close', () => {
    const ranked = [
      { candidate: 'x', score: 0.95 },
      { candidate: 'y', score: 0.95 - AUTO_MARGIN / 2 },
    ]
    expect(decide(ranked)).toEqual({ outcome: 'review', best: ranked[0] })
  })

  it('asks a person between the thresholds and gives up below them', () => {
    expect(decide([{ candidate: 'x', score: (AUTO_THRESHOLD + REVIEW_THRESHOLD) / 2 }]).outcome).toBe('review')
    expect(decide([{ candidate: 'x', score: REVIEW_THRESHOLD - 0.01 }]).outcome).toBe('none')
    expect(decide([]).outcome).toBe('none')
  })
})
