import type { Command } from 'commander'
import { withRuntime } from '../support/context.js'

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database tasks')
  db.command('migrate')
    .description('apply every pending migration, and bring the shipped geography up to date')
    .action(async () => {
      // boot() migrates and syncs the geography; there is nothing more to do.
      await withRuntime(async () => undefined)
      process.stdout.write('The database is up to date.\n')
    })
}
