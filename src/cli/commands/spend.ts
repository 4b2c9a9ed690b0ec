import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { formatMoney } from '../../web/support/format.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'
import { progressBar } from '../support/progress.js'

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates must be written YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'That is not a real date')

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

const SHOWN_REJECTIONS = 20

export function registerSpendCommands(program: Command): void {
  const spend = program.command('spend').description('payments: import files and report where the money goes')

  spend
    .command('import')
    .description('import a payment file (CSV in any delimiter or encoding, .csv.gz, or XLSX with one or many sheets)')
    .argument('<file>', 'the file')
    .requiredOption('--org <id>', 'the organisation that made the payments')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { org: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliUsageError(`There is no file ${file}`)
      const bar = progressBar(`Importing ${file}`)
      const summary = await withRuntime(async ({ services }) => {
        await services.organisations.get(options.org)
        return services.spendImport.importFile(commandLineActor(), {
          organisationId: options.org,
          path: file,
          onProgress: (p) =>
            p.stage === 'storing'
              ? bar.note(`${p.rowsRead.toLocaleString('en-GB')} rows read; matching payees and storing the payments…`)
              : bar.update(p.bytesRead, p.totalBytes, p.rowsRead),
        })
      })
      bar.finish(`Imported ${file}`)
      if (options.json) return printJson(summary)
      const lines = [
        `Read ${summary.rowsRead.toLocaleString('en-GB')} payment rows: ${summary.accepted.toLocaleString('en-GB')} accepted, ` +
          `${summary.rejected.toLocaleString('en-GB')} rejected.`,
        `Accepted total ${formatMoney(summary.total.amount)} over ${summary.total.count.toLocaleString('en-GB')} payments` +
          (summary.from ? `, ${summary.from} to ${summary.to}.` : '.'),
        `${summary.added.toLocaleString('en-GB')} payments added; ${summary.duplicates.toLocaleString('en-GB')} were already held and not counted again.`,
      ]
      const skipped = summary.skipped
      if (skipped.blank + skipped.repeatedHeader + skipped.preamble > 0)
        lines.push(
          `Not payments: ${skipped.blank} blank lines, ${skipped.repeatedHeader} repeated headers, ${skipped.preamble} lines before the header.`,
        )
      if (summary.repaired > 0) lines.push(`${summary.repaired} rows were repaired with certainty and are flagged.`)
      for (const w of summary.warnings) lines.push(`Warning: ${w}`)
      if (summary.rejections.length > 0) {
        lines.push('Rejected rows:')
        for (const r of summary.rejections.slice(0, SHOWN_REJECTIONS))
          lines.push(`  ${r.sheet ? `sheet ${r.sheet}, ` : ''}row ${r.row}: ${r.reason}`)
        if (summary.rejections.length > SHOWN_REJECTIONS)
          lines.push(
            `  … and ${summary.rejections.length - SHOWN_REJECTIONS} more (use --json, or download them on the import page)`,
          )
      }
      process.stdout.write(`${lines.join('\n')}\n`)
    })

  spend
    .command('report')
    .description('spend figures for an organisation or a network: tiers, size, VCSE, quarters, top suppliers, leakage')
    .option('--org <id>', 'the organisation')
    .option('--network <id>', 'a network of organisations, pooled')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: a year before the latest payment)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: the latest payment)')
    .option('--json', 'print as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = reportOptions.safeParse(raw)
      if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('; '))
      const o = parsed.data
      const report = await withRuntime(({ services }) =>
        services.spendReport.report(o.org ? { organisationId: o.org } : { networkId: o.network! }, {
          from: o.from,
          to: o.to,
        }),
      )
      if (o.json) return printJson(report)
      const line = (label: string, f: { amount: string; count: number }) =>
        `  ${label.padEnd(28)} ${formatMoney(f.amount).padStart(18)} ${f.count.toLocaleString('en-GB').padStart(10)} payments`
      process.stdout.write(
        [
          `Spend of ${report.organisation}, ${report.from} to ${report.to}`,
          line('Total', report.total),
          'By tier:',
          ...Object.entries(report.byTier).map(([k, f]) => line(k, f)),
          'By size:',
          ...Object.entries(report.bySize).map(([k, f]) => line(k, f)),
          'Voluntary, community and social enterprise:',
          ...Object.entries(report.vcse).map(([k, f]) => line(k, f)),
          'By quarter:',
          ...report.byQuarter.map((q) => line(q.quarter, q)),
          'Top suppliers:',
          ...report.topSuppliers.slice(0, 10).map((s) => line(s.name.slice(0, 28), s)),
          line('Leakage (outside the home area)', report.leakage.total),
        ].join('\n') + '\n',
      )
    })
}
