// The `cwb` command line. Each command calls the same services as the web app.
// main.ts runs it; tests call runCli directly.
import { Command, CommanderError } from 'commander'
import { registerContractsCommands } from './commands/contracts.js'
import { registerDbCommands } from './commands/db.js'
import { registerDemoCommands } from './commands/demo.js'
import { registerNetworkCommands } from './commands/network.js'
import { registerOrgCommands } from './commands/org.js'
import { registerPipelineCommands } from './commands/pipeline.js'
import { registerReferenceCommands } from './commands/reference.js'
import { registerServeCommand } from './commands/serve.js'
import { registerSpendCommands } from './commands/spend.js'
import { registerSupplierCommands } from './commands/suppliers.js'
import { registerSvCommands } from './commands/sv.js'
import { registerUserCommands } from './commands/user.js'
import { describeError } from './support/errors.js'

export function buildProgram(): Command {
  const program = new Command('cwb')
    .description('cwb, the Community Wealth Builder: progressive procurement and community wealth building')
    .option('--verbose', 'print details and stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) })
  registerServeCommand(program)
  registerDbCommands(program)
  registerDemoCommands(program)
  registerOrgCommands(program)
  registerNetworkCommands(program)
  registerUserCommands(program)
  registerSpendCommands(program)
  registerSupplierCommands(program)
  registerReferenceCommands(program)
  registerContractsCommands(program)
  registerSvCommands(program)
  registerPipelineCommands(program)
  return program
}

/** Runs the command line with the given arguments; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride()
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    const verbose = program.opts<{ verbose?: boolean }>().verbose || argv.includes('--verbose')
    process.stderr.write(`${describeError(error, verbose)}\n`)
    return 1
  }
}
