import { describe, expect, it } from 'vitest'
import { locateColumns, parseSvRow, splitEvidence, svRowKey } from './import-rows.js'

describe('commitment and return rows', () => {
  it('finds the columns whatever their case and spacing, and names the missing ones', () => {
    expect(
      locateColumns(
        ['Contract Reference', 'measure_code', 'Period Start', 'period-end', 'TARGET_QUANTITY'],
        'commitments',
      ),
    ).toMatchObject({ ok: true })
    expect(locateColumns(['contract_reference', 'measure_code'], 'returns')).toEqual({
      ok: false,
      missing: ['period_start', 'period_end', 'actual_quantity'],
    })
  })

  it('checks each row and says what is wrong with it', () => {
    const located = locateColumns(
      ['contract_reference', 'measure_code', 'period_start', 'period_end', 'target_quantity'],
      'commitments',
    )
    if (!located.ok) throw new Error('columns')
    expect(parseSvRow(['C-1', 'ISL-E1', '2025-04-01', '2025-06-30', '2.50'], 7, located.index, 'commitments')).toEqual({
      ok: true,
      row: {
        rowNumber: 7,
        contractReference: 'C-1',
        measureCode: 'ISL-E1',
        periodStart: '2025-04-01',
        periodEnd: '2025-06-30',
        quantity: '2.5',
        evidence: '',
      },
    })
    expect(parseSvRow(['', 'ISL-E1', '2025-02-30', '2025-01-01', 'ten'], 8, located.index, 'commitments')).toEqual({
      ok: false,
      reasons: [
        'contract_reference is empty',
        'period_start "2025-02-30" is not a date written YYYY-MM-DD',
        'target_quantity "ten" is not a number of 0 or more with at most 3 decimal places',
      ],
    })
    expect(parseSvRow(['C-1', 'ISL-E1', '2025-04-01', '2025-06-30', '0.000'], 9, located.index, 'commitments')).toEqual(
      { ok: false, reasons: ['target_quantity is 0: a commitment promises something'] },
    )
  })

  it('keys rows by contract, measure and period, ignoring case', () => {
    const a = { contractReference: 'C-1', measureCode: 'isl-e1', periodStart: '2025-04-01', periodEnd: '2025-06-30' }
    expect(svRowKey(a)).toBe(svRowKey({ ...a, contractReference: 'c-1', measureCode: 'ISL-E1' }))
  })

  it('splits evidence into links and words', () => {
    expect(splitEvidence('Payroll extract https://example.org/a.pdf and http://x.test/b')).toEqual({
      links: ['https://example.org/a.pdf', 'http://x.test/b'],
      description: 'Payroll extract and',
    })
  })
})
