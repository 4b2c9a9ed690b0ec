// The contracts register for an organisation's people: list, add, edit, vary, due soon and outstanding actions.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'

export default function contractManageRoutes(_app: FastifyInstance, _services: Services): void {}
