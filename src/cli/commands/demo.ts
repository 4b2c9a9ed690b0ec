import type { Command } from 'commander'
import { DomainRuleError } from '../../domain/errors.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoPlace } from '../../demo/demo-place.js'
import { printJson, withRuntime } from '../support/context.js'

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('the demo place')
  demo
    .command('load')
    .description(
      'load the demo place (three anchor institutions in Islington, suppliers, a year of payments, one account per role) into an empty database',
    )
    .option('--json', 'print the summary as JSON')
    .option('--seed <n>', 'seed for the generated data', '20261122')
    .action(async (options: { json?: boolean; seed: string }) => {
      const summary = await withRuntime(async ({ services }) => {
        if (await services.system.demoMarker()) throw new DomainRuleError('The demo place is already loaded')
        if ((await services.organisations.list()).length > 0)
          throw new DomainRuleError(
            'The database already has organisations: the demo place loads only into an empty one',
          )
        return loadDemoPlace(services, { seed: Number(options.seed) })
      })
      if (options.json)
        return printJson({ ...summary, accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role })) })
      process.stdout.write(
        `Loaded the demo place: ${summary.organisations.join(', ')}; ${summary.suppliers} suppliers, ${summary.payments} payments.\n` +
          `Sign in with any of these accounts and the password ${DEMO_PASSWORD}:\n` +
          DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(32)} ${a.description}`).join('\n') +
          '\n',
      )
    })
}
