// Pages anyone can read: the start page, the statements, and the health check.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { get } from '../../support/route.js'

const PUBLIC = { kind: 'public' } as const

export default function publicRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.start, PUBLIC, async (request, reply) => {
    const organisations = await services.organisations.list()
    return reply.view('pages/start', { organisations })
  })
  get(app, paths.accessibility, PUBLIC, async (_request, reply) => reply.view('pages/accessibility'))
  get(app, paths.cookies, PUBLIC, async (_request, reply) => reply.view('pages/cookies'))
  get(app, paths.privacy, PUBLIC, async (_request, reply) => reply.view('pages/privacy'))
  get(app, paths.health, PUBLIC, async (_request, reply) => {
    const database = await services.system.isDatabaseUp()
    return reply.code(database ? 200 : 503).send({ status: database ? 'ok' : 'unavailable', database })
  })
}
