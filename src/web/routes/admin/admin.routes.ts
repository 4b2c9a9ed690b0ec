import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { get } from '../../support/route.js'
import networkAdminRoutes from './networks.routes.js'
import organisationAdminRoutes from './organisations.routes.js'
import userAdminRoutes from './users.routes.js'

export default function adminRoutes(app: FastifyInstance, services: Services): void {
  organisationAdminRoutes(app, services)
  networkAdminRoutes(app, services)
  userAdminRoutes(app, services)
  get(app, paths.adminOutbox, { kind: 'admin' }, async (_request, reply) =>
    reply.view('pages/admin/outbox', { emails: await services.mail.outbox(200) }),
  )
}
