import type { Command } from 'commander'
import { z } from 'zod'
import { ORGANISATION_TYPES, type OrganisationType } from '../../domain/organisations/organisation.js'
import { CliUsageError } from '../support/errors.js'
import { commandLineActor, list, printJson, withRuntime } from '../support/context.js'

const addOptions = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'Give the organisation a --name'),
  type: z.enum(ORGANISATION_TYPES as [OrganisationType, ...OrganisationType[]], {
    message: `--type must be one of ${ORGANISATION_TYPES.join(', ')}`,
  }),
  home: z.string().min(1, 'Give the home area with --home GSS[,GSS…]'),
  neighbours: z.string().optional(),
  region: z.string().optional(),
  orgIdentifier: z.string().optional(),
  json: z.boolean().optional(),
})

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('organisations (anchor institutions)')

  org
    .command('add')
    .description('add an organisation; neighbours and region default from the shipped geography')
    .requiredOption('--id <id>', 'identifier: lower-case letters, digits and hyphens')
    .requiredOption('--name <name>', 'name, e.g. "Islington Council"')
    .requiredOption('--type <type>', `one of ${ORGANISATION_TYPES.join(', ')}`)
    .requiredOption('--home <codes>', 'home area: local authority district GSS codes, comma-separated (e.g. E09000019)')
    .option(
      '--neighbours <codes>',
      'neighbouring districts that count as sub-regional (default: those bordering the home area)',
    )
    .option('--region <code>', 'region GSS code (default: the home area’s region)')
    .option('--org-identifier <id>', 'its identifier in org-id form, e.g. GB-LAE-ISL (used in open contracting data)')
    .option('--json', 'print the organisation as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = addOptions.safeParse(raw)
      if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('; '))
      const o = parsed.data
      const added = await withRuntime(({ services }) =>
        services.organisations.add(commandLineActor(), {
          id: o.id,
          name: o.name,
          type: o.type,
          home: list(o.home) ?? [],
          neighbours: list(o.neighbours),
          regionCode: o.region,
          orgIdentifier: o.orgIdentifier ?? null,
        }),
      )
      if (o.json) return printJson(added)
      process.stdout.write(
        `Added ${added.name} (${added.id}). Local: ${added.home.map((a) => a.name).join(', ')}. ` +
          `Sub-regional: ${added.neighbours.map((a) => a.name).join(', ') || 'none'}. Region: ${added.region.name}.\n`,
      )
    })

  org
    .command('list')
    .description('list organisations')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const organisations = await withRuntime(({ services }) => services.organisations.list())
      if (options.json) return printJson(organisations)
      if (organisations.length === 0) return void process.stdout.write('There are no organisations.\n')
      for (const o of organisations)
        process.stdout.write(
          `${o.id.padEnd(24)} ${o.type.padEnd(10)} ${o.name} – ${o.home.map((a) => a.name).join(', ')}\n`,
        )
    })
}
