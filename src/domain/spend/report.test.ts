import { describe, expect, it } from 'vitest'
import { addFigures, financialQuarter, percentage, quarterFromIndex, quarterIndexOf, wholeMonths } from './report.js'

describe('financialQuarter', () => {
  it('puts April to June in Q1 and January to March in Q4 of the previous year', () => {
    expect(financialQuarter('2025-04-01')).toEqual({ quarter: '2025-26 Q1', from: '2025-04-01', to: '2025-06-30' })
    expect(financialQuarter('2025-09-30')).toEqual({ quarter: '2025-26 Q2', from: '2025-07-01', to: '2025-09-30' })
    expect(financialQuarter('2025-12-31')).toEqual({ quarter: '2025-26 Q3', from: '2025-10-01', to: '2025-12-31' })
    expect(financialQuarter('2026-02-28')).toEqual({ quarter: '2025-26 Q4', from: '2026-01-01', to: '2026-03-31' })
    expect(financialQuarter('1999-03-31')).toEqual({ quarter: '1998-99 Q4', from: '1999-01-01', to: '1999-03-31' })
  })
})

describe('addFigures and percentage', () => {
  it('adds decimal strings exactly, credit notes included', () => {
    expect(
      addFigures({ amount: '0.10', count: 1 }, { amount: '0.20', count: 1 }, { amount: '-1.05', count: 1 }),
    ).toEqual({ amount: '-0.75', count: 3 })
  })
  it('rounds shares to one decimal, half up', () => {
    expect(percentage('1.00', '3.00')).toBe('33.3')
    expect(percentage('2.00', '3.00')).toBe('66.7')
    expect(percentage('0.00', '0.00')).toBe('0.0')
    expect(percentage('5.00', '8.00')).toBe('62.5')
  })
})

describe('quarter indexes', () => {
  it('turn into labels and back, and match the dates they cover', () => {
    for (const date of ['2025-04-01', '2025-08-15', '2025-12-31', '2026-03-31', '2014-01-07']) {
      const [y, m] = date.split('-').map(Number) as [number, number]
      const index = Math.floor((y * 12 + m - 4) / 3)
      const quarter = quarterFromIndex(index)
      expect(quarter).toEqual(financialQuarter(date))
      expect(quarterIndexOf(quarter.quarter)).toBe(index)
    }
    expect(quarterIndexOf('2025-27 Q1')).toBeNull()
    expect(quarterIndexOf('Q1 2025')).toBeNull()
  })
})

describe('wholeMonths', () => {
  it('finds the whole months of a range, leaving the part months at either end', () => {
    expect(wholeMonths('2024-04-01', '2025-03-31')).toEqual({ first: '2024-04-01', end: '2025-04-01' })
    expect(wholeMonths('2024-04-15', '2025-03-30')).toEqual({ first: '2024-05-01', end: '2025-03-01' })
    expect(wholeMonths('2023-12-01', '2024-02-29')).toEqual({ first: '2023-12-01', end: '2024-03-01' })
    expect(wholeMonths('2024-01-31', '2024-02-29')).toEqual({ first: '2024-02-01', end: '2024-03-01' })
  })
  it('gives null when no month is whole', () => {
    expect(wholeMonths('2024-02-01', '2024-02-28')).toBeNull()
    expect(wholeMonths('2024-01-15', '2024-02-14')).toBeNull()
    expect(wholeMonths('2024-03-05', '2024-03-05')).toBeNull()
  })
})
