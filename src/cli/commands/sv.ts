// `cwb sv …`: social value frameworks, commitments and returns from files, the report, reminders and settings.
import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { isIsoDate } from '../../domain/social-value/period.js'
import { SvImportError } from '../../services/sv-import.service.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'
import { socialValueReportText } from '../support/sv-report-text.js'

const isoDate = z.string().refine(isIsoDate, 'Dates must be real dates written YYYY-MM-DD')

const reportOptions = z
  .object({
    org: z.string().optional(),
    network: z.string().optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    json: z.boolean().optional(),
  })
  .refine((o) => Boolean(o.org) !== Boolean(o.network), 'Give either --org or --network')
  .refine((o) => !o.from || !o.to || o.from <= o.to, '--from must not be after --to')

const wholeNumber = (flag: string) =>
  z.string().regex(/^\d+$/, `${flag} must be a whole number`).transform(Number).optional()

const settingsOptions = z.object({
  org: z.string().min(1),
  framework: z.string().optional(),
  green: wholeNumber('--green'),
  amber: wholeNumber('--amber'),
  dueDays: wholeNumber('--due-days'),
  reminderDays: wholeNumber('--reminder-days'),
  json: z.boolean().optional(),
})

function needFile(file: string) {
  if (!fs.existsSync(file)) throw new CliUsageError(`There is no file ${file}`)
}

/** Prints an import's summary; on a rejected file with --json, prints the rejections and fails. */
async function runImport(
  options: { json?: boolean },
  load: () => Promise<{ rowsRead: number; created: number; updated: number; unchanged: number; fileName: string }>,
  noun: string,
) {
  try {
    const summary = await load()
    if (options.json) return printJson(summary)
    process.stdout.write(
      `Loaded ${summary.fileName}: ${summary.rowsRead} rows; ${summary.created} ${noun} added, ${summary.updated} changed, ${summary.unchanged} already held.\n`,
    )
  } catch (error) {
    if (options.json && error instanceof SvImportError) {
      printJson({ loaded: false, fileName: error.fileName, rejections: error.rejections })
    }
    throw error
  }
}

