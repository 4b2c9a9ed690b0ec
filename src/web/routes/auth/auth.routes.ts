// Sign in, sign out, and setting a password from an emailed link.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { InvalidInputError } from '../../../domain/errors.js'
import { LOCKOUT_MINUTES } from '../../../domain/users/user.js'
import type { Services } from '../../../services.js'
import type { RouteOptions } from '../index.js'
import { paths } from '../../paths.js'
import { formErrorsFrom } from '../../support/forms.js'
import { flash, get, param, post, safeReturnPath } from '../../support/route.js'
import { emptySchema, forgottenSchema, newPasswordSchema, signInSchema } from './auth.schema.js'

const PUBLIC = { kind: 'public' } as const
const SIGNED_IN = { kind: 'signed-in' } as const

export default function authRoutes(app: FastifyInstance, services: Services, options: RouteOptions): void {
  const signInLimit = { max: options.signInRateLimit, timeWindow: '1 minute' }
  get(app, paths.signIn, PUBLIC, async (request, reply) => {
    if (request.principal) return reply.redirect(paths.home)
    return reply.view('pages/auth/sign-in', { values: {} })
  })

  post(
    app,
    paths.signIn,
    PUBLIC,
    signInSchema,
    async (request, reply, form) => {
      if (!form.ok)
        return reply.code(400).view('pages/auth/sign-in', { errors: form.errors, values: { email: form.values.email } })
      const result = await services.auth.signIn(request.actor, form.data.email, form.data.password)
      if (!result.ok) {
        const message =
          result.reason === 'locked'
            ? `Your account is locked after too many attempts. Try again in ${LOCKOUT_MINUTES} minutes, or reset your password.`
            : 'Enter a correct email address and password'
        return reply.code(401).view('pages/auth/sign-in', {
          errors: { list: [{ text: message, href: '#email' }], fields: { email: { text: message } } },
          values: { email: form.data.email },
        })
      }
      const returnTo = safeReturnPath(request.session.returnTo, paths.home)
      // A new session id at sign-in, so a session fixed before sign-in is worth nothing after it.
      await request.session.regenerate()
      request.session.userId = result.userId
      return reply.redirect(returnTo)
    },
    { rateLimit: signInLimit },
  )

  post(app, paths.signOut, SIGNED_IN, emptySchema, async (request, reply) => {
    await request.session.destroy()
    return reply.redirect(paths.start)
  })

  get(app, paths.passwordForgotten, PUBLIC, async (_request, reply) =>
    reply.view('pages/auth/forgotten', { values: {} }),
  )

  post(
    app,
    paths.passwordForgotten,
    PUBLIC,
    forgottenSchema,
    async (request, reply, form) => {
      if (!form.ok) return reply.code(400).view('pages/auth/forgotten', { errors: form.errors, values: form.values })
      await services.auth.requestPasswordReset(request.actor, form.data.email)
      return reply.view('pages/auth/forgotten-sent', { email: form.data.email })
    },
    { rateLimit: { max: Math.max(5, Math.floor(options.signInRateLimit / 2)), timeWindow: '1 minute' } },
  )

  for (const purpose of ['reset', 'set'] as const) {
    const url = purpose === 'reset' ? paths.passwordReset(':token') : paths.passwordSet(':token')
    const view = (reply: FastifyReply, status: number, extra: object) =>
      reply.code(status).view('pages/auth/new-password', { purpose, ...extra })

    get(app, url, PUBLIC, async (request, reply) => {
      if (!(await services.auth.isTokenUsable(param(request, 'token'))))
        return reply.code(410).view('pages/auth/link-expired')
      return view(reply, 200, {})
    })

    post(app, url, PUBLIC, newPasswordSchema, async (request, reply, form) => {
      const token = param(request, 'token')
      if (!form.ok) return view(reply, 400, { errors: form.errors })
      try {
        const result = await services.auth.setPasswordWithToken(request.actor, token, form.data.password)
        if (!result.ok) return reply.code(410).view('pages/auth/link-expired')
      } catch (error) {
        if (error instanceof InvalidInputError)
          return view(reply, 400, {
            errors: formErrorsFrom(error.fields, { field: 'password', message: error.message }),
          })
        throw error
      }
      await request.session.regenerate()
      flash(request, 'Your password has been set. Sign in with your email address and new password.')
      return reply.redirect(paths.signIn)
    })
  }
}
