// `cwb suppliers import`, run in process against an embedded database in a temporary folder.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/cli/program.js'

const SAMPLE = fileURLToPath(new URL('./fixtures/vendor-master-sample.csv', import.meta.url))
let dataDir: string
const saved = { ...process.env }

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-suppliers-cli-'))
  delete process.env.DATABASE_URL
  process.env.CWB_DATA_DIR = dataDir
  process.env.CWB_DEMO = 'false'
  expect(
    (await cli('org', 'add', '--id', 'leeds', '--name', 'Leeds', '--type', 'council', '--home', 'E08000035')).code,
  ).toBe(0)
})
afterAll(() => {
  process.env = saved
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
  try {
    return { code: await runCli(args), out, err }
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
}

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
    const bad = path.join(dataDir, 'bad.csv')
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
