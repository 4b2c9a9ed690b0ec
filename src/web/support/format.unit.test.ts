import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime } from './format.js'

describe('formatDate', () => {
  it('shows a calendar date as the day it names, however early', () => {
    expect(formatDate('2025-04-01')).toBe('1 April 2025')
    expect(formatDate('1000-01-01')).toBe('1 January 1000')
    expect(formatDate('0001-01-01')).toBe('1 January 1')
  })

  it('shows an instant as the day it is in London', () => {
    expect(formatDate(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026')
  })
})

describe('formatDateTime', () => {
  it('writes the hour after midnight and after noon as 12', () => {
    expect(formatDateTime(new Date('2026-12-06T00:07:00Z'))).toBe('6 December 2026 at 12:07am')
    expect(formatDateTime(new Date('2026-12-06T12:30:00Z'))).toBe('6 December 2026 at 12:30pm')
    expect(formatDateTime(new Date('2026-07-06T13:05:00Z'))).toBe('6 July 2026 at 2:05pm')
  })
})
