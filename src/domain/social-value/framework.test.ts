import { describe, expect, it } from 'vitest'
import {
  csvText,
  frameworkFromCsvRows,
  frameworkToCsvRows,
  parseFramework,
  proxyInForce,
  FRAMEWORK_CSV_COLUMNS,
  type Framework,
} from './framework.js'

const sample = {
  id: 'test-fw',
  name: 'Test framework',
  outcomes: [
    {
      code: 'JOBS',
      theme: 'economic',
      name: 'Jobs',
      measures: [
        {
          code: 'J1',
          name: 'Local people employed',
          unit: 'FTE-year',
          proxies: [
            { validFrom: '2025-10-01', value: '11000', source: 'Later source' },
            { validFrom: '2025-04-01', value: 10025, source: 'UCD E&E1.0', reference: 'UCD E&E1.0' },
          ],
        },
        { code: 'J2', name: 'Signposting', unit: 'person' },
      ],
    },
  ],
}

describe('frameworks', () => {
  it('validates and normalises a framework: proxy values to two decimals, in date order', () => {
    const parsed = parseFramework(sample)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const j1 = parsed.framework.outcomes[0]!.measures[0]!
    expect(j1.proxies.map((p) => [p.validFrom, p.value])).toEqual([
      ['2025-04-01', '10025.00'],
      ['2025-10-01', '11000.00'],
    ])
    expect(parsed.framework.ownerOrganisationId).toBeNull()
  })

  it('says where each problem is', () => {
    const bad = structuredClone(sample) as {
      outcomes: {
        theme: string
        measures: { code: string; proxies?: { value: unknown; validFrom: string; source: string }[] }[]
      }[]
    }
    bad.outcomes[0]!.theme = 'cultural'
    bad.outcomes[0]!.measures[0]!.proxies![0]!.value = 'lots'
    const parsed = parseFramework(bad)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors).toEqual([
      'JOBS › theme: The theme must be economic, social or environmental',
      'JOBS › J1 › 2025-10-01 › value: Enter the proxy value in pounds, like 10025 or 252.50',
    ])
    const twice = structuredClone(sample)
    twice.outcomes[0]!.measures[1]!.code = 'J1'
    const again = parseFramework(twice)
    expect(again.ok === false && again.errors).toEqual(['JOBS › J1 › code: Measure J1 appears twice'])
  })

  it('picks the proxy in force at a date: the latest from on or before it', () => {
    const proxies = [
      { validFrom: '2025-04-01', value: 'a' },
      { validFrom: '2025-10-01', value: 'b' },
    ]
    expect(proxyInForce(proxies, '2025-03-31')).toBeUndefined()
    expect(proxyInForce(proxies, '2025-04-01')?.value).toBe('a')
    expect(proxyInForce(proxies, '2025-09-30')?.value).toBe('a')
    expect(proxyInForce(proxies, '2025-10-01')?.value).toBe('b')
  })

  it('round-trips through CSV rows', () => {
    const parsed = parseFramework(sample)
    if (!parsed.ok) throw new Error('sample invalid')
    const rows = frameworkToCsvRows(parsed.framework)
    expect(rows[0]).toEqual([...FRAMEWORK_CSV_COLUMNS])
    expect(rows).toHaveLength(1 + 2 + 1) // two proxies of J1, one row for J2 without a proxy
    const keyed = rows.slice(1).map((cells, i) => ({
      rowNumber: i + 2,
      values: Object.fromEntries(FRAMEWORK_CSV_COLUMNS.map((c, j) => [c, cells[j]!])),
    }))
    const gathered = frameworkFromCsvRows(keyed)
    if (!gathered.ok) throw new Error(gathered.errors.join())
    const again = parseFramework(gathered.input)
    expect(again.ok && again.framework).toEqual(parsed.framework satisfies Framework)
  })

  it('names the row of a CSV problem', () => {
    const result = frameworkFromCsvRows([
      {
        rowNumber: 2,
        values: { framework_id: 'a', outcome_code: 'O', theme: 'economic', outcome_name: 'x', measure_code: 'M' },
      },
      { rowNumber: 3, values: { framework_id: 'b', outcome_code: 'O' } },
      {
        rowNumber: 4,
        values: {
          framework_id: 'a',
          outcome_code: 'O',
          theme: 'economic',
          outcome_name: 'x',
          measure_code: 'M',
          proxy_value: '1',
          proxy_is_assumption: 'maybe',
        },
      },
    ])
    expect(result).toEqual({
      ok: false,
      errors: ['Row 3: every row must be for framework a, not b', 'Row 4: proxy_is_assumption must be yes or no'],
    })
  })

  it('quotes CSV cells that need it', () => {
    expect(csvText([['a', 'b,c', 'say "hi"', '=1+1']])).toBe('a,"b,c","say ""hi""",=1+1\r\n')
  })
})
