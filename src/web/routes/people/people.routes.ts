// Organisation administrators manage the people of their own organisation.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ORG_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../domain/access/roles.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formErrorsFrom } from '../../support/forms.js'
import { flash, get, post } from '../../support/route.js'
import { addPersonSchema, changeRoleSchema, confirmSchema, personIdSchema } from './people.schema.js'

const ORG_ADMIN = { kind: 'org', roles: ['org_admin'] } as const

const roleItems = (selected?: string) =>
  ORG_ROLES.map((r) => ({
    value: r,
    text: ROLE_LABELS[r],
    hint: { text: ROLE_DESCRIPTIONS[r] },
    checked: r === selected,
  }))

export default function peopleRoutes(app: FastifyInstance, services: Services): void {
  /** The person, if they belong to the organisation the administrator is working in. */
  async function personInMyOrganisation(request: FastifyRequest) {
    const id = personIdSchema.safeParse((request.params as { id: string }).id)
    if (!id.success) throw new NotFoundError('There is no such person')
    const person = await services.users.get(id.data)
    const membership = person.memberships.find(
      (m) => 'organisationId' in m && m.organisationId === request.organisationId,
    )
    if (!membership) throw new NotFoundError('There is no such person in your organisation')
    return { person, membership }
  }

  get(app, paths.organisationPeople, ORG_ADMIN, async (request, reply) => {
    const organisationId = request.organisationId!
    const people = await services.users.list({ organisationId })
    const organisation = await services.organisations.get(organisationId)
    return reply.view('pages/people/list', {
      organisation,
      people: people.map((p) => {
        const m = p.memberships.find((x) => 'organisationId' in x && x.organisationId === organisationId)
        return { ...p, roleLabel: m ? ROLE_LABELS[m.role] : '' }
      }),
    })
  })

  get(app, paths.organisationPeopleAdd, ORG_ADMIN, async (_request, reply) =>
    reply.view('pages/people/add', { values: {}, roleItems: roleItems() }),
  )

  post(app, paths.organisationPeopleAdd, ORG_ADMIN, addPersonSchema, async (request, reply, form) => {
    const again = (errors: object, values: Record<string, unknown>) =>
      reply.code(400).view('pages/people/add', { errors, values, roleItems: roleItems(values.role as string) })
    if (!form.ok) return again(form.errors, form.values)
    try {
      await services.users.add(request.actor, { ...form.data, organisationId: request.organisationId! })
    } catch (error) {
      if (error instanceof ConflictError)
        return again(formErrorsFrom({ email: error.message }, { field: 'email', message: error.message }), form.data)
      if (error instanceof InvalidInputError)
        return again(formErrorsFrom(error.fields, { field: 'email', message: error.message }), form.data)
      throw error
    }
    flash(request, `${form.data.name} has been added and emailed a link to set their password.`)
    return reply.redirect(paths.organisationPeople)
  })

  get(app, paths.organisationPerson(':id'), ORG_ADMIN, async (request, reply) => {
    const { person, membership } = await personInMyOrganisation(request)
    return reply.view('pages/people/person', {
      person,
      roleLabel: ROLE_LABELS[membership.role],
      roleItems: roleItems(membership.role),
      isSelf: person.id === request.principal!.userId,
    })
  })

  post(app, paths.organisationPersonRole(':id'), ORG_ADMIN, changeRoleSchema, async (request, reply, form) => {
    const { person } = await personInMyOrganisation(request)
    if (!form.ok) return reply.redirect(paths.organisationPerson(person.id))
    if (person.id === request.principal!.userId && form.data.role !== 'org_admin' && !request.principal!.isAdmin)
      throw new InvalidInputError('You cannot remove your own administrator role. Ask another administrator.')
    await services.users.grant(request.actor, {
      userId: person.id,
      role: form.data.role,
      organisationId: request.organisationId!,
    })
    flash(request, `${person.name} is now ${ROLE_LABELS[form.data.role].toLowerCase()}.`)
    return reply.redirect(paths.organisationPerson(person.id))
  })

  post(app, paths.organisationPersonRemove(':id'), ORG_ADMIN, confirmSchema, async (request, reply) => {
    const { person } = await personInMyOrganisation(request)
    if (person.id === request.principal!.userId)
      throw new InvalidInputError('You cannot remove yourself. Ask another administrator.')
    await services.users.revoke(request.actor, { userId: person.id, organisationId: request.organisationId! })
    flash(request, `${person.name} has been removed from the organisation and signed out.`)
    return reply.redirect(paths.organisationPeople)
  })
}
