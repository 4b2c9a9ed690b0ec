// Assembles the web app: security, sessions, views, access control, routes, errors.
import fastifyFormbody from '@fastify/formbody'
import fastifyMultipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import fastifyView from '@fastify/view'
import Fastify, { type FastifyInstance } from 'fastify'
import path from 'node:path'
import qs from 'node:querystring'
import { currentOrganisation, isAllowed, type Principal } from '../domain/access/roles.js'
import type { Actor } from '../domain/audit/audit.js'
import type { Services } from '../services.js'
import { setUpSecurity } from './middleware/set-up-security.js'
import { setUpSession } from './middleware/set-up-session.js'
import { paths } from './paths.js'
import { registerRoutes } from './routes/index.js'
import { requireAccessRules, type RegisteredRoute } from './support/access.js'
import { handleError, handleNotFound } from './support/errors.js'
import { createNunjucksEnv, govukFrontendDist, viewsDir } from './support/nunjucks.js'
import { buildLocals } from './support/locals.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
    /** The organisation the signed-in person is working in (checked against their memberships on every request). */
    organisationId: string | null
    actor: Actor
  }
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[]
  }
  interface FastifyReply {
    /** Merged into every view's context by @fastify/view. */
    locals: Record<string, unknown>
  }
}

export type WebOptions = {
  sessionSecret: string
  secureCookies: boolean
  demo: boolean
  logLevel?: string
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy?: boolean
  /** Served only over HTTPS (production): adds HSTS and upgrade-insecure-requests. */
  httpsOnly?: boolean
  /** Sign-in attempts allowed per address per minute (tests that sign in many times raise it). */
  signInRateLimit?: number
}

export async function createApp(services: Services, options: WebOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  })
  app.decorate('registeredRoutes', requireAccessRules(app))
  app.decorateRequest('principal', null)
  app.decorateRequest('organisationId', null)
  app.decorateRequest('actor', null as unknown as Actor)

  await app.register(fastifyFormbody, { parser: (body) => qs.parse(body) })
  // Files are read by the route that wants them (request.file()), with its own size limit.
  await app.register(fastifyMultipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1, fields: 10 } })
  await setUpSession(app, {
    sessions: services.sessions,
    secret: options.sessionSecret,
    secureCookies: options.secureCookies,
  })
  await setUpSecurity(app, { httpsOnly: options.httpsOnly ?? false })

  await app.register(fastifyStatic, { root: path.join(govukFrontendDist, 'govuk', 'assets'), prefix: '/assets/' })
  await app.register(fastifyStatic, {
    root: path.join(viewsDir, '..', 'public'),
    prefix: '/public/',
    decorateReply: false,
  })
  await app.register(fastifyStatic, {
    root: path.join(govukFrontendDist, 'govuk'),
    prefix: '/govuk/',
    decorateReply: false,
    allowedPath: (p) => /^\/?govuk-frontend\.min\.(js|css)(\.map)?$/.test(p),
  })
  // @fastify/view calls engine.configure(); handing it our own environment keeps the loader paths and filters in one place.
  const nunjucksEnv = createNunjucksEnv()
  await app.register(fastifyView, {
    engine: { nunjucks: { configure: () => nunjucksEnv } },
    templates: viewsDir,
    viewExt: 'njk',
  })

  // Who is asking, and may they? Runs on every request before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    // Static files have no rule and need no one; an unmatched address (a 404) is public, but its page should still
    // show who is signed in.
    const notFound = request.routeOptions.url === undefined
    const access = request.routeOptions.config?.access ?? (notFound ? ({ kind: 'public' } as const) : undefined)
    if (!access) return
    const userId = request.session?.userId
    if (userId) {
      request.principal = await services.auth.principal(userId, request.session.currentOrganisationId ?? null)
      // A fresh, empty session: the old one is gone from the store, and the code below can still use one.
      if (!request.principal) await request.session.regenerate()
    }
    request.organisationId = request.principal ? currentOrganisation(request.principal) : null
    request.actor = {
      userId: request.principal?.userId ?? null,
      label: request.principal?.email ?? 'public',
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    }
    reply.locals = buildLocals(request, reply, { demo: options.demo })
    if (isAllowed(request.principal, access, request.organisationId)) return
    if (!request.principal) {
      if (request.method === 'GET') {
        request.session.returnTo = request.url
        return reply.redirect(paths.signIn)
      }
      return reply.code(401).view('errors/unauthorised')
    }
    return reply.code(403).view('errors/forbidden')
  })

  app.setErrorHandler(handleError)
  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) }, handleNotFound)

  await registerRoutes(app, services, { signInRateLimit: options.signInRateLimit ?? 10 })
  return app
}
