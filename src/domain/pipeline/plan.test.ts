import { describe, expect, it } from 'vitest'
import { isRealDate, parsePlanDraft, planCategory, samePlan, type PlanDraft } from './plan.js'

export const draft = (extra: Partial<Record<keyof PlanDraft, unknown>> = {}) => ({
  reference: ' PP-001 ',
  title: 'Grounds maintenance',
  description: '',
  department: 'Environment',
  cpvCodes: ['77313000-7'],
  estimatedValue: '120000',
  expectedAdvertDate: '2027-02-01',
  expectedStartDate: '2027-06-01',
  procurementRoute: 'open',
  lots: 'Lot 1: parks; Lot 2: estates',
  suitableForSme: true,
  suitableForVcse: false,
  contactName: 'Procurement team',
  contactEmail: 'procurement@example.gov.uk',
  status: 'planned',
  ...extra,
})

function messages(input: unknown) {
  const result = parsePlanDraft(input)
  if (result.success) return {}
  const out: Record<string, string> = {}
  for (const i of result.error.issues) out[String(i.path[0])] ??= i.message
  return out
}

describe('parsePlanDraft', () => {
  it('normalises a good draft: trimmed, money to pence, CPV codes to 8 digits, blanks to null', () => {
    const result = parsePlanDraft(draft())
    expect(result.success).toBe(true)
    expect(result.data).toMatchObject({
      reference: 'PP-001',
      description: null,
      cpvCodes: ['77313000'],
      estimatedValue: '120000.00',
    })
    expect(planCategory(result.data!)).toBe(
      'Agricultural, forestry, horticultural, aquacultural and apicultural services',
    )
  })

  it('says what is missing or wrong, in GOV.UK style', () => {
    expect(
      messages(draft({ reference: ' ', title: '', cpvCodes: [], expectedAdvertDate: '', estimatedValue: '12,5' })),
    ).toEqual({
      reference: 'Enter a reference',
      title: 'Enter a title',
      cpvCodes: 'Choose a category',
      estimatedValue: 'Estimated value must be an amount in pounds, like 75000 or 75000.50',
      expectedAdvertDate: 'Enter the expected advertisement date',
    })
    expect(messages(draft({ cpvCodes: ['12345678'] })).cpvCodes).toBe(
      '“12345678” is not a CPV code: enter 8 digits, like 45000000',
    )
    expect(messages(draft({ expectedAdvertDate: '2027-02-30' })).expectedAdvertDate).toBe(
      'Expected advertisement date must be a real date',
    )
    expect(messages(draft({ contactEmail: 'procurement team' })).contactEmail).toBe(
      'Enter a contact email address in the correct format, like procurement@example.gov.uk',
    )
    expect(messages(draft({ status: 'open' })).status).toBe('Choose a status')
  })

  it('needs the contract to start on or after the advertisement', () => {
    expect(messages(draft({ expectedStartDate: '2027-01-31' })).expectedStartDate).toBe(
      'Expected contract start date must be the same as or after the expected advertisement date',
    )
    expect(messages(draft({ expectedStartDate: '2027-02-01' }))).toEqual({})
  })
})

describe('isRealDate and samePlan', () => {
  it('knows real dates', () => {
    expect(['2028-02-29', '2027-12-31'].map(isRealDate)).toEqual([true, true])
    expect(['2027-02-29', '2027-13-01', '27-01-01'].map(isRealDate)).toEqual([false, false, false])
  })
  it('compares what a plan says', () => {
    const a = parsePlanDraft(draft()).data!
    expect(samePlan(a, { ...a })).toBe(true)
    expect(samePlan(a, { ...a, cpvCodes: ['77313000', '90611000'] })).toBe(false)
  })
})
