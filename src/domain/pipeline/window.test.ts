import { describe, expect, it } from 'vitest'
import type { PlanStatus } from './plan.js'
import {
  addDays,
  addMonths,
  groupPipeline,
  pipelinePlacement,
  pipelineQuarter,
  pipelineWindow,
  quartersBetween,
} from './window.js'

const plan = (reference: string, expectedAdvertDate: string, status: PlanStatus = 'planned') => ({
  reference,
  expectedAdvertDate,
  status,
})

describe('addMonths', () => {
  it('keeps the day of the month, or the last day of a shorter month', () => {
    expect(addMonths('2026-11-22', 18)).toBe('2028-05-22')
    expect(addMonths('2026-08-31', 18)).toBe('2028-02-29')
    expect(addMonths('2027-08-31', 18)).toBe('2029-02-28')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15')
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28')
  })
})

describe('addDays', () => {
  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2026-11-22', 45)).toBe('2027-01-06')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-01-10', -25)).toBe('2025-12-16')
  })
})

describe('pipelinePlacement', () => {
  const today = '2026-11-22'
  it('shows planned and advertised plans from today to 18 months ahead, both days included', () => {
    expect(pipelineWindow(today)).toEqual({ from: '2026-11-22', to: '2028-05-22' })
    expect(pipelinePlacement(plan('a', '2026-11-22'), today)).toBe('upcoming')
    expect(pipelinePlacement(plan('a', '2028-05-22', 'advertised'), today)).toBe('upcoming')
    expect(pipelinePlacement(plan('a', '2028-05-23'), today)).toBeNull()
  })
  it('marks a plan still only planned after its date as overdue, but not an advertised one', () => {
    expect(pipelinePlacement(plan('a', '2026-11-21'), today)).toBe('overdue')
    expect(pipelinePlacement(plan('a', '2026-11-21', 'advertised'), today)).toBeNull()
  })
  it('never shows awarded or cancelled plans', () => {
    expect(pipelinePlacement(plan('a', '2027-01-01', 'awarded'), today)).toBeNull()
    expect(pipelinePlacement(plan('a', '2026-01-01', 'cancelled'), today)).toBeNull()
  })
})

describe('pipelineQuarter', () => {
  it('is the UK financial quarter, labelled by its months', () => {
    expect(pipelineQuarter('2026-04-01')).toEqual({
      key: '2026-27 Q1',
      label: 'April to June 2026',
      from: '2026-04-01',
      to: '2026-06-30',
    })
    expect(pipelineQuarter('2027-03-31')).toMatchObject({ key: '2026-27 Q4', label: 'January to March 2027' })
    expect(pipelineQuarter('2026-12-31')).toMatchObject({ key: '2026-27 Q3', from: '2026-10-01', to: '2026-12-31' })
  })
  it('lists the quarters between two dates', () => {
    expect(quartersBetween('2026-11-22', '2028-05-22').map((q) => q.key)).toEqual([
      '2026-27 Q3',
      '2026-27 Q4',
      '2027-28 Q1',
      '2027-28 Q2',
      '2027-28 Q3',
      '2027-28 Q4',
      '2028-29 Q1',
    ])
  })
})

describe('groupPipeline', () => {
  it('puts overdue plans first, then each quarter with plans, in date then reference order', () => {
    const groups = groupPipeline(
      [
        plan('B', '2027-01-10'),
        plan('A', '2027-01-10'),
        plan('late', '2026-10-01'),
        plan('gone', '2026-10-01', 'awarded'),
        plan('far', '2030-01-01'),
        plan('soon', '2026-12-01', 'advertised'),
        plan('next year', '2027-04-01'),
      ],
      '2026-11-22',
    )
    expect(groups.map((g) => [g.key, g.plans.map((p) => p.reference)])).toEqual([
      ['overdue', ['late']],
      ['2026-27 Q3', ['soon']],
      ['2026-27 Q4', ['A', 'B']],
      ['2027-28 Q1', ['next year']],
    ])
    expect(groups[0]!.overdue).toBe(true)
  })
})
