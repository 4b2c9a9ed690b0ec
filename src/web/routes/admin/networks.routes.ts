// Installation administrators group organisations into anchor networks.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { ConflictError, InvalidInputError } from '../../../domain/errors.js'
import { slugify, type Network } from '../../../domain/organisations/organisation.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { asArray, formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'

const ADMIN = { kind: 'admin' } as const

const networkSchema = z
  .object({
    _csrf: z.string().optional(),
    id: z.string().trim().optional(),
    name: z.string().trim().min(1, 'Enter the network’s name').max(200, 'Name must be 200 characters or fewer'),
    description: z.string().trim().max(2000, 'Description must be 2,000 characters or fewer').default(''),
    members: z.preprocess(asArray, z.array(z.string()).min(1, 'Select at least one member organisation')),
  })
  .strict()

export default function networkAdminRoutes(app: FastifyInstance, services: Services): void {
  async function formView(
    reply: FastifyReply,
    status: number,
    ctx: { mode: 'add' | 'edit'; values: Record<string, unknown>; errors?: FormErrors; network?: Network },
  ) {
    const organisations = await services.organisations.list()
    const chosen = asArray(ctx.values.members)
    return reply.code(status).view('pages/admin/network-form', {
      ...ctx,
      memberItems: organisations.map((o) => ({ value: o.id, text: o.name, checked: chosen.includes(o.id) })),
    })
  }

  get(app, paths.adminNetworks, ADMIN, async (_request, reply) =>
    reply.view('pages/admin/networks', { networks: await services.organisations.listNetworks() }),
  )

  get(app, paths.adminNetworkAdd, ADMIN, async (_request, reply) => formView(reply, 200, { mode: 'add', values: {} }))

  post(app, paths.adminNetworkAdd, ADMIN, networkSchema, async (request, reply, form) => {
    if (!form.ok) return formView(reply, 400, { mode: 'add', values: form.values, errors: form.errors })
    const input = {
      id: form.data.id || slugify(form.data.name),
      name: form.data.name,
      description: form.data.description,
      memberIds: form.data.members,
    }
    try {
      const network = await services.organisations.addNetwork(request.actor, input)
      flash(request, `${network.name} has been added.`)
      return reply.redirect(paths.adminNetwork(network.id))
    } catch (error) {
      if (error instanceof ConflictError || error instanceof InvalidInputError) {
        const fields = error instanceof InvalidInputError ? error.fields : { id: error.message }
        return formView(reply, 400, {
          mode: 'add',
          values: form.data,
          errors: formErrorsFrom(fields, { field: 'name', message: error.message }),
        })
      }
      throw error
    }
  })

  get(app, paths.adminNetwork(':id'), ADMIN, async (request, reply) =>
    reply.view('pages/admin/network', { network: await services.organisations.getNetwork(param(request, 'id')) }),
  )

  get(app, paths.adminNetworkEdit(':id'), ADMIN, async (request, reply) => {
    const network = await services.organisations.getNetwork(param(request, 'id'))
    return formView(reply, 200, {
      mode: 'edit',
      network,
      values: {
        id: network.id,
        name: network.name,
        description: network.description,
        members: network.members.map((m) => m.id),
      },
    })
  })

  post(app, paths.adminNetworkEdit(':id'), ADMIN, networkSchema, async (request, reply, form) => {
    const network = await services.organisations.getNetwork(param(request, 'id'))
    if (!form.ok)
      return formView(reply, 400, {
        mode: 'edit',
        network,
        values: { ...form.values, id: network.id },
        errors: form.errors,
      })
    try {
      await services.organisations.updateNetwork(request.actor, {
        id: network.id,
        name: form.data.name,
        description: form.data.description,
        memberIds: form.data.members,
      })
    } catch (error) {
      if (error instanceof InvalidInputError)
        return formView(reply, 400, {
          mode: 'edit',
          network,
          values: form.data,
          errors: formErrorsFrom(error.fields, { field: 'members', message: error.message }),
        })
      throw error
    }
    flash(request, `${form.data.name} has been updated.`)
    return reply.redirect(paths.adminNetwork(network.id))
  })
}
