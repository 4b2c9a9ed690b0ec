import { describe, expect, it } from 'vitest'
import { buildSocialValueReport } from '../../domain/social-value/report.js'
import { socialValueReportText } from './sv-report-text.js'

const report = buildSocialValueReport({
  from: '2025-04-01',
  to: '2026-03-31',
  today: '2026-06-01',
  dueDays: 30,
  thresholds: { greenPercent: 100, amberPercent: 75 },
  measures: [
    {
      id: 'm-jobs',
      code: 'E1',
      name: 'Local jobs',
      unit: 'FTE-year',
      theme: 'economic',
      proxies: [{ validFrom: '2020-04-01', value: '10025.00' }],
    },
    { id: 'm-vol', code: 'S1', name: 'Volunteering', unit: 'hours', theme: 'social', proxies: [] },
  ],
  contracts: [
    { id: 'k1', organisationId: 'org', reference: 'C-1', title: 'Cleaning', department: null },
    { id: 'k2', organisationId: 'org', reference: 'C-2', title: 'Youth work', department: null },
  ],
  commitments: [
    {
      id: 'c1',
      contractId: 'k1',
      measureId: 'm-jobs',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      targetQuantity: '2',
    },
    {
      id: 'c2',
      contractId: 'k2',
      measureId: 'm-vol',
      periodStart: '2025-04-01',
      periodEnd: '2025-06-30',
      targetQuantity: '40',
    },
  ],
  returns: [],
})

describe('the social value report as text', () => {
  const text = socialValueReportText(report, 'Social value of Org')
  const lineOf = (start: string) => text.split('\n').find((l) => l.trimStart().startsWith(start)) ?? ''

  it('prints pounds for priced lines', () => {
    expect(lineOf('Total')).toContain('£20,050.00')
    expect(lineOf('economic')).toContain('£20,050.00')
    expect(lineOf('E1 Local jobs')).toContain('£20,050.00')
  })

  it('says "units only" where no proxy value prices a line, never £0.00, and a measure gives its quantities', () => {
    expect(lineOf('social')).toMatch(/units only\s+units only$/)
    expect(lineOf('S1 Volunteering')).toMatch(/40 hours\s+0 hours$/)
    expect(lineOf('C-2 Youth work')).toMatch(/units only\s+units only\s+red$/)
    for (const start of ['social', 'S1 Volunteering', 'C-2 Youth work']) expect(lineOf(start)).not.toContain('£')
    expect(text).toContain('the £ totals leave them out')
  })
})
