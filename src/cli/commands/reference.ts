// `cwb reference import postcodes|companies|charities|coops FILE`: load the public registers suppliers are matched
// against, from the files their publishers release (see docs and the service for the formats).
import fs from 'node:fs'
import type { Command } from 'commander'
import {
  REGISTER_KINDS,
  type ReferenceImportResult,
  type ReferenceService,
  type RegisterKind,
} from '../../services/reference.service.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'
import { progressBar } from '../support/progress.js'

type Importer = ReferenceService['importPostcodes']
const IMPORTERS: Record<RegisterKind, (service: ReferenceService) => Importer> = {
  postcodes: (service) => service.importPostcodes,
  companies: (service) => service.importCompanies,
  charities: (service) => service.importCharities,
  coops: (service) => service.importCoops,
}

const DESCRIPTIONS: Record<RegisterKind, string> = {
  postcodes: 'ONS Postcode Directory or NSPL CSV (pcds, laua, doterm columns); live postcodes only',
  companies: 'Companies House BasicCompanyData CSV',
  charities: 'Charity Commission register extract, publicextract.charity.txt (tab-separated); main charities only',
  coops: 'Co-operatives UK open data CSV',
}

const SHOWN_REJECTIONS = 20

export function registerReferenceCommands(program: Command): void {
  const reference = program
    .command('reference')
    .description('public registers: postcodes, companies, charities, co-ops')
  const importCommand = reference
    .command('import')
    .description('load a register from its published file; re-running a file changes nothing')

  for (const kind of REGISTER_KINDS) {
    importCommand
      .command(kind)
      .description(DESCRIPTIONS[kind])
      .argument('<file>', 'the file (.csv, .txt, or gzipped .gz)')
      .option('--json', 'print the summary as JSON')
      .action(async (file: string, options: { json?: boolean }) => {
        if (!fs.existsSync(file)) throw new CliUsageError(`There is no file ${file}`)
        const bar = progressBar(`Importing ${kind}`)
        const result = await withRuntime(({ services }) =>
          IMPORTERS[kind](services.reference)(
            { path: file },
            (p) => bar.update(p.bytesRead, p.totalBytes ?? 0, p.rowsRead),
            commandLineActor(),
          ),
        )
        bar.finish(`Read ${result.rowsRead.toLocaleString('en-GB')} ${kind} rows from ${result.file}`)
        if (options.json) return printJson(result)
        process.stdout.write(`${summaryLines(result).join('\n')}\n`)
      })
  }
}

function summaryLines(result: ReferenceImportResult): string[] {
  const n = (value: number) => value.toLocaleString('en-GB')
  const rate = result.seconds > 0 ? Math.round(result.rowsRead / result.seconds) : result.rowsRead
  const lines = [
    `Imported ${n(result.imported)} of ${n(result.rowsRead)} rows into the ${result.register} register ` +
      `(${n(result.skipped)} skipped, ${n(result.rejected)} rejected) in ${result.seconds} s, ${n(rate)} rows/s.`,
  ]
  if (result.rejections.length > 0) {
    lines.push('Rejected rows:')
    for (const r of result.rejections.slice(0, SHOWN_REJECTIONS)) lines.push(`  row ${r.row}: ${r.reason}`)
    if (result.rejected > SHOWN_REJECTIONS)
      lines.push(`  … and ${n(result.rejected - SHOWN_REJECTIONS)} more (use --json)`)
  }
  return lines
}
