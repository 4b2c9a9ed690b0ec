// `cwb sv …` on an embedded database: the framework's CSV and JSON exports load back unchanged, a commitments file
// with a bad row fails with the row named and stores nothing, and the report prints the £ as two-decimal strings.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { insertContract } from '../src/db/repositories/contract.repository.js'
import { emptyContractDraft } from '../src/domain/contracts/contract.js'
import { cli, useCliDataDir } from './helpers/cli.js'

useCliDataDir('cwb-sv-cli-')
let dir: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-sv-files-'))
  expect(
    (await cli('org', 'add', '--id', 'islington', '--name', 'Islington', '--type', 'council', '--home', 'E09000019'))
      .code,
  ).toBe(0)
  const runtime = await boot(loadConfig())
  try {
    await insertContract(runtime.db, {
      organisationId: 'islington',
      draft: emptyContractDraft('IC-100', 'Street cleaning'),
      actorUserId: null,
      source: 'manual',
    })
  } finally {
    await runtime.close()
  }
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (name: string, text: string) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

describe('cwb sv framework', () => {
  it('exports the shipped framework as CSV and JSON, and both load back with nothing changed', async () => {
    const csv = await cli('sv', 'framework', 'export')
    expect(csv.code).toBe(0)
    expect(csv.out.split('\r\n')[0]).toBe(
      'framework_id,framework_name,framework_description,framework_licence,framework_owner,theme,outcome_code,outcome_name,measure_code,measure_name,unit,description,evidence,proxy_valid_from,proxy_value,proxy_source,proxy_source_year,proxy_reference,proxy_is_assumption,proxy_note',
    )
    expect(csv.out).toContain('ISL-E1')
    const json = await cli('sv', 'framework', 'export', '--framework', 'islington-2020', '--json')
    const fw = JSON.parse(json.out)
    expect(fw.outcomes.flatMap((o: { measures: unknown[] }) => o.measures)).toHaveLength(16)

    const fromCsv = await cli('sv', 'framework', 'import', write('fw.csv', csv.out), '--json')
    expect(fromCsv.code).toBe(0)
    expect(JSON.parse(fromCsv.out)).toMatchObject({
      framework: 'unchanged',
      measures: { created: 0, updated: 0, unchanged: 16 },
      proxies: { added: 0 },
    })
    const fromJson = await cli('sv', 'framework', 'import', write('fw.json', json.out), '--json')
    expect(JSON.parse(fromJson.out)).toMatchObject({ framework: 'unchanged', proxies: { added: 0 } })
    expect((await cli('sv', 'framework', 'export')).out).toBe(csv.out)
  })

  it('loads a licensed framework from CSV and appends a new proxy version', async () => {
    const header = (await cli('sv', 'framework', 'export')).out.split('\r\n')[0]
    const row = (from: string, value: string) =>
      `toms-lite,TOMs lite,,Licensed,islington,economic,JOBS,Jobs,T1,Local jobs,FTE,,,${from},${value},Licensed table,2025,,no,`
    const first = await cli(
      'sv',
      'framework',
      'import',
      write('lic.csv', [header, row('2025-04-01', '30000')].join('\n')),
      '--json',
    )
    expect(JSON.parse(first.out)).toMatchObject({ framework: 'created', proxies: { added: 1 } })
    const second = await cli(
      'sv',
      'framework',
      'import',
      write('lic2.csv', [header, row('2025-04-01', '30000'), row('2026-04-01', '31000')].join('\n')),
      '--json',
    )
    expect(JSON.parse(second.out)).toMatchObject({ framework: 'unchanged', proxies: { added: 1, unchanged: 1 } })
    const bad = await cli(
      'sv',
      'framework',
      'import',
      write('lic3.csv', [header, row('2025-04-01', '35000')].join('\n')),
    )
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('T1: the proxy value from 2025-04-01 is £30000.00; it cannot become £35000.00')
    const list = JSON.parse((await cli('sv', 'framework', 'list', '--json')).out)
    expect(list.map((f: { id: string }) => f.id).sort()).toEqual(['islington-2020', 'toms-lite'])
  })
})

describe('cwb sv commitments, returns and report', () => {
  it('names the bad rows and stores nothing, then loads the corrected file', async () => {
    const header = 'contract_reference,measure_code,period_start,period_end,target_quantity'
    const bad = await cli(
      'sv',
      'commitments',
      'import',
      write(
        'c-bad.csv',
        [header, 'IC-100,ISL-E1,2025-04-01,2026-03-31,2', 'IC-100,ISL-N1,2025-04-01,2026-03-31,ten'].join('\n'),
      ),
      '--org',
      'islington',
    )
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('row 3: target_quantity "ten" is not a number')
    expect(bad.err).toContain('nothing was stored')
    const good = await cli(
      'sv',
      'commitments',
      'import',
      write(
        'c.csv',
        [header, 'IC-100,ISL-E1,2025-04-01,2026-03-31,2', 'IC-100,ISL-N1,2025-04-01,2026-03-31,10'].join('\n'),
      ),
      '--org',
      'islington',
      '--json',
    )
    expect(JSON.parse(good.out)).toMatchObject({ rowsRead: 2, created: 2 })
    const returns = await cli(
      'sv',
      'returns',
      'import',
      write(
        'r.csv',
        [
          'contract_reference,measure_code,period_start,period_end,actual_quantity,evidence',
          'IC-100,ISL-E1,2025-04-01,2025-09-30,1.5,Payroll',
          'IC-100,ISL-N1,2025-04-01,2025-12-31,4,Telematics',
          'IC-100,ISL-N1,2026-01-01,2026-03-31,2,Telematics',
        ].join('\n'),
      ),
      '--org',
      'islington',
      '--json',
    )
    expect(JSON.parse(returns.out)).toMatchObject({ created: 3 })
  })

  it('prints the report with two-decimal amounts', async () => {
    const result = await cli(
      'sv',
      'report',
      '--org',
      'islington',
      '--from',
      '2025-04-01',
      '--to',
      '2026-03-31',
      '--json',
    )
    expect(result.code).toBe(0)
    const report = JSON.parse(result.out)
    // committed 2 × 10,025 + 10 × 260 (2025 carbon value) = 22,650.00
    // delivered 1.5 × 10,025 + 4 × 260 + 2 × 264 (2026 carbon value) = 15,037.50 + 1,040 + 528 = 16,605.50
    expect(report.committed).toEqual({ amount: '22650.00' })
    expect(report.delivered).toEqual({ amount: '16605.50' })
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['byTheme', 'byMeasure', 'byContract', 'rag']))
    const text = await cli('sv', 'report', '--org', 'islington')
    expect(text.out).toContain('£22,650.00')
    expect((await cli('sv', 'report')).err).toContain('Give either --org or --network')
  })
})
