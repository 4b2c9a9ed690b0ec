// Reminds contract owners by email as a contract's end or review date approaches, at each organisation's lead times.
// Each reminder is claimed in the contract_reminder table before it is sent, so it goes once however many processes
// run the check, and a run that was missed sends only the latest lead time passed.
import {
  claimReminder,
  isReminderSent,
  listContractsWithDatesBetween,
  releaseReminder,
} from '../db/repositories/contract-due.repository.js'
import { listContractSettings } from '../db/repositories/contract-settings.repository.js'
import { SYSTEM_ACTOR, type Actor } from '../domain/audit/audit.js'
import type { Contract } from '../domain/contracts/contract.js'
import {
  addMonths,
  DEFAULT_CONTRACT_SETTINGS,
  endAction,
  remindersDue,
  timeLeftInWords,
  type ReminderDue,
} from '../domain/contracts/due.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import type { MailService } from './mail.service.js'

export type ReminderSent = ReminderDue & {
  contractId: string
  organisationId: string
  reference: string
  title: string
  to: string
}

export type ReminderRun = {
  today: string
  /** Reminders sent (or, in a dry run, that would be). */
  sent: ReminderSent[]
  /** Reminders due whose contract has no owner to write to. */
  noOwner: { contractId: string; reference: string; kind: ReminderDue['kind']; dueDate: string }[]
  failed: number
}

const LONGEST_LEAD_MONTHS = 36
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** The reminder's words: the contract, the date, the time left, what to do and a link to the contract. */
export function reminderMessage(contract: Contract, due: ReminderDue, today: string, link: string) {
  const date = DATE.format(new Date(`${due.dueDate}T00:00:00Z`))
  const what = due.kind === 'end' ? 'ends' : 'is due for review'
  const action = due.kind === 'end' ? endAction(contract) : 'Review how the contract is performing'
  return {
    subject: `Contract ${contract.reference} ${what} on ${date}`,
    text: [
      `${contract.title} (${contract.reference}) ${what} on ${date}, ${timeLeftInWords(today, due.dueDate)}.`,
      '',
      `What to do: ${action}.`,
      ...(due.kind === 'end' && contract.maxEndDate && contract.endDate && contract.maxEndDate > contract.endDate
        ? [`Extension options allow it to run until ${DATE.format(new Date(`${contract.maxEndDate}T00:00:00Z`))}.`]
        : []),
      '',
      `Open the contract: ${link}`,
      '',
      `You get this because you are the contract's owner on the register. This is the ${due.leadMonths}-month reminder.`,
    ].join('\n'),
  }
}

export function createContractReminderService(
  { db, clock, publicUrl }: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  mail: MailService,
) {
  return {
    /**
     * Sends every reminder due today that has not been sent, for one organisation or all. With `dryRun`, lists
     * them and sends nothing.
     */
    async run(options: { organisationId?: string; dryRun?: boolean; actor?: Actor } = {}): Promise<ReminderRun> {
      const now = clock.now()
      const today = ukCalendarDay(now)
      const settings = await listContractSettings(db)
      const candidates = await listContractsWithDatesBetween(db, {
        from: today,
        to: addMonths(today, LONGEST_LEAD_MONTHS),
        organisationId: options.organisationId,
      })
      const run: ReminderRun = { today, sent: [], noOwner: [], failed: 0 }
      for (const { contract, ownerAccountEmail } of candidates) {
        const months = (settings.get(contract.organisationId) ?? DEFAULT_CONTRACT_SETTINGS).reminderMonths
        for (const due of remindersDue(contract, months, today)) {
          const to = ownerAccountEmail ?? contract.ownerEmail
          if (!to) {
            run.noOwner.push({
              contractId: contract.id,
              reference: contract.reference,
              kind: due.kind,
              dueDate: due.dueDate,
            })
            continue
          }
          const key = { contractId: contract.id, ...due }
          const entry = {
            ...due,
            contractId: contract.id,
            organisationId: contract.organisationId,
            reference: contract.reference,
            title: contract.title,
            to,
          }
          if (options.dryRun) {
            if (!(await isReminderSent(db, key))) run.sent.push(entry)
            continue
          }
          if (!(await claimReminder(db, key, to, now))) continue
          const message = reminderMessage(contract, due, today, `${publicUrl}/contracts/${contract.id}`)
          const result = await mail.send({ to, ...message })
          if (result.status === 'failed') {
            await releaseReminder(db, key)
            run.failed++
            continue
          }
          await recordAudit(db, options.actor ?? SYSTEM_ACTOR, [
            {
              organisationId: contract.organisationId,
              action: 'contract.reminder-sent',
              entityType: 'contract_reminder',
              entityId: contract.id,
              after: { kind: due.kind, dueDate: due.dueDate, leadMonths: due.leadMonths, to },
            },
          ])
          run.sent.push(entry)
        }
      }
      return run
    },
  }
}

export type ContractReminderService = ReturnType<typeof createContractReminderService>

/** Checks for reminders soon after start and then every few hours; the claims make repeated runs harmless. */
export function startReminderLoop(
  reminders: { run: () => Promise<unknown> },
  options: { everyMs?: number; firstAfterMs?: number; onError?: (e: unknown) => void } = {},
) {
  let running: Promise<unknown> = Promise.resolve()
  const check = () => {
    running = running.then(() => reminders.run()).catch((error) => options.onError?.(error))
  }
  const first = setTimeout(check, options.firstAfterMs ?? 60_000)
  const timer = setInterval(check, options.everyMs ?? 6 * 60 * 60 * 1000)
  first.unref()
  timer.unref()
  return {
    async stop() {
      clearTimeout(first)
      clearInterval(timer)
      await running
    },
  }
}
