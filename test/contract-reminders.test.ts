// Reminders to contract owners with a clock the test moves: each lead time once, a missed run catching up with only
// the latest lead time, the owner's account email first, and nothing for stopped contracts. On both databases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { emptyContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import type { Services } from '../src/services.js'
import type { Mailer } from '../src/services/support/mailer.js'
import { createTestServices, recordingMailer, type RecordingMailer } from './helpers/app.js'
import { createAccessFixture, type AccessFixture } from './helpers/fixtures.js'
import { cli, useCliDataDir } from './helpers/cli.js'
import { createTestDb, testDbKind, type TestDb } from './helpers/test-db.js'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'

let now = new Date('2026-03-15T09:00:00Z')
const clock = { now: () => now }
const at = (day: string) => (now = new Date(`${day}T09:00:00Z`))

let testDb: TestDb
let services: Services
let mailer: RecordingMailer
let fixture: AccessFixture
let failing = false

async function add(reference: string, over: Partial<ContractDraft>) {
  const c = await services.contracts.create(SYSTEM_ACTOR, 'org-a', {
    ...emptyContractDraft(reference, `Contract ${reference}`),
    totalValue: '50000.00',
    startDate: '2024-01-01',
    ...over,
  })
  return c.id
}

const sentRows = () =>
  testDb.db
    .selectFrom('contract_reminder')
    .innerJoin('contract', 'contract.id', 'contract_reminder.contract_id')
    .select([
      'contract.reference',
      'contract_reminder.kind',
      'contract_reminder.lead_months',
      'contract_reminder.sent_to',
    ])
    .orderBy('contract.reference')
    .orderBy('contract_reminder.kind')
    .orderBy('contract_reminder.lead_months', 'desc')
    .execute()

beforeAll(async () => {
  testDb = await createTestDb()
  const deliver: Mailer = {
    send: async () =>
      failing ? { status: 'failed', transport: 'test', error: 'refused' } : { status: 'sent', transport: 'test' },
  }
  mailer = recordingMailer(deliver)
  services = await createTestServices(testDb, mailer, { clock })
  fixture = await createAccessFixture(services)
})
afterAll(() => testDb.destroy())
beforeEach(() => {
  mailer.sent.length = 0
})

