import { describe, expect, it } from 'vitest'
import { interpretPlanRow, mapPlanColumns, planRouteFromText, planStatusFromText } from './plan-file.js'

const header = [
  'Reference',
  'Title',
  'Department',
  'CPV codes',
  'Estimated value',
  'Expected advertisement date',
  'Expected contract start',
  'Procurement route',
  'Suitable for SMEs',
  'Suitable for VCSEs',
  'Contact email',
  'Status',
  'Notes',
]

describe('mapPlanColumns', () => {
  it('finds the columns by name, whatever their case and punctuation, and lists those it does not use', () => {
    const { mapping, unused } = mapPlanColumns(header.map((h) => h.toUpperCase()))
    expect(mapping).toMatchObject({ reference: 0, title: 1, expectedAdvertDate: 5, status: 11 })
    expect(unused).toEqual(['NOTES'])
    expect(mapPlanColumns(['Ref', 'Project title', 'Advert date']).mapping).toEqual({
      reference: 0,
      title: 1,
      expectedAdvertDate: 2,
    })
  })
  it('is not a header without a reference, a title and an advertisement date', () => {
    expect(mapPlanColumns(['Reference', 'Title']).mapping).toBeNull()
  })
})

describe('interpretPlanRow', () => {
  const { mapping } = mapPlanColumns(header)
  const row = (cells: string[]) => interpretPlanRow(cells, mapping!)

  it('reads a row as councils write it', () => {
    const outcome = row([
      'PP-1',
      'Cleaning',
      'Facilities',
      '90911200-8; 90919000',
      '£1,250,000',
      '01/03/2027',
      '1 July 2027',
      'ITT',
      'Y',
      'no',
      'facilities@example.gov.uk',
      '',
      'ignored',
    ])
    expect(outcome).toEqual({
      kind: 'plan',
      draft: expect.objectContaining({
        reference: 'PP-1',
        cpvCodes: ['90911200', '90919000'],
        estimatedValue: '1250000.00',
        expectedAdvertDate: '2027-03-01',
        expectedStartDate: '2027-07-01',
        procurementRoute: 'open',
        suitableForSme: true,
        suitableForVcse: false,
        status: 'planned',
      }),
    })
  })

  it('gives every reason a row is rejected, naming the column and the value', () => {
    const outcome = row([
      '',
      'Cleaning',
      '',
      '',
      '-5',
      '31/02/2027',
      '',
      'by magic',
      'maybe',
      '',
      'someone',
      'open',
      '',
    ])
    expect(outcome.kind).toBe('rejected')
    expect(outcome.kind === 'rejected' && outcome.reason.split('; ')).toEqual([
      'Enter a reference',
      'CPV codes are missing',
      'Estimated value “-5” is not an amount in pounds',
      'Expected advertisement date “31/02/2027” is not a date',
      'Procurement route “by magic” is not one cwb knows',
      'Suitable for SMEs “maybe” must be Yes or No',
      'Enter a contact email address in the correct format, like procurement@example.gov.uk',
      'Status “open” must be Planned, Advertised, Awarded or Cancelled',
    ])
  })

  it('skips blank rows', () => {
    expect(row(header.map(() => ' '))).toEqual({ kind: 'blank' })
  })
})

describe('routes and statuses', () => {
  it('reads cwb’s own labels back, and registers’ words', () => {
    expect(['Open tender', 'other', 'Call-off from a framework', 'Direct award', ''].map(planRouteFromText)).toEqual([
      { ok: true, value: 'open' },
      { ok: true, value: 'other' },
      { ok: true, value: 'framework' },
      { ok: true, value: 'direct' },
      { ok: true, value: null },
    ])
    expect(['Advertised', 'awarded', '', 'done'].map(planStatusFromText)).toEqual([
      'advertised',
      'awarded',
      'planned',
      null,
    ])
  })
})
