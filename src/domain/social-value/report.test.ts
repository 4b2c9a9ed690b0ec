import { describe, expect, it } from 'vitest'
import { buildSocialValueReport, type ReportInput } from './report.js'

const carbon = {
  id: 'm-carbon',
  code: 'N1',
  name: 'Carbon saved',
  unit: 't',
  theme: 'environmental' as const,
  proxies: [
    { validFrom: '2025-01-01', value: '260.00' },
    { validFrom: '2026-01-01', value: '264.00' },
  ],
}
const jobs = {
  id: 'm-jobs',
  code: 'E1',
  name: 'Local jobs',
  unit: 'FTE-year',
  theme: 'economic' as const,
  proxies: [{ validFrom: '2020-04-01', value: '10025.00' }],
}
const plastic = {
  id: 'm-plastic',
  code: 'N2',
  name: 'Plastic',
  unit: 'kg',
  theme: 'environmental' as const,
  proxies: [],
}

const base: ReportInput = {
  from: '2025-04-01',
  to: '2026-03-31',
  today: '2026-06-01',
  dueDays: 30,
  thresholds: { greenPercent: 100, amberPercent: 75 },
  measures: [jobs, carbon, plastic],
  contracts: [{ id: 'k1', organisationId: 'org', reference: 'C-1', title: 'Cleaning', department: 'Environment' }],
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
      contractId: 'k1',
      measureId: 'm-carbon',
      periodStart: '2025-10-01',
      periodEnd: '2025-12-31',
      targetQuantity: '10',
    },
    {
      id: 'c3',
      contractId: 'k1',
      measureId: 'm-carbon',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      targetQuantity: '10',
    },
    {
      id: 'c4',
      contractId: 'k1',
      measureId: 'm-plastic',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      targetQuantity: '100',
    },
  ],
  returns: [
    {
      contractId: 'k1',
      measureId: 'm-jobs',
      periodStart: '2025-04-01',
      periodEnd: '2025-06-30',
      actualQuantity: '0.5',
      status: 'accepted',
    },
    {
      contractId: 'k1',
      measureId: 'm-jobs',
      periodStart: '2025-07-01',
      periodEnd: '2025-09-30',
      actualQuantity: '0.75',
      status: 'accepted',
    },
    {
      contractId: 'k1',
      measureId: 'm-jobs',
      periodStart: '2025-10-01',
      periodEnd: '2025-12-31',
      actualQuantity: '5',
      status: 'rejected',
    },
    {
      contractId: 'k1',
      measureId: 'm-carbon',
      periodStart: '2025-10-01',
      periodEnd: '2025-12-31',
      actualQuantity: '10.333',
      status: 'accepted',
    },
    {
      contractId: 'k1',
      measureId: 'm-carbon',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      actualQuantity: '7.5',
      status: 'accepted',
    },
    {
      contractId: 'k1',
      measureId: 'm-plastic',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      actualQuantity: '100',
      status: 'submitted',
    },
  ],
}

describe('the social value report', () => {
  it('values commitments and accepted returns at the proxy in force at each period’s start', () => {
    const r = buildSocialValueReport(base)
    // committed: 2 × 10,025 + 10 × 260 + 10 × 264 + plastic (no proxy) = 20,050 + 2,600 + 2,640 = 25,290.00
    expect(r.committed).toEqual({ amount: '25290.00' })
    // delivered: 0.5 × 10,025 = 5,012.50; 0.75 × 10,025 = 7,518.75; 10.333 × 260 = 2,686.58; 7.5 × 264 = 1,980.00
    expect(r.delivered).toEqual({ amount: '17197.83' })
    expect(r.byTheme).toEqual([
      { theme: 'economic', committed: { amount: '20050.00' }, delivered: { amount: '12531.25' }, unitsOnly: false },
      { theme: 'social', committed: { amount: '0.00' }, delivered: { amount: '0.00' }, unitsOnly: false },
      { theme: 'environmental', committed: { amount: '5240.00' }, delivered: { amount: '4666.58' }, unitsOnly: false },
    ])
  })

  it('tells a theme, measure or contract counted in units only from one with nothing promised or delivered', () => {
    const volunteering = {
      ...plastic,
      id: 'm-volunteering',
      code: 'S1',
      name: 'Volunteering',
      theme: 'social' as const,
    }
    const r = buildSocialValueReport({
      ...base,
      measures: [...base.measures, volunteering],
      contracts: [
        ...base.contracts,
        { id: 'k2', organisationId: 'org', reference: 'C-2', title: 'Youth work', department: null },
      ],
      commitments: [
        ...base.commitments,
        {
          id: 'c5',
          contractId: 'k2',
          measureId: 'm-volunteering',
          periodStart: '2025-04-01',
          periodEnd: '2025-06-30',
          targetQuantity: '40',
        },
      ],
    })
    const social = r.byTheme.find((t) => t.theme === 'social')!
    expect(social).toEqual({
      theme: 'social',
      committed: { amount: '0.00' },
      delivered: { amount: '0.00' },
      unitsOnly: true,
    })
    // Plastic has no proxy either, but carbon values the rest of the environmental theme.
    expect(r.byTheme.find((t) => t.theme === 'environmental')!.unitsOnly).toBe(false)
    expect(r.byMeasure.map((m) => [m.code, m.unitsOnly, m.committedQuantity])).toEqual([
      ['E1', false, '2'],
      ['N1', false, '20'],
      ['N2', true, '100'],
      ['S1', true, '40'],
    ])
    expect(r.byContract.map((c) => [c.reference, c.unitsOnly])).toEqual([
      ['C-1', false],
      ['C-2', true],
    ])
  })

  it('gives each commitment a status and rolls them up', () => {
    const r = buildSocialValueReport(base)
    const status = Object.fromEntries(r.rag.commitments.map((c) => [c.commitmentId, [c.status, c.percent]]))
    expect(status).toEqual({
      c1: ['red', '62.5'], // 1.25 of 2 FTE-years
      c2: ['green', '103.3'],
      c3: ['amber', '75.0'],
      c4: ['red', '0.0'], // the plastic return is only submitted, not accepted
    })
    // weighted by committed £, capped: (12,531.25 + 2,600 + 1,980) / (20,050 + 2,600 + 2,640) = 67.7%
    expect(r.rag.overall).toMatchObject({
      status: 'red',
      percent: '67.7',
      counts: { green: 1, amber: 1, red: 2, 'not-due': 0 },
    })
    expect(r.byContract[0]!.rag.status).toBe('red')
    expect(r.rag.byDepartment).toEqual([{ department: 'Environment', rag: r.rag.overall }])
  })

  it('waits for due dates and keeps to the range', () => {
    const early = buildSocialValueReport({ ...base, today: '2026-04-15' })
    expect(early.rag.commitments.find((c) => c.commitmentId === 'c3')!.status).toBe('not-due')
    const q3 = buildSocialValueReport({ ...base, from: '2025-10-01', to: '2025-12-31' })
    expect(q3.committed.amount).toBe('2600.00')
    expect(q3.delivered.amount).toBe('2686.58')
  })
})
