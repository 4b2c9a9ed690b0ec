// `cwb reference import …`, run in process against an embedded database in a temporary folder.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cli, useCliDataDir } from '../../../test/helpers/cli.js'

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url))
const dataDir = useCliDataDir('cwb-reference-cli-')

describe('cwb reference import', () => {
  it('imports postcodes and prints a summary, with one final progress line when stderr is not a terminal', async () => {
    const result = await cli('reference', 'import', 'postcodes', fixture('nspl-sample.csv'))
    expect(result.code).toBe(0)
    expect(result.out).toMatch(
      /^Imported 30 of 32 rows into the postcodes register \(2 skipped, 0 rejected\) in [\d.]+ s/,
    )
    expect(result.err.trim().split('\n')).toHaveLength(1)
    expect(result.err).toMatch(/^Read 32 postcodes rows from nspl-sample.csv \([\d.]+ s\)/)
  })

  it('prints JSON with --json', async () => {
    const result = await cli('reference', 'import', 'charities', fixture('charity-register-sample.txt'), '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.out)).toMatchObject({
      register: 'charities',
      rowsRead: 12,
      imported: 10,
      skipped: 2,
      rejections: [],
    })
  })

  it('explains a missing file or a file of the wrong kind in one line', async () => {
    const missing = await cli('reference', 'import', 'companies', path.join(dataDir(), 'nope.csv'))
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/^cwb: There is no file .*nope\.csv\n$/)

    const wrong = await cli('reference', 'import', 'companies', fixture('nspl-sample.csv'))
    expect(wrong.code).toBe(1)
    expect(wrong.err).toMatch(/cwb: nspl-sample.csv has no CompanyNumber column/)
  })

  it('refuses an unknown register', async () => {
    const result = await cli('reference', 'import', 'trusts', fixture('nspl-sample.csv'))
    expect(result.code).not.toBe(0)
  })
})
