// Every route declares who may use it. Registration fails for a route that does not, so none is left open by mistake.
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { ZodType } from 'zod'
import type { Access } from '../../domain/access/roles.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** The zod schema a POST body must pass. Required on every POST route. */
    form?: ZodType
  }
}

export type RegisteredRoute = { method: string; url: string; access: Access }

/** Routes that are not pages of the app (static assets, plugin internals) and are public by nature. */
const EXEMPT_PREFIXES = ['/assets/', '/public/', '/govuk/']

/** Adds the onRoute check and returns the list that fills up as routes register (the route × role test reads it). */
export function requireAccessRules(app: FastifyInstance): RegisteredRoute[] {
  const registered: RegisteredRoute[] = []
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const access = route.config?.access
    // Pages under /public/ (e.g. an organisation's published spend) declare a rule like any other route.
    if (!access && EXEMPT_PREFIXES.some((p) => route.url.startsWith(p))) return
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} has no access rule (config.access)`)
    if (methods.includes('POST') && !route.config?.form)
      throw new Error(`Missing validation schema for POST route ${route.url} (config.form)`)
    for (const method of methods) if (method !== 'HEAD') registered.push({ method, url: route.url, access })
  })
  return registered
}
