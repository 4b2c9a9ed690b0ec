// `cwb suppliers …`: the supplier registry from the command line.
import fs from 'node:fs'
import type { Command } from 'commander'
import { readTabular } from '../../ingest/read-tabular.js'
import { VendorMasterError, type TabularRow } from '../../services/supplier-registry.service.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'

async function readRows(file: string): Promise<TabularRow[]> {
  const rows: TabularRow[] = []
  for await (const row of readTabular({ path: file })) rows.push({ rowNumber: row.rowNumber, cells: row.cells })
  return rows
}

export function registerSupplierCommands(program: Command): void {
  const suppliers = program.command('suppliers').description('the supplier registry: vendor masters, matching')

  suppliers
    .command('import')
    .description(
      'load an organisation’s vendor master (CSV or XLSX): name, company number, charity number, postcode, employees, ' +
        'turnover, legal form, and yes/no columns charity, CIC, social enterprise, co-operative, employee owned, public ' +
        'body, living wage. All or nothing; running it again changes nothing.',
    )
    .argument('<file>', 'the vendor master file')
    .requiredOption('--org <id>', 'the organisation whose vendor master it is')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { org: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliUsageError(`There is no file ${file}`)
      const rows = await readRows(file)
      const summary = await withRuntime(async ({ services }) => {
        await services.organisations.get(options.org)
        try {
          return await services.suppliers.importVendorMaster(commandLineActor(), options.org, rows)
        } catch (error) {
          if (!(error instanceof VendorMasterError)) throw error
          // One line per bad row, so a person can fix them all at once.
          throw new CliUsageError(
            [error.message, ...error.rowErrors.map((e) => `  row ${e.row}: ${e.reason}`)].join('\n'),
          )
        }
      })
      if (options.json) return printJson(summary)
      process.stdout.write(
        `Read ${summary.rows} suppliers from ${file}: ${summary.created} added, ${summary.updated} updated, ` +
          `${summary.unchanged} already up to date.\n`,
      )
    })
}
