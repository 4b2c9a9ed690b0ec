// `cwb pipeline import` and `cwb pipeline export`: the forward pipeline of planned procurements in bulk.
import fs from 'node:fs'
import type { Command } from 'commander'
import { DomainRuleError } from '../../domain/errors.js'
import { fullPipelineCsv, publicPipelineCsv } from '../../web/routes/pipeline/pipeline-view.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'

export function registerPipelineCommands(program: Command): void {
  const pipeline = program
    .command('pipeline')
    .description('the forward pipeline of planned procurements: load a pipeline file, print it as CSV')

  pipeline
    .command('import')
    .description(
      'load planned procurements from a CSV or XLSX file (the layout of the CSV download); all or nothing, matched by reference',
    )
    .argument('<file>', 'the file')
    .requiredOption('--org <id>', 'the organisation whose pipeline it is')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { org: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliUsageError(`There is no file ${file}`)
      const summary = await withRuntime(async ({ services }) => {
        await services.organisations.get(options.org)
        return services.pipeline.importFile(commandLineActor(), { organisationId: options.org, source: { path: file } })
      })
      if (options.json) printJson(summary)
      else {
        const lines = summary.loaded
          ? [
              `Read ${summary.read} planned procurements: ${summary.created} added, ${summary.updated} changed, ${summary.unchanged} unchanged.`,
            ]
          : [`Read ${summary.read} planned procurements; ${summary.rejections.length} have problems:`]
        for (const r of summary.rejections)
          lines.push(`  ${r.sheet ? `sheet ${r.sheet}, ` : ''}row ${r.row}: ${r.reason}`)
        for (const w of summary.warnings) lines.push(`Warning: ${w}`)
        process.stdout.write(`${lines.join('\n')}\n`)
      }
      if (!summary.loaded)
        throw new DomainRuleError('Nothing was loaded: correct the rows above and import the file again')
    })

  pipeline
    .command('export')
    .description('print the public pipeline (the next 18 months and overdue plans) as CSV')
    .requiredOption('--org <id>', 'the organisation')
    .option('--all', 'every plan, whatever its status or date, in the layout `cwb pipeline import` reads')
    .action(async (options: { org: string; all?: boolean }) => {
      const csv = await withRuntime(async ({ services }) => {
        await services.organisations.get(options.org)
        if (options.all) return fullPipelineCsv(await services.pipeline.list(options.org))
        const { plans, today } = await services.pipeline.publicPipeline(options.org)
        return publicPipelineCsv(plans, today)
      })
      process.stdout.write(csv)
    })
}
