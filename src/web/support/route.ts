// Small wrappers so every route states its access rule, and every POST its form schema.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Access } from '../../domain/access/roles.js'
import { parseForm, type FormResult } from './forms.js'

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>
type FormHandler<T> = (request: FastifyRequest, reply: FastifyReply, form: FormResult<T>) => Promise<unknown>

export function get(app: FastifyInstance, url: string, access: Access, handler: Handler): void {
  app.route({ method: 'GET', url, config: { access }, handler })
}

export function post<S extends z.ZodType>(
  app: FastifyInstance,
  url: string,
  access: Access,
  form: S,
  handler: FormHandler<z.infer<S>>,
  options: { rateLimit?: { max: number; timeWindow: string } } = {},
): void {
  app.route({
    method: 'POST',
    url,
    config: { access, form, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) },
    handler: (request, reply) => handler(request, reply, parseForm(form, request.body)),
  })
}

/** Sets a one-time message shown on the next page. */
export function flash(request: FastifyRequest, text: string, heading?: string): void {
  request.session.flash = { text, heading }
}

/** Only same-site relative paths are followed after sign-in or a switch, never another host. */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return fallback
  return value
}

/** A path parameter, as a string. */
export function param(request: FastifyRequest, name: string): string {
  return String((request.params as Record<string, unknown>)[name] ?? '')
}
