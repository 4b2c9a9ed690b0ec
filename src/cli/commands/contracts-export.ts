// `cwb contracts export --org ID --format csv|ocds-releases|ocds-records [--public]`: the register to stdout.
import { once } from 'node:events'
import type { Command } from 'commander'
import { CONTRACT_EXPORT_FORMATS, type ContractExportFormat } from '../../services/contract-export.service.js'
import { withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'

export function registerContractsExport(contracts: Command): void {
  contracts
    .command('export')
    .description(
      'write the contracts register to stdout: CSV in the Transparency Code shape, or OCDS 1.1 release or record packages',
    )
    .requiredOption('--org <id>', 'the organisation whose register it is')
    .option('--format <format>', CONTRACT_EXPORT_FORMATS.join(', '), 'csv')
    .option(
      '--public',
      'only what the public register shows: withheld fields left out, no owners, no cancelled contracts',
    )
    .action(async (options: { org: string; format: string; public?: boolean }) => {
      if (!(CONTRACT_EXPORT_FORMATS as readonly string[]).includes(options.format))
        throw new CliUsageError(`--format must be one of ${CONTRACT_EXPORT_FORMATS.join(', ')}`)
      const file = await withRuntime(({ services }) =>
        services.contractExport.exportRegister(
          options.org,
          options.format as ContractExportFormat,
          options.public ? 'public' : 'internal',
        ),
      )
      // A piece at a time, waiting when the reader is slower than the export.
      for (const chunk of file.chunks()) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
    })
}
