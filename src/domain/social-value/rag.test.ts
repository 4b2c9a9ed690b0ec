import { describe, expect, it } from 'vitest'
import { commitmentRag, DEFAULT_RAG_THRESHOLDS as T, percentOf, ragOf, rollUpRag, validateThresholds } from './rag.js'

describe('red, amber, green', () => {
  it('judges delivered against target at the default thresholds (100% and 75%)', () => {
    expect(ragOf(100n, 100n, T)).toBe('green')
    expect(ragOf(99n, 100n, T)).toBe('amber')
    expect(ragOf(75n, 100n, T)).toBe('amber')
    expect(ragOf(74n, 100n, T)).toBe('red')
    expect(ragOf(0n, 0n, T)).toBe('green')
  })

  it('uses an organisation’s own thresholds', () => {
    expect(ragOf(90n, 100n, { greenPercent: 90, amberPercent: 50 })).toBe('green')
    expect(ragOf(49n, 100n, { greenPercent: 90, amberPercent: 50 })).toBe('red')
    expect(validateThresholds({ greenPercent: 80, amberPercent: 90 })).toMatch(/amber/)
    expect(validateThresholds({ greenPercent: 100, amberPercent: 75 })).toBeNull()
  })

  it('waits for the due date before calling a shortfall, but not a success', () => {
    expect(commitmentRag({ delivered: 10n, target: 100n, dueDate: '2025-07-30' }, '2025-07-30', T)).toBe('not-due')
    expect(commitmentRag({ delivered: 10n, target: 100n, dueDate: '2025-07-30' }, '2025-07-31', T)).toBe('red')
    expect(commitmentRag({ delivered: 100n, target: 100n, dueDate: '2025-07-30' }, '2025-05-01', T)).toBe('green')
  })

  it('gives percentages to one decimal, half up', () => {
    expect(percentOf(2n, 3n)).toBe('66.7')
    expect(percentOf(1n, 8n)).toBe('12.5')
    expect(percentOf(5n, 0n)).toBeNull()
  })

  it('rolls up by committed £, capping each commitment so over-delivery does not hide a shortfall', () => {
    const r = rollUpRag(
      [
        { status: 'green', committedPence: 100_00n, deliveredPence: 300_00n },
        { status: 'red', committedPence: 100_00n, deliveredPence: 0n },
        { status: 'not-due', committedPence: 1_000_00n, deliveredPence: 0n },
      ],
      T,
    )
    // (min(300,100) + 0) / 200 = 50% → red; the not-yet-due commitment is counted but not weighed.
    expect(r).toEqual({ status: 'red', percent: '50.0', counts: { green: 1, amber: 0, red: 1, 'not-due': 1 } })
  })

  it('judges a group of units-only commitments by the share that are green', () => {
    const items = [
      { status: 'green' as const, committedPence: 0n, deliveredPence: 0n },
      { status: 'green' as const, committedPence: 0n, deliveredPence: 0n },
      { status: 'green' as const, committedPence: 0n, deliveredPence: 0n },
      { status: 'red' as const, committedPence: 0n, deliveredPence: 0n },
    ]
    expect(rollUpRag(items, T)).toMatchObject({ status: 'amber', percent: '75.0' })
    expect(rollUpRag([], T).status).toBe('not-due')
  })
})
