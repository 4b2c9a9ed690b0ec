// The signed-in home page: where you are working and what you can do there.
import type { FastifyInstance } from 'fastify'
import { roleIn, suppliersOf } from '../../../domain/access/roles.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { get } from '../../support/route.js'

export default function homeRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.home, { kind: 'signed-in' }, async (request, reply) => {
    const principal = request.principal!
    const organisation = request.organisationId ? await services.organisations.get(request.organisationId) : null
    const networks = organisation
      ? await services.organisations.listNetworks(await services.organisations.networksOf(organisation.id))
      : []
    return reply.view('pages/home', {
      organisation,
      networks,
      role: organisation ? roleIn(principal, organisation.id) : null,
      suppliers: suppliersOf(principal),
    })
  })
}
