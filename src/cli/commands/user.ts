import type { Command } from 'commander'
import { z } from 'zod'
import { MEMBERSHIP_ROLES, ROLE_LABELS, type MembershipRole } from '../../domain/access/roles.js'
import { commandLineActor, printJson, withRuntime } from '../support/context.js'
import { CliUsageError } from '../support/errors.js'

const ROLES = ['admin', ...MEMBERSHIP_ROLES] as const

const addOptions = z.object({
  email: z.email('--email must be an email address'),
  name: z.string().trim().min(1, 'Give the person a --name'),
  role: z.enum(ROLES as unknown as [string, ...string[]], { message: `--role must be one of ${ROLES.join(', ')}` }),
  org: z.string().optional(),
  supplier: z.uuid('--supplier must be a supplier id').optional(),
  passwordStdin: z.boolean().optional(),
  json: z.boolean().optional(),
})

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliUsageError('--password-stdin needs the password piped in, e.g. echo "…" | cwb user add …')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people who sign in')

  user
    .command('add')
    .description('add a person with a role; without --password-stdin they are emailed a link to set a password')
    .requiredOption('--email <email>', 'their email address')
    .requiredOption('--name <name>', 'their full name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--org <id>', 'the organisation (every role but admin and supplier)')
    .option('--supplier <id>', 'the supplier they act for (supplier role)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print the result as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = addOptions.safeParse(raw)
      if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('; '))
      const o = parsed.data
      if (o.role !== 'admin' && o.role !== 'supplier' && !o.org)
        throw new CliUsageError(`The ${o.role} role needs --org`)
      if (o.role === 'supplier' && !o.supplier) throw new CliUsageError('The supplier role needs --supplier')
      const password = o.passwordStdin ? await readStdin() : undefined
      if (o.passwordStdin && !password) throw new CliUsageError('No password was given on standard input')
      const result = await withRuntime(({ services }) =>
        services.users.add(commandLineActor(), {
          email: o.email,
          name: o.name,
          role: o.role as MembershipRole | 'admin',
          organisationId: o.org,
          supplierId: o.supplier,
          password,
        }),
      )
      if (o.json)
        return printJson({ id: result.user.id, email: result.user.email, role: o.role, emailedLink: !password })
      process.stdout.write(
        `Added ${result.user.name} <${result.user.email}> as ${ROLE_LABELS[o.role as MembershipRole | 'admin']}` +
          (o.org ? ` of ${o.org}` : '') +
          (password ? '.\n' : `. They have been emailed a link to set their password (also in the outbox).\n`),
      )
    })

  user
    .command('list')
    .description('list people and their roles')
    .option('--org <id>', 'only people with a role in this organisation')
    .option('--json', 'print as JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      const people = await withRuntime(({ services }) => services.users.list({ organisationId: options.org }))
      if (options.json) return printJson(people)
      for (const p of people) {
        const roles = [
          ...(p.isAdmin ? ['admin'] : []),
          ...p.memberships.map((m) => `${m.role}@${'organisationId' in m ? m.organisationId : m.supplierName}`),
        ]
        process.stdout.write(`${p.email.padEnd(36)} ${p.name.padEnd(28)} ${roles.join(', ')}\n`)
      }
    })
}
