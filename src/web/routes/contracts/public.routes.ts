// The public contracts register: search, filter, a page per contract with its history and payments.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'

export default function contractPublicRoutes(_app: FastifyInstance, _services: Services): void {}
