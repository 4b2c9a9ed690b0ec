// `cwb suppliers import`, run in process against an embedded database in a temporary folder.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, useCliDataDir } from './helpers/cli.js'

const SAMPLE = fileURLToPath(new URL('./fixtures/vendor-master-sample.csv', import.meta.url))
const dataDir = useCliDataDir('cwb-suppliers-cli-')

beforeAll(async () => {
  expect(
    (await cli('org', 'add', '--id', 'leeds', '--name', 'Leeds', '--type', 'council', '--home', 'E08000035')).code,
  ).toBe(0)
})

describe('cwb suppliers import', () => {
  it('loads a vendor master, and changes nothing the second time', async () => {
    const first = await cli('suppliers', 'import', SAMPLE, '--org', 'leeds')
    expect(first).toMatchObject({ code: 0, err: '' })
    expect(first.out).toBe(`Read 8 suppliers from ${SAMPLE}: 8 added, 0 updated, 0 already up to date.\n`)
    const second = await cli('suppliers', 'import', SAMPLE, '--org', 'leeds', '--json')
    expect(second.code).toBe(0)
    expect(JSON.parse(second.out)).toEqual({ rows: 8, created: 0, updated: 0, unchanged: 8 })
  })

  it('refuses a file with bad rows, one line per problem, and imports none of it', async () => {
    const bad = path.join(dataDir(), 'bad.csv')
    fs.writeFileSync(bad, 'Name,Company number,Employees\nNew Firm Ltd,,3\nBroken Ltd,XYZ,lots\n')
    const result = await cli('suppliers', 'import', bad, '--org', 'leeds')
    expect(result.code).toBe(1)
    expect(result.err.trim().split('\n')).toEqual([
      'cwb: Row 3 of the vendor master has 2 errors, so nothing was imported',
      '  row 3: Company number "XYZ" is not a Companies House number',
      '  row 3: Employees must be a whole number, not "lots"',
    ])
    const again = await cli('suppliers', 'import', SAMPLE, '--org', 'leeds', '--json')
    expect(JSON.parse(again.out)).toMatchObject({ created: 0 })
  })

  it('says so when the file or the organisation does not exist', async () => {
    expect((await cli('suppliers', 'import', '/no/such/file.csv', '--org', 'leeds')).err).toMatch(
      /^cwb: There is no file/,
    )
    expect((await cli('suppliers', 'import', SAMPLE, '--org', 'nowhere')).code).toBe(1)
  })
})
