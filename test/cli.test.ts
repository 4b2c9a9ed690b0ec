// The cwb command line, run in process against an embedded database in a temporary folder.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { cli, useCliDataDir } from './helpers/cli.js'

const run = promisify(execFile)
const dataDir = useCliDataDir('cwb-cli-')

describe('cwb org', () => {
  it('adds an organisation with neighbours and region from the shipped geography', async () => {
    const result = await cli(
      'org',
      'add',
      '--id',
      'islington-council',
      '--name',
      'Islington Council',
      '--type',
      'council',
      '--home',
      'E09000019',
      '--json',
    )
    expect(result.code).toBe(0)
    const org = JSON.parse(result.out)
    expect(org.home).toEqual([{ code: 'E09000019', name: 'Islington' }])
    expect(org.neighbours.map((a: { name: string }) => a.name).sort()).toEqual([
      'Camden',
      'City of London',
      'Hackney',
      'Haringey',
    ])
    expect(org.region).toEqual({ code: 'E12000007', name: 'London' })
  })

  it('takes neighbours and region when given: a place decides its own sub-region', async () => {
    const result = await cli(
      'org',
      'add',
      '--id',
      'two-boroughs',
      '--name',
      'Two Boroughs Trust',
      '--type',
      'nhs',
      '--home',
      'E09000019,E09000007',
      '--neighbours',
      'E09000012',
      '--json',
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.out).neighbours).toEqual([{ code: 'E09000012', name: 'Hackney' }])
  })

  it('refuses a county, region or the GLA as home or neighbour, in one line', async () => {
    const county = await cli(
      'org',
      'add',
      '--id',
      'kent-x',
      '--name',
      'Kent X',
      '--type',
      'council',
      '--home',
      'E10000016',
    )
    expect(county.code).toBe(1)
    expect(county.err.trim().split('\n')).toHaveLength(1)
    expect(county.err).toMatch(/^cwb: .*E10000016 is not a current local authority district/)
    const gla = await cli(
      'org',
      'add',
      '--id',
      'gla-x',
      '--name',
      'GLA X',
      '--type',
      'other',
      '--home',
      'E09000019',
      '--neighbours',
      'E12000007',
    )
    expect(gla.code).toBe(1)
    expect(gla.err).toMatch(/E12000007/)
  })

  it('refuses a duplicate identifier and a bad type', async () => {
    const again = await cli(
      'org',
      'add',
      '--id',
      'islington-council',
      '--name',
      'Again',
      '--type',
      'council',
      '--home',
      'E09000019',
    )
    expect(again).toMatchObject({ code: 1 })
    expect(again.err).toMatch(/already exists/)
    const badType = await cli('org', 'add', '--id', 'x-y', '--name', 'X', '--type', 'bank', '--home', 'E09000019')
    expect(badType.code).toBe(1)
    expect(badType.err).toMatch(/--type must be one of council, nhs, education, housing, police, fire, other/)
  })

  it('lists organisations as JSON', async () => {
    const result = await cli('org', 'list', '--json')
    expect(JSON.parse(result.out).map((o: { id: string }) => o.id)).toEqual(['islington-council', 'two-boroughs'])
  })
})

describe('cwb network and user', () => {
  it('adds a network and lists it', async () => {
    expect(
      (
        await cli(
          'network',
          'add',
          '--id',
          'anchors',
          '--name',
          'Anchors',
          '--members',
          'islington-council,two-boroughs',
        )
      ).code,
    ).toBe(0)
    const list = JSON.parse((await cli('network', 'list', '--json')).out)
    expect(list[0].members.map((m: { id: string }) => m.id)).toEqual(['islington-council', 'two-boroughs'])
    const missing = await cli('network', 'add', '--id', 'bad', '--name', 'Bad', '--members', 'nobody')
    expect(missing.err).toMatch(/There is no organisation nobody/)
  })

  it('adds a person who is emailed a set-password link (kept in the outbox without SMTP)', async () => {
    const result = await cli(
      'user',
      'add',
      '--email',
      'Officer@Example.org',
      '--name',
      'An Officer',
      '--role',
      'officer',
      '--org',
      'islington-council',
      '--json',
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.out)).toMatchObject({ email: 'officer@example.org', role: 'officer', emailedLink: true })
    const list = JSON.parse((await cli('user', 'list', '--org', 'islington-council', '--json')).out)
    expect(list.map((u: { email: string }) => u.email)).toEqual(['officer@example.org'])
  })

  it('needs --org for organisation roles and refuses an unknown role', async () => {
    expect((await cli('user', 'add', '--email', 'a@example.org', '--name', 'A', '--role', 'officer')).err).toMatch(
      /needs --org/,
    )
    expect(
      (await cli('user', 'add', '--email', 'a@example.org', '--name', 'A', '--role', 'king', '--org', 'x')).err,
    ).toMatch(/--role must be one of/)
  })
})

describe('the cwb executable', () => {
  it('prints help listing every command', async () => {
    const { stdout } = await run(process.execPath, ['bin/cwb.js', '--help'], { env: { ...process.env } })
    for (const command of ['serve', 'db', 'demo', 'org', 'network', 'user']) expect(stdout).toContain(command)
  }, 30_000)

  it('exits non-zero with one line on stderr for a bad configuration', async () => {
    const failure = await run(process.execPath, ['bin/cwb.js', 'org', 'list'], {
      env: { ...process.env, CWB_DATA_DIR: dataDir(), PORT: 'not-a-port' },
    }).catch((e: { code: number; stderr: string }) => e)
    expect('code' in failure && failure.code).toBe(1)
    expect((failure as { stderr: string }).stderr.trim()).toMatch(/^cwb: Invalid configuration: PORT/)
  }, 30_000)
})
