// Sessions stored in the database (so web processes keep no state), with safe cookie settings.
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import type { FastifyInstance } from 'fastify'
import type { SessionService } from '../../services/session.service.js'

declare module 'fastify' {
  interface Session {
    userId?: string
    currentOrganisationId?: string
    flash?: { heading?: string; text: string; type?: 'success' | 'info' }
    /** The page to return to after signing in. */
    returnTo?: string
  }
}

export const SESSION_COOKIE = 'cwb_session'
/** Sessions last 8 hours of inactivity (rolling), like most GOV.UK services. */
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000

export async function setUpSession(
  app: FastifyInstance,
  options: { sessions: SessionService; secret: string; secureCookies: boolean },
): Promise<void> {
  const { sessions } = options
  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    cookieName: SESSION_COOKIE,
    secret: options.secret,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      secure: options.secureCookies,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: SESSION_MAX_AGE_MS,
    },
    store: {
      set(sid, session, callback) {
        const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>
        const expires = session.cookie.expires
          ? new Date(session.cookie.expires)
          : new Date(Date.now() + SESSION_MAX_AGE_MS)
        sessions.save(sid, session.userId ?? null, data, expires).then(() => callback(), callback)
      },
      get(sid, callback) {
        sessions.get(sid).then(
          (data) => callback(null, (data ?? null) as never),
          (error: Error) => callback(error, null as never),
        )
      },
      destroy(sid, callback) {
        sessions.destroy(sid).then(() => callback(), callback)
      },
    },
  })
}
