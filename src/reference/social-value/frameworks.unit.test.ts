// The shipped framework's proxy values against their sources: every value citing a Unit Cost Database line must be
// that line's cost uprated to 2013/14, read from the published CSVs; every other value is either a stated
// assumption or cites a source and year.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { parseMoneyPence } from '../../domain/social-value/quantity.js'
import { loadShippedFrameworks } from './frameworks.js'

const UCD = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../../shared/data/social-value/unit-cost-database-2014',
)

/** Every UCD line by code: [theme, sub-theme, code, description, agency, sub-agency, unit, cost, base year, 2013/14 cost, …]. */
function readUcd(): Map<string, string[]> {
  const lines = new Map<string, string[]>()
  for (const file of fs.readdirSync(UCD).filter((f) => f.endsWith('.csv'))) {
    const rows = parse(fs.readFileSync(path.join(UCD, file), 'utf8'), { relax_column_count: true }) as string[][]
    for (const row of rows) if (row[2]) lines.set(row[2].trim(), row)
  }
  return lines
}

describe('the shipped Islington framework', () => {
  const [framework] = loadShippedFrameworks()
  const proxies = framework!.outcomes.flatMap((o) =>
    o.measures.flatMap((m) => m.proxies.map((p) => ({ measure: m.code, ...p }))),
  )

  it('has the measures the strategy names, in all three themes', () => {
    expect(framework!.outcomes.map((o) => o.theme)).toEqual(
      expect.arrayContaining(['economic', 'social', 'environmental']),
    )
    const names = framework!.outcomes.flatMap((o) => o.measures.map((m) => m.name.toLowerCase()))
    for (const words of [
      'local people employed',
      'apprenticeship',
      'target groups',
      'sub-regional',
      'small and medium',
      'social enterprises and co-operatives',
      'carbon',
      'single-use plastic',
      'food waste',
    ])
      expect(
        names.some((n) => n.includes(words)),
        words,
      ).toBe(true)
  })

  it('cites a Unit Cost Database line whose 2013/14 cost is the value shipped', () => {
    const ucd = readUcd()
    const cited = proxies.filter((p) => p.reference.startsWith('UCD '))
    expect(cited.length).toBeGreaterThanOrEqual(5)
    for (const p of cited) {
      const line = ucd.get(p.reference.slice(4))
      expect(line, p.reference).toBeDefined()
      const uprated = parseMoneyPence(line![9]!.trim())
      expect(uprated, `${p.reference} ${line![9]}`).toBeDefined()
      expect(parseMoneyPence(p.value), `${p.measure} ${p.reference}`).toBe(uprated)
      expect(p.sourceYear).toBe('2013/14')
      expect(p.source).toContain(p.reference.slice(4))
    }
  })

  it('marks every value without a published source as an assumption, and cites the rest', () => {
    for (const p of proxies) {
      expect(p.source.length, p.measure).toBeGreaterThan(10)
      if (!p.reference) expect(p.isAssumption, p.measure).toBe(true)
      if (p.isAssumption) expect(p.source.startsWith('Assumption'), p.measure).toBe(true)
    }
  })
})
