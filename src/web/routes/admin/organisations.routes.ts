// Installation administrators add and change organisations and their place definitions.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { resolveDistricts } from '../../../domain/geography/resolve-districts.js'
import { ConflictError, InvalidInputError } from '../../../domain/errors.js'
import {
  ORGANISATION_TYPE_LABELS,
  ORGANISATION_TYPES,
  slugify,
  type Organisation,
  type OrganisationType,
} from '../../../domain/organisations/organisation.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'

const ADMIN = { kind: 'admin' } as const

const organisationSchema = z
  .object({
    _csrf: z.string().optional(),
    id: z.string().trim().optional(),
    name: z.string().trim().min(1, 'Enter the organisation’s name').max(200, 'Name must be 200 characters or fewer'),
    type: z.enum(ORGANISATION_TYPES as [OrganisationType, ...OrganisationType[]], {
      message: 'Select the type of organisation',
    }),
    home: z.string().trim().min(1, 'Enter at least one local authority district for the home area'),
    neighbours: z.string().trim().optional(),
    regionCode: z.string().trim().optional(),
    orgIdentifier: z.string().trim().max(80, 'Organisation identifier must be 80 characters or fewer').optional(),
  })
  .strict()

type OrganisationForm = z.infer<typeof organisationSchema>

export default function organisationAdminRoutes(app: FastifyInstance, services: Services): void {
  const geo = services.deps.geography
  const regions = [...geo.regions.values()].sort((a, b) => a.name.localeCompare(b.name))

  function formView(
    reply: FastifyReply,
    status: number,
    ctx: { mode: 'add' | 'edit'; values: object; errors?: FormErrors; organisation?: Organisation },
  ) {
    const selectedType = (ctx.values as { type?: string }).type
    const selectedRegion = (ctx.values as { regionCode?: string }).regionCode ?? ''
    return reply.code(status).view('pages/admin/organisation-form', {
      ...ctx,
      typeItems: ORGANISATION_TYPES.map((t) => ({
        value: t,
        text: ORGANISATION_TYPE_LABELS[t],
        checked: t === selectedType,
      })),
      regionItems: [
        { value: '', text: 'The region of the home area' },
        ...regions.map((r) => ({ value: r.code, text: r.name, selected: r.code === selectedRegion })),
      ],
    })
  }

  /** Turns the typed areas into codes, or field errors. */
  function toInput(data: OrganisationForm, id: string) {
    const home = resolveDistricts(geo, data.home)
    const neighbours = resolveDistricts(geo, data.neighbours ?? '')
    const errors: Record<string, string> = {}
    if (home.unknown.length) errors.home = `No current local authority district is called ${home.unknown.join(', ')}`
    if (neighbours.unknown.length)
      errors.neighbours = `No current local authority district is called ${neighbours.unknown.join(', ')}`
    return {
      errors,
      input: {
        id,
        name: data.name,
        type: data.type,
        home: home.codes,
        neighbours: data.neighbours ? neighbours.codes : undefined,
        regionCode: data.regionCode || undefined,
        orgIdentifier: data.orgIdentifier || null,
      },
    }
  }

  get(app, paths.adminOrganisations, ADMIN, async (_request, reply) => {
    const organisations = await services.organisations.list()
    return reply.view('pages/admin/organisations', { organisations, typeLabels: ORGANISATION_TYPE_LABELS })
  })

  get(app, paths.adminOrganisationAdd, ADMIN, async (_request, reply) =>
    formView(reply, 200, { mode: 'add', values: {} }),
  )

  post(app, paths.adminOrganisationAdd, ADMIN, organisationSchema, async (request, reply, form) => {
    if (!form.ok) return formView(reply, 400, { mode: 'add', values: form.values, errors: form.errors })
    const id = form.data.id || slugify(form.data.name)
    const { errors, input } = toInput(form.data, id)
    if (Object.keys(errors).length)
      return formView(reply, 400, {
        mode: 'add',
        values: form.data,
        errors: formErrorsFrom(errors, { field: 'home', message: '' }),
      })
    try {
      const org = await services.organisations.add(request.actor, input)
      flash(request, `${org.name} has been added.`)
      return reply.redirect(paths.adminOrganisation(org.id))
    } catch (error) {
      if (error instanceof ConflictError)
        return formView(reply, 400, {
          mode: 'add',
          values: form.data,
          errors: formErrorsFrom({ id: error.message }, { field: 'id', message: error.message }),
        })
      if (error instanceof InvalidInputError)
        return formView(reply, 400, {
          mode: 'add',
          values: form.data,
          errors: formErrorsFrom(error.fields, { field: 'home', message: error.message }),
        })
      throw error
    }
  })

  get(app, paths.adminOrganisation(':id'), ADMIN, async (request, reply) => {
    const organisation = await services.organisations.get(param(request, 'id'))
    const people = await services.users.list({ organisationId: organisation.id })
    const networks = await services.organisations.listNetworks(await services.organisations.networksOf(organisation.id))
    return reply.view('pages/admin/organisation', {
      organisation,
      people,
      networks,
      typeLabel: ORGANISATION_TYPE_LABELS[organisation.type],
    })
  })

  get(app, paths.adminOrganisationEdit(':id'), ADMIN, async (request, reply) => {
    const organisation = await services.organisations.get(param(request, 'id'))
    return formView(reply, 200, {
      mode: 'edit',
      organisation,
      values: {
        id: organisation.id,
        name: organisation.name,
        type: organisation.type,
        home: organisation.home.map((a) => a.name).join('\n'),
        neighbours: organisation.neighbours.map((a) => a.name).join('\n'),
        regionCode: organisation.region.code,
        orgIdentifier: organisation.orgIdentifier ?? '',
      },
    })
  })

  post(app, paths.adminOrganisationEdit(':id'), ADMIN, organisationSchema, async (request, reply, form) => {
    const organisation = await services.organisations.get(param(request, 'id'))
    if (!form.ok)
      return formView(reply, 400, {
        mode: 'edit',
        organisation,
        values: { ...form.values, id: organisation.id },
        errors: form.errors,
      })
    const { errors, input } = toInput(form.data, organisation.id)
    const values = { ...form.data, id: organisation.id }
    if (Object.keys(errors).length)
      return formView(reply, 400, {
        mode: 'edit',
        organisation,
        values,
        errors: formErrorsFrom(errors, { field: 'home', message: '' }),
      })
    try {
      await services.organisations.update(request.actor, input)
    } catch (error) {
      if (error instanceof InvalidInputError)
        return formView(reply, 400, {
          mode: 'edit',
          organisation,
          values,
          errors: formErrorsFrom(error.fields, { field: 'home', message: error.message }),
        })
      throw error
    }
    flash(request, `${form.data.name} has been updated.`)
    return reply.redirect(paths.adminOrganisation(organisation.id))
  })
}
