import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'

export default function socialValueDashboardRoutes(_app: FastifyInstance, _services: Services): void {}
