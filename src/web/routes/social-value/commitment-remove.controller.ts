// Removing a social value commitment: a page that says what it is and what becomes of its returns, then the removal
// itself. Only the organisation's officers and administrators may remove one, as only they may change one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES } from '../../../domain/access/roles.js'
import { ConflictError, DomainRuleError, InvalidInputError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate } from '../../support/format.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, post } from '../../support/route.js'
import { returnsFor } from './commitments.view.js'
import { removeCommitmentFormSchema } from './returns.schema.js'
import { idParam, period, queueRow, withUnit } from './returns.view.js'

const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

export function registerCommitmentRemoveRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.socialValueCommitmentRemove(':id'), CHANGERS, (request, reply) =>
    confirmationPage(request, reply, services),
  )

  post(
    app,
    paths.socialValueCommitmentRemove(':id'),
    CHANGERS,
    removeCommitmentFormSchema,
    async (request, reply, form) => {
      const organisationId = request.organisationId!
      // Another organisation's commitment is a 404 before the form is looked at.
      const c = await services.svReturns.getCommitment(organisationId, idParam(request, 'id'))
      if (!form.ok) return confirmationPage(request, reply.code(400), services, form.errors)
      try {
        await services.svReturns.removeCommitment(request.actor, organisationId, c.id)
      } catch (error) {
        // A refusal is shown on the page, in the service's words; anything else is the error page's.
        if (!(error instanceof ConflictError || error instanceof DomainRuleError || error instanceof InvalidInputError))
          throw error
        const errors = formErrorsFrom({}, { field: 'remove', message: error.message })
        return confirmationPage(request, reply.code(error instanceof ConflictError ? 409 : 400), services, errors)
      }
      flash(
        request,
        `The commitment for ${c.measureCode}, ${period(c)} on ${c.contractReference} has been removed.`,
        'Commitment removed',
      )
      return reply.redirect(paths.socialValueCommitments)
    },
  )
}

/** What is about to be removed, and the returns made for it, which stay. */
async function confirmationPage(request: FastifyRequest, reply: FastifyReply, services: Services, errors?: FormErrors) {
  const organisationId = request.organisationId!
  const c = await services.svReturns.getCommitment(organisationId, idParam(request, 'id'))
  const returns = returnsFor(c, await services.svReturns.listReturns(organisationId, { contractId: c.contractId }))
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } })
  return reply.view('social-value/commitments/remove', {
    title: 'Are you sure you want to remove this commitment?',
    errors,
    c,
    summary: [
      row('Contract', `${c.contractReference}: ${c.contractTitle}`),
      row('Measure', `${c.measureCode} ${c.measureName}`),
      row('Period', `${period(c)} (${formatDate(c.periodStart)} to ${formatDate(c.periodEnd)})`),
      row('Target', withUnit(c.targetQuantity, c.unit)),
    ],
    returns: returns.map(queueRow),
    action: paths.socialValueCommitmentRemove(c.id),
    links: { back: paths.socialValueCommitment(c.id) },
  })
}
