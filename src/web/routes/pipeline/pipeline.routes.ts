// The forward pipeline of planned procurements: officers keep it, the public reads it and downloads it.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services.js'

export default function pipelineRoutes(_app: FastifyInstance, _services: Services): void {}
