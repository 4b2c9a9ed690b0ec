import { describe, expect, it } from 'vitest'
import { periodOutsideTerm } from './period.js'

describe('periodOutsideTerm', () => {
  const term = { startDate: '2025-04-01', endDate: '2027-03-31', maxEndDate: '2029-03-31' }

  it('accepts a period that falls at least partly within the term, extensions included', () => {
    expect(periodOutsideTerm({ start: '2025-04-01', end: '2025-06-30' }, term)).toBeNull()
    expect(periodOutsideTerm({ start: '2025-01-01', end: '2025-04-01' }, term)).toBeNull()
    expect(periodOutsideTerm({ start: '2029-01-01', end: '2029-03-31' }, term)).toBeNull()
    expect(
      periodOutsideTerm(
        { start: '2030-04-01', end: '2030-06-30' },
        { startDate: null, endDate: null, maxEndDate: null },
      ),
    ).toBeNull()
  })

  it('refuses a period wholly before the start or after the latest possible end', () => {
    expect(periodOutsideTerm({ start: '2025-01-01', end: '2025-03-31' }, term)).toBe(
      'the period falls outside the contract, which runs from 2025-04-01 to 2029-03-31',
    )
    expect(periodOutsideTerm({ start: '2030-04-01', end: '2030-06-30' }, term)).toMatch(/outside the contract/)
    expect(periodOutsideTerm({ start: '2027-04-01', end: '2027-06-30' }, { ...term, maxEndDate: null })).toMatch(
      /runs from 2025-04-01 to 2027-03-31/,
    )
  })
})
