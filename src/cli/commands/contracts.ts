// `cwb contracts …` and `cwb pipeline …`: the contracts register and the forward pipeline from the command line.
import type { Command } from 'commander'
import { registerContractsExport } from './contracts-export.js'
import { registerContractsImport } from './contracts-import.js'
import { registerContractsReminders } from './contracts-reminders.js'

export function registerContractsCommands(program: Command): void {
  const contracts = program
    .command('contracts')
    .description('the contracts register: import registers and OCDS, export CSV and OCDS, send reminders')
  registerContractsImport(contracts)
  registerContractsExport(contracts)
  registerContractsReminders(contracts)
}
