import type { Command } from 'commander'
import { commandLineActor, list, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'

export function registerNetworkCommands(program: Command): void {
  const network = program.command('network').description('anchor networks of organisations')

  network
    .command('add')
    .description('add a network of organisations')
    .requiredOption('--id <id>', 'identifier: lower-case letters, digits and hyphens')
    .requiredOption('--name <name>', 'name, e.g. "Islington Anchor Network"')
    .requiredOption('--members <ids>', 'member organisation identifiers, comma-separated')
    .option('--description <text>', 'what the network is for', '')
    .option('--json', 'print the network as JSON')
    .action(async (o: { id: string; name: string; members: string; description: string; json?: boolean }) => {
      const memberIds = list(o.members) ?? []
      if (memberIds.length === 0) throw new CliUsageError('Give at least one member with --members')
      const added = await withRuntime(({ services }) =>
        services.organisations.addNetwork(commandLineActor(), {
          id: o.id,
          name: o.name,
          description: o.description,
          memberIds,
        }),
      )
      if (o.json) return printJson(added)
      process.stdout.write(`Added ${added.name} (${added.id}) with ${added.members.map((m) => m.name).join(', ')}.\n`)
    })

  network
    .command('list')
    .description('list networks')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const networks = await withRuntime(({ services }) => services.organisations.listNetworks())
      if (options.json) return printJson(networks)
      if (networks.length === 0) return void process.stdout.write('There are no networks.\n')
      for (const n of networks)
        process.stdout.write(`${n.id.padEnd(24)} ${n.name}: ${n.members.map((m) => m.id).join(', ')}\n`)
    })
}
