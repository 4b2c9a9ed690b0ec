import { describe, expect, it } from 'vitest'
import {
  aggregateLm3,
  calculateLm3,
  financialYearBounds,
  financialYearOf,
  percentToShare,
  shareToPercent,
  validateShares,
} from './lm3.js'

const shares = (localSupplierShare: string, staffCostShare: string, localStaffShare: string) => ({
  localSupplierShare,
  staffCostShare,
  localStaffShare,
})

describe('calculateLm3', () => {
  it('matches a hand computation', () => {
    // By hand: local share = 0.40 + 0.30 × 0.50 = 0.55.
    // R1 = £10,000.00; R2 = 10,000 × 0.55 = £5,500.00; R3 = 5,500 × 0.55 = £3,025.00.
    // LM3 = (10,000 + 5,500 + 3,025) / 10,000 = 18,525 / 10,000 = 1.8525 → 1.85.
    expect(calculateLm3({ r1: '10000.00', shares: shares('0.4000', '0.3000', '0.5000') })).toEqual({
      r1: '10000.00',
      r2: '5500.00',
      r3: '3025.00',
      localShare: '55.00',
      lm3: '1.85',
    })
  })

  it('rounds each round to the penny, half away from zero, before taking the next', () => {
    // R2 = 1,234.57 × 0.55 = 679.0135 → 679.01; R3 = 679.01 × 0.55 = 373.4555 → 373.46.
    // LM3 = 2,287.04 / 1,234.57 = 1.85251… → 1.85.
    expect(calculateLm3({ r1: '1234.57', shares: shares('0.4', '0.3', '0.5') })).toMatchObject({
      r2: '679.01',
      r3: '373.46',
      lm3: '1.85',
    })
    // Shares to four decimals: 0.1234 + 0.5678 × 0.9012 = 0.1234 + 0.51170136 = 0.63510136.
    // R2 = 100 × 0.63510136 = 63.510136 → 63.51; R3 = 63.51 × 0.63510136 = 40.3353… → 40.34.
    // LM3 = (100 + 63.51 + 40.34) / 100 = 2.0385 → 2.04.
    expect(calculateLm3({ r1: '100.00', shares: shares('0.1234', '0.5678', '0.9012') })).toEqual({
      r1: '100.00',
      r2: '63.51',
      r3: '40.34',
      localShare: '63.51',
      lm3: '2.04',
    })
  })

  it('is 1.00 when nothing stays local and 3.00 when everything does', () => {
    expect(calculateLm3({ r1: '500.00', shares: shares('0', '0', '0') }).lm3).toBe('1.00')
    expect(calculateLm3({ r1: '500.00', shares: shares('1', '0', '0') }).lm3).toBe('3.00')
    expect(calculateLm3({ r1: '500.00', shares: shares('0', '1', '1') }).lm3).toBe('3.00')
  })

  it('has no ratio when nothing was spent, or refunds outweigh payments', () => {
    expect(calculateLm3({ r1: '0.00', shares: shares('0.5', '0.2', '0.5') })).toMatchObject({ r2: '0.00', lm3: null })
    expect(calculateLm3({ r1: '-10.00', shares: shares('0.5', '0', '0') })).toMatchObject({ r2: '-5.00', lm3: null })
  })

  it('keeps large sums exact', () => {
    // 123,456,789.01 × 0.5 = 61,728,394.505 → 61,728,394.51; × 0.5 = 30,864,197.255 → 30,864,197.26.
    expect(calculateLm3({ r1: '123456789.01', shares: shares('0.5', '0', '0') })).toMatchObject({
      r2: '61728394.51',
      r3: '30864197.26',
      lm3: '1.75',
    })
  })
})

describe('aggregateLm3', () => {
  it('weights by spend over the suppliers that answered and were paid', () => {
    const a = calculateLm3({ r1: '10000.00', shares: shares('0.4', '0.3', '0.5') }) // 18,525.00 in all
    const b = calculateLm3({ r1: '30000.00', shares: shares('0.1', '0', '0') }) // 30,000 + 3,000 + 300 = 33,300.00
    const unpaid = calculateLm3({ r1: '0.00', shares: shares('0.9', '0', '0') })
    // Σ(R1+R2+R3) = 51,825.00; Σ R1 = 40,000.00; LM3 = 1.295625 → 1.30. Cover 40,000 of 160,000 = 25.0%.
    expect(aggregateLm3([a, b, unpaid], { suppliers: 8, amount: '160000.00' })).toEqual({
      r1: '40000.00',
      r2: '8500.00',
      r3: '3325.00',
      lm3: '1.30',
      answered: 2,
      paid: 8,
      paidAmount: '160000.00',
      coverage: '25.0',
    })
  })

  it('has no figure when nobody answered', () => {
    expect(aggregateLm3([], { suppliers: 3, amount: '10.00' })).toMatchObject({
      lm3: null,
      answered: 0,
      coverage: '0.0',
    })
  })
})

describe('validateShares', () => {
  it('accepts shares from 0 to 1 whose local-supplier and staff parts fit in the income', () => {
    expect(validateShares(shares('0.6', '0.4', '1'))).toEqual({})
    expect(validateShares(shares('0', '0', '0'))).toEqual({})
  })

  it('refuses shares outside 0 to 1, and non-numbers', () => {
    expect(validateShares(shares('1.0001', '-0.1', 'lots'))).toEqual({
      localSupplierShare: 'The percentage spent with local suppliers must be between 0 and 100',
      staffCostShare: 'The percentage spent on staff must be between 0 and 100',
      localStaffShare: 'The percentage of staff costs paid to local people must be a number, like 25',
    })
  })

  it('refuses local suppliers and staff adding up to more than the whole income', () => {
    expect(validateShares(shares('0.7', '0.3001', '0.5'))).toEqual({
      staffCostShare:
        'The percentages spent with local suppliers and on staff must add up to 100 or less, as they are parts of the same income',
    })
  })
})

describe('percentages and financial years', () => {
  it('turns form percentages into shares and back', () => {
    expect(percentToShare('12.5')).toBe('0.1250')
    expect(percentToShare('100')).toBe('1.0000')
    expect(percentToShare('0')).toBe('0.0000')
    expect(percentToShare('x')).toBeUndefined()
    expect(shareToPercent('0.1250')).toBe('12.5')
    expect(shareToPercent('1.0000')).toBe('100')
    expect(shareToPercent('0.0000')).toBe('0')
    expect(shareToPercent('0.0005')).toBe('0.05')
  })

  it('knows the financial year of a date and its bounds', () => {
    expect(financialYearOf('2025-04-01')).toBe('2025-26')
    expect(financialYearOf('2026-03-31')).toBe('2025-26')
    expect(financialYearOf('1999-06-01')).toBe('1999-00')
    expect(financialYearBounds('2025-26')).toEqual({ from: '2025-04-01', to: '2026-03-31' })
    expect(financialYearBounds('2025-27')).toBeUndefined()
    expect(financialYearBounds('nonsense')).toBeUndefined()
  })
})
