import { describe, expect, it } from 'vitest'
import { defaultNeighbours, tierOf, type PlaceDefinition } from '../domain/geography/geography.js'
import { loadGeography } from '../reference/geography.js'
import {
  DEMO_DISTRICT_CODES,
  DEMO_ORGANISATIONS,
  DEMO_SEED,
  FINANCIAL_YEAR,
  ISLINGTON,
  REDACTED_PAYEE,
  demoAccountSupplierIndex,
  generateDemoPlace,
  mulberry32,
  normaliseSupplierName,
  penceToDecimal,
  sizeBandOf,
  type AreaKind,
} from './demo-data.js'

const data = generateDemoPlace(DEMO_SEED)
const { suppliers, payments } = data
const geography = loadGeography()
const islington: PlaceDefinition = {
  home: [ISLINGTON],
  neighbours: defaultNeighbours(geography, [ISLINGTON]),
  regionCode: 'E12000007',
}
const share = (n: number, of: number) => n / of
const countBy = <T>(items: readonly T[], key: (item: T) => string | null) => {
  const counts = new Map<string | null, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, and numbers in [0, 1)', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(mulberry32(43)()).not.toBe(xs[0])
  })
})

describe('penceToDecimal', () => {
  it('writes whole pence as pounds with two places', () => {
    expect(penceToDecimal(0)).toBe('0.00')
    expect(penceToDecimal(5)).toBe('0.05')
    expect(penceToDecimal(100)).toBe('1.00')
    expect(penceToDecimal(123450)).toBe('1234.50')
    expect(penceToDecimal(-12345)).toBe('-123.45')
    expect(penceToDecimal(200_000_000)).toBe('2000000.00')
  })

  it('refuses fractions of a penny', () => {
    expect(() => penceToDecimal(1.5)).toThrow()
  })
})

describe('sizeBandOf', () => {
  it('applies the micro and SME thresholds on both staff and turnover', () => {
    expect(sizeBandOf(9, '1999999.99')).toBe('micro')
    expect(sizeBandOf(10, '100000.00')).toBe('small-medium')
    expect(sizeBandOf(9, '2000000.00')).toBe('small-medium')
    expect(sizeBandOf(249, '49999999.99')).toBe('small-medium')
    expect(sizeBandOf(250, '1000000.00')).toBe('large')
    expect(sizeBandOf(20, '50000000.00')).toBe('large')
    expect(sizeBandOf(null, '1000.00')).toBeNull()
  })
})

describe('normaliseSupplierName', () => {
  it('drops case, punctuation and legal suffixes', () => {
    expect(normaliseSupplierName('Archway Plumbing & Heating Ltd')).toBe('archway plumbing and heating')
    expect(normaliseSupplierName('ARCHWAY PLUMBING & HEATING LIMITED')).toBe('archway plumbing and heating')
    expect(normaliseSupplierName('Holloway Community Kitchen CIC')).toBe('holloway community kitchen')
  })
})