export function registerSvCommands(program: Command): void {
  const sv = program
    .command('sv')
    .description('social value: frameworks, commitments, returns, the report and reminders')

  const framework = sv.command('framework').description('the catalogue of measures and proxy values')
  framework
    .command('import')
    .description(
      'load a framework from JSON (as exported) or CSV (one row per proxy value); new proxy values are added',
    )
    .argument('<file>', 'the file')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      needFile(file)
      const summary = await withRuntime(({ services }) => services.svFrameworks.importFile(commandLineActor(), file))
      if (options.json) return printJson(summary)
      process.stdout.write(
        `Framework ${summary.frameworkId} ${summary.framework}: ${summary.outcomes} outcomes; measures ${summary.measures.created} added, ` +
          `${summary.measures.updated} changed, ${summary.measures.unchanged} unchanged; proxy values ${summary.proxies.added} added, ` +
          `${summary.proxies.unchanged} already held.\n`,
      )
    })
  framework
    .command('export')
    .description('print a framework as CSV (or JSON with --json), in the form import reads')
    .option('--framework <id>', 'the framework (default: the shipped one)', 'islington-2020')
    .option('--json', 'JSON instead of CSV')
    .action(async (options: { framework: string; json?: boolean }) => {
      const text = await withRuntime(({ services }) =>
        services.svFrameworks.export(options.framework, options.json ? 'json' : 'csv'),
      )
      process.stdout.write(text)
    })
  framework
    .command('list')
    .description('list the frameworks')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(({ services }) => services.svFrameworks.list(null))
      if (options.json) return printJson(list)
      for (const f of list)
        process.stdout.write(
          `${f.id.padEnd(24)} ${String(f.measures).padStart(3)} measures  ${f.name}${f.ownerOrganisationId ? ` (licensed to ${f.ownerOrganisationId})` : ''}\n`,
        )
    })

  sv.command('commitments')
    .description('commitments per contract and measure')
    .command('import')
    .description('load commitments: contract_reference, measure_code, period_start, period_end, target_quantity')
    .argument('<file>', 'CSV, .csv.gz or XLSX')
    .requiredOption('--org <id>', 'the organisation whose contracts they are')
    .option('--framework <id>', "the framework of the measure codes (default: the organisation's)")
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { org: string; framework?: string; json?: boolean }) => {
      needFile(file)
      await runImport(
        options,
        () =>
          withRuntime(({ services }) =>
            services.svImport.importCommitments(commandLineActor(), {
              organisationId: options.org,
              path: file,
              frameworkId: options.framework,
            }),
          ),
        'commitments',
      )
    })

  sv.command('returns')
    .description("suppliers' returns of what they delivered")
    .command('import')
    .description(
      'load returns as accepted: contract_reference, measure_code, period_start, period_end, actual_quantity, evidence',
    )
    .argument('<file>', 'CSV, .csv.gz or XLSX')
    .requiredOption('--org <id>', 'the organisation whose contracts they are')
    .option('--framework <id>', "the framework of the measure codes (default: the organisation's)")
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { org: string; framework?: string; json?: boolean }) => {
      needFile(file)
      await runImport(
        options,
        () =>
          withRuntime(({ services }) =>
            services.svImport.importReturns(commandLineActor(), {
              organisationId: options.org,
              path: file,
              frameworkId: options.framework,
            }),
          ),
        'returns',
      )
    })

  sv.command('report')
    .description('committed and delivered social value in £, by theme, measure and contract, with red/amber/green')
    .option('--org <id>', 'the organisation')
    .option('--network <id>', 'a network of organisations, pooled')
    .option('--from <date>', 'periods starting on or after, YYYY-MM-DD')
    .option('--to <date>', 'periods starting on or before, YYYY-MM-DD')
    .option('--json', 'print as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = reportOptions.safeParse(raw)
      if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('; '))
      const o = parsed.data
      const report = await withRuntime(({ services }) =>
        services.svReport.report(o.org ? { organisationId: o.org } : { networkId: o.network! }, {
          from: o.from,
          to: o.to,
        }),
      )
      if (o.json) return printJson(report)
      const period = o.from || o.to ? `, periods starting ${o.from ?? 'any time'} to ${o.to ?? 'now'}` : ''
      process.stdout.write(socialValueReportText(report, `Social value of ${report.organisation}${period}`))
    })

  sv.command('reminders')
    .description('email suppliers about returns due soon or overdue (each reminder once)')
    .option('--org <id>', 'only this organisation')
    .option('--dry-run', 'list the reminders without sending them')
    .option('--json', 'print as JSON')
    .action(async (options: { org?: string; dryRun?: boolean; json?: boolean }) => {
      const run = await withRuntime(({ services }) =>
        services.svReminders.run({ organisationId: options.org, dryRun: options.dryRun, actor: commandLineActor() }),
      )
      if (options.json) return printJson(run)
      process.stdout.write(
        `${options.dryRun ? 'Would send' : 'Sent'} ${run.sent.length} reminders; ${run.noRecipient.length} due with no supplier account to write to; ${run.failed} failed.\n`,
      )
    })

  sv.command('settings')
    .description("show or change an organisation's social value settings")
    .requiredOption('--org <id>', 'the organisation')
    .option('--framework <id>', 'the framework it uses')
    .option('--green <percent>', 'green from this % of target')
    .option('--amber <percent>', 'amber from this % of target')
    .option('--due-days <days>', 'returns due this many days after a period ends')
    .option('--reminder-days <days>', 'remind suppliers this many days before the due date')
    .option('--json', 'print as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = settingsOptions.safeParse(raw)
      if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('; '))
      const o = parsed.data
      const changes = Object.fromEntries(
        Object.entries({
          frameworkId: o.framework,
          greenPercent: o.green,
          amberPercent: o.amber,
          dueDays: o.dueDays,
          reminderDaysBefore: o.reminderDays,
        }).filter(([, v]) => v !== undefined),
      )
      const settings = await withRuntime(async ({ services }) => {
        await services.organisations.get(o.org)
        return Object.keys(changes).length
          ? services.svReturns.updateSettings(commandLineActor(), o.org, changes)
          : services.svReturns.settings(o.org)
      })
      if (o.json) return printJson(settings)
      process.stdout.write(
        `Framework ${settings.frameworkId ?? 'islington-2020 (default)'}; returns due ${settings.dueDays} days after each period; ` +
          `reminders ${settings.reminderDaysBefore} days before; green from ${settings.greenPercent}%, amber from ${settings.amberPercent}%.\n`,
      )
    })
}
