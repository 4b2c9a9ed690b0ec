import { describe, expect, it } from 'vitest'
import {
  checkPlanForm,
  dateFromParts,
  datePartsInError,
  draftInputFromForm,
  planFormErrors,
  quarterRange,
} from './pipeline.schema.js'

const date = (day: string, month: string, year: string) => ({
  'expectedAdvertDate-day': day,
  'expectedAdvertDate-month': month,
  'expectedAdvertDate-year': year,
})

describe('dateFromParts', () => {
  it('turns day, month and year into an ISO date', () => {
    expect(dateFromParts(date('1', '2', '2027'), 'expectedAdvertDate')).toEqual({ date: '2027-02-01' })
    expect(dateFromParts(date(' 29 ', '02', '2028'), 'expectedAdvertDate')).toEqual({ date: '2028-02-29' })
  })
  it('says what is missing or wrong, as the GOV.UK date input pattern does', () => {
    expect(dateFromParts(date('', '', ''), 'expectedAdvertDate').error).toBe('Enter the expected advertisement date')
    expect(dateFromParts({}, 'expectedStartDate')).toEqual({ date: null, error: undefined })
    expect(dateFromParts(date('', '2', ''), 'expectedAdvertDate').error).toBe(
      'Expected advertisement date must include a day and year',
    )
    expect(dateFromParts(date('29', '2', '2027'), 'expectedAdvertDate').error).toBe(
      'Expected advertisement date must be a real date',
    )
    expect(dateFromParts(date('1', 'Feb', '2027'), 'expectedAdvertDate').error).toBe(
      'Expected advertisement date must be a real date',
    )
  })
  it('highlights only the missing parts, or all three', () => {
    expect(datePartsInError(date('1', '', '2027'), 'expectedAdvertDate')).toEqual(['month'])
    expect(datePartsInError(date('31', '2', '2027'), 'expectedAdvertDate')).toEqual(['day', 'month', 'year'])
    expect(datePartsInError(date('1', '2', '2027'), 'expectedAdvertDate')).toEqual([])
    expect(planFormErrors({ expectedAdvertDate: 'x' }, date('1', '', '')).list[0]!.href).toBe(
      '#expectedAdvertDate-month',
    )
  })
})

describe('draftInputFromForm', () => {
  it('files the plan under the chosen category, putting a code from it first', () => {
    expect(draftInputFromForm({ category: '77' }).cpvCodes).toEqual(['77000000'])
    expect(draftInputFromForm({ category: '77', cpvCodes: '45000000, 77313000-7' }).cpvCodes).toEqual([
      '77313000-7',
      '45000000',
    ])
    expect(draftInputFromForm({ category: '77', cpvCodes: '45000000' }).cpvCodes).toEqual(['77000000', '45000000'])
    expect(draftInputFromForm({ cpvCodes: '45000000 90600000' }).cpvCodes).toEqual(['45000000', '90600000'])
  })
  it('reads money with a pound sign and commas, and the suitability boxes', () => {
    const input = draftInputFromForm({ estimatedValue: '£1,250,000.50', suitability: ['vcse'] })
    expect(input).toMatchObject({ estimatedValue: '1250000.50', suitableForSme: false, suitableForVcse: true })
  })
  it('reports a category that is not in the list', () => {
    expect(checkPlanForm({ category: '99' }).category).toBe('Choose a category from the list')
  })
})

describe('quarterRange', () => {
  it('gives the first and last day of a financial quarter', () => {
    expect(quarterRange('2026-27 Q1')).toEqual({ from: '2026-04-01', to: '2026-06-30' })
    expect(quarterRange('2026-27 Q4')).toEqual({ from: '2027-01-01', to: '2027-03-31' })
    expect(quarterRange('2026-28 Q1')).toBeUndefined()
    expect(quarterRange('2026 Q1')).toBeUndefined()
  })
})
