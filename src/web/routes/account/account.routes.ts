// Your account: details, roles, password, sessions; and the organisation switcher.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { organisationsOf, ROLE_LABELS, suppliersOf } from '../../../domain/access/roles.js'
import { InvalidInputError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formErrorsFrom } from '../../support/forms.js'
import { flash, get, post, safeReturnPath } from '../../support/route.js'

const SIGNED_IN = { kind: 'signed-in' } as const

const changePasswordSchema = z
  .object({
    _csrf: z.string().optional(),
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Confirm your new password'),
  })
  .strict()
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: 'The new passwords do not match',
    path: ['confirmPassword'],
  })

const switchSchema = z
  .object({
    _csrf: z.string().optional(),
    organisationId: z.string().min(1, 'Select an organisation'),
    returnTo: z.string().optional(),
  })
  .strict()

export default function accountRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.account, SIGNED_IN, async (request, reply) => {
    const principal = request.principal!
    const sessions = await services.auth.activeSessions(principal.userId)
    return reply.view('pages/account/account', {
      person: principal,
      organisations: organisationsOf(principal).map((o) => ({ ...o, roleLabel: ROLE_LABELS[o.role] })),
      suppliers: suppliersOf(principal),
      sessions,
    })
  })

  get(app, paths.accountPassword, SIGNED_IN, async (_request, reply) => reply.view('pages/account/password'))

  post(app, paths.accountPassword, SIGNED_IN, changePasswordSchema, async (request, reply, form) => {
    if (!form.ok) return reply.code(400).view('pages/account/password', { errors: form.errors })
    try {
      await services.auth.changePassword(
        request.actor,
        request.principal!.userId,
        form.data.currentPassword,
        form.data.newPassword,
        request.session.sessionId,
      )
    } catch (error) {
      if (error instanceof InvalidInputError)
        return reply.code(400).view('pages/account/password', {
          errors: formErrorsFrom(error.fields, { field: 'newPassword', message: error.message }),
        })
      throw error
    }
    flash(request, 'Your password has been changed. You have been signed out everywhere else.')
    return reply.redirect(paths.account)
  })

  post(
    app,
    paths.signOutEverywhere,
    SIGNED_IN,
    z.object({ _csrf: z.string().optional() }).strict(),
    async (request, reply) => {
      const ended = await services.auth.signOutEverywhere(
        request.actor,
        request.principal!.userId,
        request.session.sessionId,
      )
      flash(request, `You have been signed out of ${ended} other ${ended === 1 ? 'session' : 'sessions'}.`)
      return reply.redirect(paths.account)
    },
  )

  post(app, paths.switchOrganisation, SIGNED_IN, switchSchema, async (request, reply, form) => {
    if (!form.ok) return reply.redirect(paths.home)
    const principal = request.principal!
    const mine = organisationsOf(principal).some((o) => o.id === form.data.organisationId)
    if (!mine && !principal.isAdmin) return reply.code(403).view('errors/forbidden')
    request.session.currentOrganisationId = form.data.organisationId
    return reply.redirect(safeReturnPath(form.data.returnTo, paths.home))
  })
}
