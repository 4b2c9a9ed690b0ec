import { describe, expect, it } from 'vitest'
import { isSme, sizeBand, SizeBand } from './size.js'

describe('sizeBand', () => {
  it.each([
    [0, 0, SizeBand.Micro],
    [9, 1_999_999.99, SizeBand.Micro],
    [10, 100_000, SizeBand.Small],
    [9, 2_000_000, SizeBand.Small],
    [49, 9_999_999, SizeBand.Small],
    [50, 1_000_000, SizeBand.Medium],
    [5, 30_000_000, SizeBand.Medium],
    [249, 49_999_999, SizeBand.Medium],
    [250, 1_000_000, SizeBand.Large],
    [5, 50_000_000, SizeBand.Large],
  ])('%i staff and £%d turnover is %s: both tests must pass', (employees, turnover, expected) => {
    expect(sizeBand(employees, turnover)).toBe(expected)
  })

  it('reads turnover as a decimal string, as numeric columns come back', () => {
    expect(sizeBand(3, '1250000.00')).toBe(SizeBand.Micro)
    expect(sizeBand(3, '49999999.99')).toBe(SizeBand.Medium)
  })

  it('is unknown when either figure is missing and the other leaves room for an SME', () => {
    expect(sizeBand(null, null)).toBe(SizeBand.Unknown)
    expect(sizeBand(3, null)).toBe(SizeBand.Unknown)
    expect(sizeBand(undefined, '1000')).toBe(SizeBand.Unknown)
    expect(sizeBand(249, '')).toBe(SizeBand.Unknown)
  })

  it('is large when one figure alone rules out every SME band', () => {
    expect(sizeBand(250, null)).toBe(SizeBand.Large)
    expect(sizeBand(null, '50000000.00')).toBe(SizeBand.Large)
  })

  it('ignores figures that are not numbers', () => {
    expect(sizeBand(-1, 100)).toBe(SizeBand.Unknown)
    expect(sizeBand(3, 'a lot')).toBe(SizeBand.Unknown)
  })
})

describe('isSme', () => {
  it('counts micro, small and medium', () => {
    expect([SizeBand.Micro, SizeBand.Small, SizeBand.Medium].every(isSme)).toBe(true)
    expect(isSme(SizeBand.Large)).toBe(false)
    expect(isSme(SizeBand.Unknown)).toBe(false)
  })
})
