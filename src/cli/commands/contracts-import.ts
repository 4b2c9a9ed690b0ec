// `cwb contracts import FILE --org ID [--buyer TEXT] [--json]`: a register (CSV or XLSX), OCDS (a file or a folder of
// release or record packages) or the Contracts Finder notice feed.
import fs from 'node:fs'
import type { Command } from 'commander'
import type { ContractImportSummary } from '../../services/contract-import.service.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'

const SHOWN_REJECTIONS = 20
const n = (v: number) => v.toLocaleString('en-GB')

const FORMAT_LABELS: Record<ContractImportSummary['format'], string> = {
  register: 'contracts register',
  ocds: 'OCDS',
  'notice-feed': 'Contracts Finder notice feed',
}

/** The human summary: counts, the buyer filter, skipped reasons, warnings and the first rejections. */
export function describeContractImport(s: ContractImportSummary): string {
  const lines = [
    `Read ${n(s.read)} ${s.format === 'register' ? 'rows' : s.format === 'ocds' ? 'contracting processes' : 'notices'} (${FORMAT_LABELS[s.format]}).`,
    `Contracts: ${n(s.created)} created, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged.`,
    `Skipped: ${n(s.skipped)}. Rejected: ${n(s.rejected)}.`,
  ]
  if (s.buyer)
    lines.push(`Buyer filter “${s.buyer}”: ${n(s.leftOutByBuyer)} left out because another buyer published them.`)
  for (const r of s.skippedReasons) lines.push(`  skipped ${n(r.count)}: ${r.reason}`)
  for (const w of s.warnings) lines.push(`Warning: ${w}`)
  if (s.rejections.length > 0) {
    lines.push('Rejected:')
    for (const r of s.rejections.slice(0, SHOWN_REJECTIONS)) lines.push(`  row ${r.row}: ${r.reason}`)
    if (s.rejections.length > SHOWN_REJECTIONS)
      lines.push(
        `  … and ${n(s.rejections.length - SHOWN_REJECTIONS)} more (use --json, or download them on the import page)`,
      )
  }
  return `${lines.join('\n')}\n`
}

export function registerContractsImport(contracts: Command): void {
  contracts
    .command('import')
    .description(
      'import a contracts register (CSV, .csv.gz or XLSX), OCDS releases or records (a file or a folder), or a Contracts Finder notice feed',
    )
    .argument('<file>', 'the file, or a folder of OCDS .json files')
    .requiredOption('--org <id>', 'the organisation whose register it is')
    .option('--buyer <text>', 'keep only releases, notices or rows whose buyer name or id contains this text')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { org: string; buyer?: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliUsageError(`There is no file ${file}`)
      const summary = await withRuntime(async ({ services }) => {
        await services.organisations.get(options.org)
        return services.contractImport.importFile(commandLineActor(), {
          organisationId: options.org,
          path: file,
          buyer: options.buyer ?? null,
        })
      })
      if (options.json) return printJson({ ...summary, contracts: undefined })
      process.stdout.write(describeContractImport(summary))
    })
}