describe('generateDemoPlace', () => {
  it('gives the same data for the same seed, and different data for another', () => {
    expect(generateDemoPlace(DEMO_SEED)).toEqual(data)
    const other = generateDemoPlace(DEMO_SEED + 1)
    expect(other.suppliers.map((s) => s.name)).not.toEqual(suppliers.map((s) => s.name))
  })

  describe('suppliers', () => {
    it('number about 300, spread over home, neighbours, London and the UK, with a few overseas and unknown', () => {
      expect(suppliers.length).toBeGreaterThanOrEqual(280)
      expect(suppliers.length).toBeLessThanOrEqual(320)
      const areas = countBy(suppliers, (s) => s.area)
      const expected: Record<AreaKind, [number, number]> = {
        home: [0.2, 0.3],
        neighbour: [0.15, 0.25],
        london: [0.2, 0.3],
        uk: [0.2, 0.3],
        overseas: [0.005, 0.05],
        unknown: [0.005, 0.05],
      }
      for (const [area, [min, max]] of Object.entries(expected)) {
        expect(share(areas.get(area) ?? 0, suppliers.length), area).toBeGreaterThanOrEqual(min)
        expect(share(areas.get(area) ?? 0, suppliers.length), area).toBeLessThanOrEqual(max)
      }
    })

    it('sit in the tier their area says, by the real GSS code of their postcode district', () => {
      const tierFor: Record<AreaKind, string> = {
        home: 'local',
        neighbour: 'subRegional',
        london: 'regional',
        uk: 'national',
        overseas: 'overseas',
        unknown: 'unknown',
      }
      for (const s of suppliers) {
        expect(tierOf(geography, islington, { districtCode: s.districtCode, overseas: s.overseas }), s.name).toBe(
          tierFor[s.area],
        )
      }
      for (const code of DEMO_DISTRICT_CODES) expect(geography.districts.has(code), code).toBe(true)
    })

    it('have UK postcodes where located, and none overseas or unknown', () => {
      for (const s of suppliers) {
        if (s.area === 'overseas' || s.area === 'unknown') expect(s.postcode).toBeNull()
        else expect(s.postcode).toMatch(/^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$/)
      }
    })

    it('have unique names and unique company, charity and mutuals numbers in the registers’ shapes', () => {
      const unique = (values: (string | null)[]) => {
        const present = values.filter((v): v is string => v !== null)
        expect(new Set(present).size).toBe(present.length)
        return present
      }
      unique(suppliers.map((s) => s.normalisedName))
      for (const n of unique(suppliers.map((s) => s.companyNumber))) expect(n).toMatch(/^(\d{8}|(SC|NI|OC)\d{6})$/)
      for (const n of unique(suppliers.map((s) => s.charityNumber))) expect(n).toMatch(/^(\d{7}|SC0\d{5})$/)
      for (const n of unique(suppliers.map((s) => s.mutualsNumber))) expect(n).toMatch(/^RS\d{6}$/)
    })

    it('include every kind of organisation, with flags that agree with their numbers', () => {
      const has = (flag: (s: (typeof suppliers)[number]) => boolean) => suppliers.filter(flag).length
      expect(has((s) => s.isCharity)).toBeGreaterThanOrEqual(5)
      expect(has((s) => s.isCic)).toBeGreaterThanOrEqual(3)
      expect(has((s) => s.isCoop)).toBeGreaterThanOrEqual(3)
      expect(has((s) => s.isSocialEnterprise && !s.isCic)).toBeGreaterThanOrEqual(2)
      expect(has((s) => s.isEmployeeOwned)).toBeGreaterThanOrEqual(2)
      expect(has((s) => s.isPublicBody)).toBeGreaterThanOrEqual(2)
      expect(has((s) => s.isIndividual)).toBeGreaterThanOrEqual(5)
      expect(has((s) => s.livingWageAccredited)).toBeGreaterThanOrEqual(10)
      for (const s of suppliers) {
        expect(s.isCharity, s.name).toBe(s.charityNumber !== null)
        expect(s.isCoop, s.name).toBe(s.mutualsNumber !== null)
        if (s.isCic) expect(s.companyNumber && s.isSocialEnterprise, s.name).toBeTruthy()
        if (s.isIndividual) {
          expect(s.companyNumber, s.name).toBeNull()
          expect([null, 1], s.name).toContain(s.employees)
        }
      }
    })

    it('include micro, small or medium, and large suppliers, and some of unknown size', () => {
      const bands = countBy(suppliers, (s) => sizeBandOf(s.employees, s.turnover))
      expect(bands.get('micro')).toBeGreaterThanOrEqual(30)
      expect(bands.get('small-medium')).toBeGreaterThanOrEqual(30)
      expect(bands.get('large')).toBeGreaterThanOrEqual(15)
      expect(bands.get(null)).toBeGreaterThanOrEqual(5)
      for (const s of suppliers) if (s.turnover !== null) expect(s.turnover).toMatch(/^\d+\.00$/)
    })

    it('give the supplier account a local small or medium company', () => {
      const s = suppliers[demoAccountSupplierIndex(data)]!
      expect(s.districtCode).toBe(ISLINGTON)
      expect(sizeBandOf(s.employees, s.turnover)).toBe('small-medium')
      expect(s.companyNumber).not.toBeNull()
    })
  })

  describe('payments', () => {
    for (const org of DEMO_ORGANISATIONS) {
      describe(org.name, () => {
        const mine = payments.filter((p) => p.organisationId === org.id)

        it('number between 1,500 and 3,000, all in the financial year on weekdays', () => {
          expect(mine.length).toBeGreaterThanOrEqual(1500)
          expect(mine.length).toBeLessThanOrEqual(3000)
          for (const p of mine) {
            expect(p.paymentDate >= FINANCIAL_YEAR.start && p.paymentDate <= FINANCIAL_YEAR.end, p.paymentDate).toBe(
              true,
            )
            expect([0, 6]).not.toContain(new Date(`${p.paymentDate}T00:00:00Z`).getUTCDay())
          }
        })

        it('have amounts as two-place decimal strings made from whole pence, mostly £500–£50,000, a long tail and ~3% credits', () => {
          for (const p of mine) {
            expect(p.amount).toMatch(/^-?\d+\.\d{2}$/)
            expect(p.amount).toBe(penceToDecimal(p.amountPence))
            expect(Math.abs(p.amountPence)).toBeGreaterThanOrEqual(500_00)
            expect(p.amountPence).toBeLessThanOrEqual(2_000_000_00)
          }
          const credits = mine.filter((p) => p.amountPence < 0).length
          expect(share(credits, mine.length)).toBeGreaterThan(0.015)
          expect(share(credits, mine.length)).toBeLessThan(0.045)
          const typical = mine.filter((p) => p.amountPence >= 500_00 && p.amountPence <= 50_000_00).length
          expect(share(typical, mine.length)).toBeGreaterThan(0.85)
          expect(mine.filter((p) => p.amountPence > 500_000_00).length).toBeGreaterThan(0)
        })

        it('have unique transaction references and fingerprints', () => {
          expect(new Set(mine.map((p) => p.transactionRef)).size).toBe(mine.length)
          expect(new Set(mine.map((p) => p.fingerprint)).size).toBe(mine.length)
          for (const p of mine) expect(p.transactionRef.startsWith(`${org.refPrefix}-`)).toBe(true)
        })

        it("carry the supplier's category, or are redacted payments to people", () => {
          for (const p of mine) {
            if (p.isRedacted) {
              expect([p.supplierIndex, p.payeeName]).toEqual([null, REDACTED_PAYEE])
            } else {
              const s = suppliers[p.supplierIndex!]!
              expect(p.category).toBe(s.category)
              expect(normaliseSupplierName(p.payeeName)).toBe(s.normalisedName)
            }
          }
          expect(mine.filter((p) => p.isRedacted).length).toBeGreaterThan(5)
        })

        it("spread over the organisation's departments", () => {
          const departments = countBy(mine, (p) => p.department)
          const expected =
            org.type === 'council'
              ? ['Adults Social Care', "Children's Services", 'Environment', 'Housing', 'Resources', 'Place']
              : org.type === 'nhs'
                ? ['Estates', 'Pharmacy', 'Clinical Services', 'Corporate']
                : ['Curriculum', 'Estates', 'IT Services', 'Student Services']
          expect([...departments.keys()].sort()).toEqual([...expected].sort())
        })
      })
    }

    it('pay individuals: sole traders as well as redacted payees', () => {
      expect(payments.some((p) => p.supplierIndex !== null && suppliers[p.supplierIndex]!.isIndividual)).toBe(true)
    })

    it('have fingerprints unique across the place', () => {
      expect(new Set(payments.map((p) => p.fingerprint)).size).toBe(payments.length)
    })
  })
})
