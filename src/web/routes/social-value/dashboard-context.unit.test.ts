// The periods the social value pages work in: financial quarters, cut to a chosen period.
import { describe, expect, it } from 'vitest'
import { quarterBounds, quartersBetween } from './dashboard-context.js'

describe('quarterBounds', () => {
  it('reads a financial quarter in either spelling, Q4 in the next calendar year', () => {
    expect(quarterBounds('2026-27-Q2')).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(quarterBounds('2025-26 Q4')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(quarterBounds('2025-26-Q1')).toEqual({ from: '2025-04-01', to: '2025-06-30' })
  })

  it('refuses what is not a quarter', () => {
    for (const text of ['2025-27-Q1', '2025-26-Q5', '2025-Q1', '', '2025-26Q1'])
      expect(quarterBounds(text)).toBeUndefined()
  })
})

describe('quartersBetween', () => {
  it('lists the quarters a period touches, cutting the first and last to it', () => {
    expect(quartersBetween('2026-04-01', '2026-12-05')).toEqual([
      { from: '2026-04-01', to: '2026-06-30' },
      { from: '2026-07-01', to: '2026-09-30' },
      { from: '2026-10-01', to: '2026-12-05' },
    ])
    expect(quartersBetween('2025-11-15', '2026-01-10')).toEqual([
      { from: '2025-11-15', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-01-10' },
    ])
  })

  it('keeps only the last twenty quarters of a long period', () => {
    const quarters = quartersBetween('2000-04-01', '2026-03-31')
    expect(quarters.length).toBe(20)
    expect(quarters.at(-1)).toEqual({ from: '2026-01-01', to: '2026-03-31' })
  })
})
