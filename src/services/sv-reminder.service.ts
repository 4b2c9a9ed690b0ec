// Reminds suppliers by email of social value returns: once before the due date (the organisation's lead time) and
// once after it, while no return has been made for the commitment's period. Each reminder is claimed in sv_reminder
// before it is sent, so it goes once however many processes run the check; a failed send is released to retry.
import {
  claimSvReminder,
  listAllSvSettings,
  listCommitmentsAwaitingReturn,
  releaseSvReminder,
  supplierEmailsOfContract,
  DEFAULT_SV_SETTINGS,
} from '../db/repositories/sv-settings.repository.js'
import { SYSTEM_ACTOR, type Actor } from '../domain/audit/audit.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { addDays, periodLabel, returnDueDate } from '../domain/social-value/period.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import type { MailService } from './mail.service.js'

export type SvReminderSent = {
  commitmentId: string
  organisationId: string
  reference: string
  measureCode: string
  periodStart: string
  periodEnd: string
  kind: 'before' | 'after'
  dueDate: string
  to: string[]
}

export type SvReminderRun = { today: string; sent: SvReminderSent[]; noRecipient: SvReminderSent[]; failed: number }

/** Returns overdue for longer than this are no longer chased by email (they show on the dashboards). */
const CHASE_DAYS = 90
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

export function svReminderMessage(r: SvReminderSent & { title: string; measureName: string }, link: string) {
  const due = DATE.format(new Date(`${r.dueDate}T00:00:00Z`))
  const period = periodLabel({ start: r.periodStart, end: r.periodEnd })
  return {
    subject:
      r.kind === 'before'
        ? `Social value return due on ${due}: ${r.reference}, ${r.measureCode}`
        : `Social value return overdue since ${due}: ${r.reference}, ${r.measureCode}`,
    text: [
      `${r.title} (${r.reference}) has a social value commitment for "${r.measureName}" (${r.measureCode}) for ${period}.`,
      r.kind === 'before'
        ? `Your return of what you delivered is due on ${due}.`
        : `Your return was due on ${due} and has not been made.`,
      '',
      `Make your return: ${link}`,
      '',
      'You get this because you act for a supplier on this contract.',
    ].join('\n'),
  }
}

export function createSvReminderService(
  { db, clock, publicUrl }: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  mail: MailService,
) {
  return {
    /** Sends every reminder due today not yet sent, for one organisation or all; `dryRun` lists without sending. */
    async run(options: { organisationId?: string; dryRun?: boolean; actor?: Actor } = {}): Promise<SvReminderRun> {
      const now = clock.now()
      const today = ukCalendarDay(now)
      const settings = await listAllSvSettings(db)
      const longest = Math.max(DEFAULT_SV_SETTINGS.dueDays, ...[...settings.values()].map((s) => s.dueDays))
      const candidates = await listCommitmentsAwaitingReturn(db, {
        endedFrom: addDays(today, -(longest + CHASE_DAYS)),
        endedTo: addDays(today, 90),
        organisationId: options.organisationId,
      })
      const run: SvReminderRun = { today, sent: [], noRecipient: [], failed: 0 }
      for (const c of candidates) {
        const s = settings.get(c.organisation_id) ?? DEFAULT_SV_SETTINGS
        const dueDate = returnDueDate({ start: c.period_start, end: c.period_end }, s.dueDays)
        let kind: 'before' | 'after' | null = null
        if (today > dueDate && today <= addDays(dueDate, CHASE_DAYS)) kind = 'after'
        else if (today <= dueDate && today >= addDays(dueDate, -s.reminderDaysBefore) && today > c.period_end)
          kind = 'before'
        if (!kind) continue
        const to = await supplierEmailsOfContract(db, c.contract_id)
        const entry: SvReminderSent = {
          commitmentId: c.id,
          organisationId: c.organisation_id,
          reference: c.reference,
          measureCode: c.measure_code,
          periodStart: c.period_start,
          periodEnd: c.period_end,
          kind,
          dueDate,
          to,
        }
        if (to.length === 0) {
          run.noRecipient.push(entry)
          continue
        }
        if (options.dryRun) {
          run.sent.push(entry)
          continue
        }
        const key = { commitmentId: c.id, kind, dueDate }
        if (!(await claimSvReminder(db, key, to.join(', '), now))) continue
        const message = svReminderMessage(
          { ...entry, title: c.title, measureName: c.measure_name },
          `${publicUrl}/supplier/social-value`,
        )
        const results = []
        for (const address of to) results.push(await mail.send({ to: address, ...message }))
        if (results.every((r) => r.status === 'failed')) {
          await releaseSvReminder(db, key)
          run.failed++
          continue
        }
        await recordAudit(db, options.actor ?? SYSTEM_ACTOR, [
          {
            organisationId: c.organisation_id,
            action: 'sv.reminder-sent',
            entityType: 'sv_commitment',
            entityId: c.id,
            after: { kind, dueDate, to },
          },
        ])
        run.sent.push(entry)
      }
      return run
    },
  }
}

export type SvReminderService = ReturnType<typeof createSvReminderService>