describe('contract reminders', () => {
  let endingId: string

  it('sends nothing before the first lead time', async () => {
    endingId = await add('END-1', { endDate: '2026-12-15', ownerUserId: fixture.users.officer.id })
    at('2026-03-14')
    const run = await services.contractReminders.run()
    expect(run.sent).toEqual([])
    expect(mailer.sent).toEqual([])
  })

  it('sends the 9-month reminder on its day, to the owner’s account, once', async () => {
    at('2026-03-15')
    const run = await services.contractReminders.run()
    expect(run.sent.map((r) => [r.reference, r.kind, r.leadMonths, r.to])).toEqual([
      ['END-1', 'end', 9, 'officer@example.org'],
    ])
    expect(mailer.sent).toHaveLength(1)
    const message = mailer.sent[0]!
    expect(message.to).toBe('officer@example.org')
    expect(message.subject).toBe('Contract END-1 ends on 15 December 2026')
    expect(message.text).toContain('Contract END-1 (END-1) ends on 15 December 2026, in 9 months.')
    expect(message.text).toContain('What to do: Decide whether to re-procure, renew or let it end.')
    expect(message.text).toContain(`http://localhost:3000/contracts/${endingId}`)
    // The same day again, and two runs at once: nothing more.
    const again = await Promise.all([services.contractReminders.run(), services.contractReminders.run()])
    expect(again.flatMap((r) => r.sent)).toEqual([])
    expect(mailer.sent).toHaveLength(1)
    // The mail service keeps a copy in the outbox, and the audit log says it was sent.
    const outbox = await services.mail.outbox(10)
    expect(outbox.filter((m) => m.subject === 'Contract END-1 ends on 15 December 2026')).toHaveLength(1)
    const audit = await testDb.db
      .selectFrom('audit_event')
      .select(['action', 'organisation_id'])
      .where('action', '=', 'contract.reminder-sent')
      .execute()
    expect(audit).toEqual([{ action: 'contract.reminder-sent', organisation_id: 'org-a' }])
  })

  it('sends each later lead time as it passes', async () => {
    at('2026-06-14')
    expect((await services.contractReminders.run()).sent).toEqual([])
    at('2026-06-15')
    expect((await services.contractReminders.run()).sent.map((r) => r.leadMonths)).toEqual([6])
    at('2026-10-01')
    expect((await services.contractReminders.run()).sent.map((r) => r.leadMonths)).toEqual([3])
    at('2026-12-15')
    expect((await services.contractReminders.run()).sent).toEqual([])
    at('2026-12-16')
    expect((await services.contractReminders.run()).sent).toEqual([])
    expect((await sentRows()).filter((r) => r.reference === 'END-1').map((r) => r.lead_months)).toEqual([9, 6, 3])
  })

  it('after missed runs sends only the latest lead time passed, for the end and the review', async () => {
    at('2026-03-15')
    await add('LATE-1', { endDate: '2026-05-01', reviewDate: '2026-08-01', ownerEmail: 'late.owner@example.org' })
    const run = await services.contractReminders.run()
    expect(run.sent.map((r) => [r.reference, r.kind, r.dueDate, r.leadMonths, r.to])).toEqual([
      ['LATE-1', 'end', '2026-05-01', 3, 'late.owner@example.org'],
      ['LATE-1', 'review', '2026-08-01', 6, 'late.owner@example.org'],
    ])
    expect(mailer.sent.map((m) => m.subject)).toEqual([
      'Contract LATE-1 ends on 1 May 2026',
      'Contract LATE-1 is due for review on 1 August 2026',
    ])
  })

  it('sends nothing for stopped contracts; lists due contracts with no owner', async () => {
    at('2026-03-15')
    await add('STOP-1', { endDate: '2026-05-01', ownerEmail: 'x@example.org', status: 'terminated' })
    await add('ORPHAN-1', { endDate: '2026-05-01' })
    const run = await services.contractReminders.run()
    expect(run.sent).toEqual([])
    expect(run.noOwner.map((r) => r.reference)).toEqual(['ORPHAN-1'])
  })

  it('uses each organisation’s own lead times, and a dry run sends and records nothing', async () => {
    at('2026-03-15')
    const id = await add('OWN-1', { endDate: '2026-04-30', ownerEmail: 'own@example.org' })
    await services.contracts.saveSettings(SYSTEM_ACTOR, 'org-a', { reminderMonths: [1], dueSoonMonths: 9 })
    const dry = await services.contractReminders.run({ organisationId: 'org-a', dryRun: true })
    // With only a 1-month lead time, OWN-1 (ending in 6 weeks) is not due yet; ORPHAN-1 has no owner.
    expect(dry.sent).toEqual([])
    at('2026-03-30')
    const dry2 = await services.contractReminders.run({ organisationId: 'org-a', dryRun: true })
    expect(dry2.sent.map((r) => [r.reference, r.leadMonths])).toEqual([['OWN-1', 1]])
    expect(mailer.sent).toEqual([])
    expect((await sentRows()).some((r) => r.reference === 'OWN-1')).toBe(false)
    // Another organisation's run does not touch org A's contracts.
    expect((await services.contractReminders.run({ organisationId: 'org-b' })).sent).toEqual([])
    const real = await services.contractReminders.run({ organisationId: 'org-a' })
    expect(real.sent.map((r) => r.contractId)).toEqual([id])
    // A dry run after that lists nothing: the reminder has gone.
    expect((await services.contractReminders.run({ organisationId: 'org-a', dryRun: true })).sent).toEqual([])
  })

  it('gives the claim back when the message cannot be delivered, so the next run tries again', async () => {
    at('2026-03-30')
    await add('FAIL-1', { endDate: '2026-04-20', ownerEmail: 'fail@example.org' })
    failing = true
    const failed = await services.contractReminders.run()
    expect(failed).toMatchObject({ sent: [], failed: 1 })
    expect((await sentRows()).some((r) => r.reference === 'FAIL-1')).toBe(false)
    failing = false
    const retried = await services.contractReminders.run()
    expect(retried.sent.map((r) => r.reference)).toEqual(['FAIL-1'])
  })
})

// The command line always runs on its own embedded database, so this part runs once, in the PGlite project.
describe.skipIf(testDbKind() === 'postgres')('cwb contracts remind', () => {
  useCliDataDir('cwb-remind-cli-')
  // Dates relative to the real day the command runs.
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

  it('lists with --dry-run, sends once, and refuses an unknown organisation', async () => {
    const org = ['org', 'add', '--id', 'cli-org', '--name', 'CLI Council', '--type', 'council', '--home', 'E09000019']
    expect((await cli(...org)).code).toBe(0)
    const runtime = await boot(loadConfig())
    try {
      await runtime.services.contracts.create(SYSTEM_ACTOR, 'cli-org', {
        ...emptyContractDraft('CLI-1', 'Street cleansing'),
        startDate: '2024-01-01',
        endDate: inDays(40),
        ownerEmail: 'cli.owner@example.org',
      })
    } finally {
      await runtime.close()
    }
    const dry = await cli('contracts', 'remind', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/^Would send 1 reminder on \d{4}-\d{2}-\d{2}\./)
    expect(dry.out).toContain('CLI-1: ends')
    expect(dry.out).toContain('(3-month) to cli.owner@example.org')
    const sent = await cli('contracts', 'remind', '--org', 'cli-org', '--json')
    expect(JSON.parse(sent.out)).toMatchObject({ sent: [{ reference: 'CLI-1', leadMonths: 3 }], failed: 0 })
    expect((await cli('contracts', 'remind')).out).toMatch(/^Sent 0 reminders/)
    const unknown = await cli('contracts', 'remind', '--org', 'no-such-org')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('There is no organisation no-such-org')
  })
})
