import { describe, expect, it } from 'vitest'
import { financialQuarterOf, periodKind, periodLabel, periodWithin, returnDueDate } from './period.js'
import { formatQuantity, parseMoneyPence, parseQuantity, valuePence } from './quantity.js'

describe('quantities and money', () => {
  it('reads quantities exactly, to three decimals', () => {
    expect(parseQuantity('12.5')).toBe(12500n)
    expect(parseQuantity('1,250')).toBe(1250000n)
    expect(parseQuantity('0.001')).toBe(1n)
    expect(parseQuantity('12.5000')).toBeUndefined()
    expect(parseQuantity('-1')).toBeUndefined()
    expect(parseQuantity('1e3')).toBeUndefined()
    expect(parseQuantity('')).toBeUndefined()
    expect(formatQuantity(12500n)).toBe('12.5')
    expect(formatQuantity(3000n)).toBe('3')
    expect(formatQuantity(1n)).toBe('0.001')
  })

  it('reads proxy values in pounds and pence', () => {
    expect(parseMoneyPence('£10,025')).toBe(1002500n)
    expect(parseMoneyPence('252.5')).toBe(25250n)
    expect(parseMoneyPence('1.234')).toBeUndefined()
  })

  it('values a quantity at a proxy, rounding half up to the penny once', () => {
    // 2.5 FTE-years × £10,025.00 = £25,062.50
    expect(valuePence(2500n, 1002500n)).toBe(2506250n)
    // 0.333 t × £252.00 = £83.916 → £83.92
    expect(valuePence(333n, 25200n)).toBe(8392n)
    // 0.005 × £1.00 = 0.5p → 1p (half up)
    expect(valuePence(5n, 100n)).toBe(1n)
    expect(valuePence(4n, 100n)).toBe(0n)
  })
})

describe('periods', () => {
  it('knows quarters and years and labels financial quarters', () => {
    expect(periodKind({ start: '2025-04-01', end: '2025-06-30' })).toBe('quarter')
    expect(periodKind({ start: '2025-04-01', end: '2026-03-31' })).toBe('year')
    expect(periodKind({ start: '2025-04-02', end: '2025-06-30' })).toBe('other')
    expect(financialQuarterOf('2025-04-01')).toBe('2025-26 Q1')
    expect(financialQuarterOf('2025-12-31')).toBe('2025-26 Q3')
    expect(financialQuarterOf('2026-03-31')).toBe('2025-26 Q4')
    expect(periodLabel({ start: '2026-01-01', end: '2026-03-31' })).toBe('2025-26 Q4')
    expect(periodLabel({ start: '2025-04-01', end: '2026-03-31' })).toBe('2025-26')
  })

  it('sets the due date a number of days after the period ends', () => {
    expect(returnDueDate({ start: '2025-01-01', end: '2025-03-31' }, 30)).toBe('2025-04-30')
    expect(returnDueDate({ start: '2024-01-01', end: '2024-01-31' }, 29)).toBe('2024-02-29')
  })

  it('tells when a period lies within another', () => {
    const year = { start: '2025-04-01', end: '2026-03-31' }
    expect(periodWithin({ start: '2025-04-01', end: '2025-06-30' }, year)).toBe(true)
    expect(periodWithin({ start: '2026-01-01', end: '2026-04-30' }, year)).toBe(false)
  })
})
