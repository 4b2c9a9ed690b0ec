// Security headers with a per-request CSP nonce, CSRF tokens on every form, and rate limits.
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'

export async function setUpSecurity(app: FastifyInstance, options: { httpsOnly: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    // With enableCSPNonces helmet adds a fresh nonce to script-src and style-src on every response, and exposes it
    // as reply.cspNonce, which the layout passes to the GOV.UK template's inline script.
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Only behind TLS in production: on http://localhost these would send the browser to https.
        upgradeInsecureRequests: options.httpsOnly ? [] : null,
      },
    },
    strictTransportSecurity: options.httpsOnly ? { maxAge: 31536000, includeSubDomains: true } : false,
    // DENY, to match frame-ancestors 'none' for browsers that only know X-Frame-Options (helmet's default is SAMEORIGIN).
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  })
  // Synchroniser-token CSRF: the secret lives in the server-side session, the token in each form's _csrf field.
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    // A file upload streams its body, so the check runs before the body is read: those forms carry the token in their
    // action's query string. Every other form must send it in the body.
    getToken: (request) => {
      const body = request.body as { _csrf?: unknown } | undefined
      if (typeof body?._csrf === 'string') return body._csrf
      const multipart = request.headers['content-type']?.startsWith('multipart/form-data')
      const query = request.query as { _csrf?: unknown } | undefined
      return multipart && typeof query?._csrf === 'string' ? query._csrf : undefined
    },
  })
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') return app.csrfProtection(request, reply, done)
    done()
  })
  // Limits are per web process; lockout after failed sign-ins is kept in the database and holds across processes.
  await app.register(fastifyRateLimit, { global: false })
}
