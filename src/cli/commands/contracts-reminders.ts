// `cwb contracts remind`: emails contract owners the reminders due today (the web app's worker does the same).
import type { Command } from 'commander'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'

export function registerContractsReminders(contracts: Command): void {
  contracts
    .command('remind')
    .description('email contract owners as end and review dates approach (each reminder is sent once)')
    .option('--org <id>', 'only this organisation’s contracts')
    .option('--dry-run', 'list the reminders that are due without sending them')
    .option('--json', 'print the result as JSON')
    .action(async (options: { org?: string; dryRun?: boolean; json?: boolean }) => {
      const run = await withRuntime(async ({ services }) => {
        if (options.org) await services.organisations.get(options.org)
        return services.contractReminders.run({
          organisationId: options.org,
          dryRun: options.dryRun,
          actor: commandLineActor(),
        })
      })
      if (options.json) return printJson(run)
      const verb = options.dryRun ? 'Would send' : 'Sent'
      const lines = [`${verb} ${run.sent.length} reminder${run.sent.length === 1 ? '' : 's'} on ${run.today}.`]
      for (const r of run.sent)
        lines.push(
          `  ${r.reference}: ${r.kind === 'end' ? 'ends' : 'review'} ${r.dueDate} (${r.leadMonths}-month) to ${r.to}`,
        )
      if (run.noOwner.length > 0) {
        lines.push(`${run.noOwner.length} due with no owner to tell (choose an owner for them):`)
        for (const r of run.noOwner)
          lines.push(`  ${r.reference}: ${r.kind === 'end' ? 'ends' : 'review'} ${r.dueDate}`)
      }
      if (run.failed > 0) lines.push(`${run.failed} could not be delivered; they will be tried again on the next run.`)
      process.stdout.write(`${lines.join('\n')}\n`)
    })
}
