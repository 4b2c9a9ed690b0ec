// Installation administrators manage everyone: roles in any organisation, supplier links, disabling accounts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { MEMBERSHIP_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type MembershipRole } from '../../../domain/access/roles.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, post } from '../../support/route.js'

const ADMIN = { kind: 'admin' } as const
const csrf = { _csrf: z.string().optional() }
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)

const addUserSchema = z
  .object({
    ...csrf,
    name: z.string().trim().min(1, 'Enter their full name').max(200, 'Name must be 200 characters or fewer'),
    email: z
      .string()
      .trim()
      .min(1, 'Enter their email address')
      .email('Enter an email address in the correct format, like name@example.org'),
    role: z.enum(['admin', ...MEMBERSHIP_ROLES] as [string, ...string[]], { message: 'Select a role' }),
    organisationId: optionalId,
    supplierId: optionalId,
  })
  .strict()

const grantSchema = z
  .object({
    ...csrf,
    role: z.enum(MEMBERSHIP_ROLES as [string, ...string[]], { message: 'Select a role' }),
    organisationId: optionalId,
    supplierId: optionalId,
  })
  .strict()

const removeRoleSchema = z.object({ ...csrf, organisationId: optionalId, supplierId: optionalId }).strict()
const disableSchema = z.object({ ...csrf, disabled: z.enum(['true', 'false']) }).strict()

export default function userAdminRoutes(app: FastifyInstance, services: Services): void {
  const roleChoices = (selected?: string) => [
    {
      value: 'admin',
      text: ROLE_LABELS.admin,
      hint: { text: 'Runs the whole installation: organisations, networks and everyone’s accounts' },
      checked: selected === 'admin',
    },
    ...MEMBERSHIP_ROLES.map((r) => ({
      value: r,
      text: ROLE_LABELS[r],
      hint: { text: ROLE_DESCRIPTIONS[r] },
      checked: r === selected,
    })),
  ]

  async function choices(values: Record<string, unknown>) {
    const organisations = await services.organisations.list()
    const suppliers = await services.users.supplierChoices()
    return {
      organisationItems: [
        { value: '', text: 'Choose an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
      ],
      supplierItems: [
        { value: '', text: 'Choose a supplier' },
        ...suppliers.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.supplierId })),
      ],
    }
  }

  async function addView(reply: FastifyReply, status: number, values: Record<string, unknown>, errors?: FormErrors) {
    return reply.code(status).view('pages/admin/user-add', {
      values,
      errors,
      roleItems: roleChoices(values.role as string),
      ...(await choices(values)),
    })
  }

  async function userFromParams(request: FastifyRequest) {
    const id = z.uuid().safeParse((request.params as { id: string }).id)
    if (!id.success) throw new NotFoundError('There is no such person')
    return services.users.get(id.data)
  }

  get(app, paths.adminUsers, ADMIN, async (_request, reply) => {
    const people = await services.users.list()
    return reply.view('pages/admin/users', {
      people: people.map((p) => ({
        ...p,
        roles: [
          ...(p.isAdmin ? [ROLE_LABELS.admin] : []),
          ...p.memberships.map(
            (m) => `${ROLE_LABELS[m.role]}, ${'organisationName' in m ? m.organisationName : m.supplierName}`,
          ),
        ],
      })),
    })
  })

  get(app, paths.adminUserAdd, ADMIN, async (_request, reply) => addView(reply, 200, {}))

  post(app, paths.adminUserAdd, ADMIN, addUserSchema, async (request, reply, form) => {
    if (!form.ok) return addView(reply, 400, form.values, form.errors)
    try {
      const { user } = await services.users.add(request.actor, {
        ...form.data,
        role: form.data.role as MembershipRole | 'admin',
      })
      flash(request, `${user.name} has been added and emailed a link to set their password.`)
      return reply.redirect(paths.adminUser(user.id))
    } catch (error) {
      if (error instanceof ConflictError)
        return addView(reply, 400, form.data, formErrorsFrom({ email: error.message }, { field: 'email', message: '' }))
      if (error instanceof InvalidInputError)
        return addView(reply, 400, form.data, formErrorsFrom(error.fields, { field: 'role', message: error.message }))
      throw error
    }
  })

  get(app, paths.adminUser(':id'), ADMIN, async (request, reply) => {
    const person = await userFromParams(request)
    return reply.view('pages/admin/user', {
      person,
      isSelf: person.id === request.principal!.userId,
      memberships: person.memberships.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
      roleItems: MEMBERSHIP_ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })),
      ...(await choices({})),
    })
  })

  post(app, paths.adminUserRole(':id'), ADMIN, grantSchema, async (request, reply, form) => {
    const person = await userFromParams(request)
    if (!form.ok) throw new InvalidInputError(form.errors.list.map((e) => e.text).join('. '))
    await services.users.grant(request.actor, {
      userId: person.id,
      ...form.data,
      role: form.data.role as MembershipRole,
    })
    flash(request, `${person.name} has a new role.`)
    return reply.redirect(paths.adminUser(person.id))
  })

  post(app, paths.adminUserRemoveRole(':id'), ADMIN, removeRoleSchema, async (request, reply, form) => {
    const person = await userFromParams(request)
    if (!form.ok) throw new InvalidInputError('Choose the role to remove')
    await services.users.revoke(request.actor, { userId: person.id, ...form.data })
    flash(request, `The role has been removed from ${person.name}.`)
    return reply.redirect(paths.adminUser(person.id))
  })

  post(app, paths.adminUserDisable(':id'), ADMIN, disableSchema, async (request, reply, form) => {
    const person = await userFromParams(request)
    if (!form.ok) throw new InvalidInputError('Choose whether to disable the account')
    if (person.id === request.principal!.userId) throw new InvalidInputError('You cannot disable your own account')
    const disabled = form.data.disabled === 'true'
    await services.users.setDisabled(request.actor, person.id, disabled)
    flash(
      request,
      disabled
        ? `${person.name}’s account is disabled and they have been signed out.`
        : `${person.name}’s account is enabled again.`,
    )
    return reply.redirect(paths.adminUser(person.id))
  })
}
