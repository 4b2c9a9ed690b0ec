// Public downloads of the contracts register: CSV in the Transparency Code shape, OCDS release and record packages.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'

export default function contractDownloadRoutes(_app: FastifyInstance, _services: Services): void {}
