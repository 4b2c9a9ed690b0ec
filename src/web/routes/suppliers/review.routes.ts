// The supplier review queue: payees cwb could not match with confidence. Analysts, officers and administrators decide
// which supplier each is (a candidate, another supplier found by name, or none of these).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ANALYSE_ROLES } from '../../../domain/access/roles.js'
import { InvalidInputError } from '../../../domain/errors.js'
import { orgIdsOf } from '../../../domain/suppliers/supplier.js'
import type { Services } from '../../../services.js'
import type { StoredCandidate } from '../../../services/supplier-resolution.batch.js'
import { paths } from '../../paths.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'
import { CHOOSE_MESSAGE, decideSchema, NONE_OF_THESE, reviewQuerySchema } from './suppliers.schema.js'

const ANALYSTS = { kind: 'org', roles: ANALYSE_ROLES } as const
const percent = (score: number | null | undefined) =>
  score === null || score === undefined ? '' : `${Math.round(score * 100)}%`

type Option = {
  id: string
  name: string
  identifiers: string[]
  postcode: string | null
  score?: number
  verified: boolean
}

function radioItem(option: Option, chosen: string | undefined) {
  const facts = [
    option.identifiers.join(', ') || 'No company or charity number',
    option.postcode ?? 'Postcode not known',
    option.score !== undefined ? `${percent(option.score)} similar` : null,
    option.verified ? 'Verified' : 'Spelled as in a ledger, not verified',
  ].filter(Boolean)
  return { value: option.id, text: option.name, hint: { text: facts.join(' · ') }, checked: option.id === chosen }
}

export default function supplierReviewRoutes(app: FastifyInstance, services: Services): void {
  async function matchPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { q?: string; errors?: FormErrors; chosen?: string; status?: number },
  ) {
    const detail = await services.supplierReview.getMatch(request.organisationId!, param(request, 'id'))
    const candidates = detail.candidates as StoredCandidate[]
    const shown = new Set([...candidates.map((c) => c.id), detail.match.supplierId])
    const found = state.q
      ? (await services.supplierReview.searchSuppliers(state.q)).filter((s) => !shown.has(s.id))
      : []
    const items = [
      ...candidates.map((c) => radioItem(c, state.chosen)),
      ...(found.length > 0 ? [{ divider: 'or a supplier you searched for' }] : []),
      ...found.map((s) => radioItem({ ...s, identifiers: orgIdsOf(s) }, state.chosen)),
      ...(candidates.length + found.length > 0 ? [{ divider: 'or' }] : []),
      {
        value: NONE_OF_THESE,
        text: 'None of these: keep as a separate supplier',
        hint: { text: 'cwb keeps the payee as a supplier of its own and will not ask again' },
        checked: state.chosen === NONE_OF_THESE,
      },
    ]
    return reply.code(state.status ?? 200).view('pages/suppliers/review-match', {
      match: detail.match,
      bestScore: percent(detail.match.score),
      items,
      q: state.q ?? '',
      searched: Boolean(state.q),
      foundCount: found.length,
      errors: state.errors,
    })
  }

  get(app, paths.supplierReview, ANALYSTS, async (request, reply) => {
    const matches = await services.supplierReview.listMatches(request.organisationId!, 'pending')
    return reply.view('pages/suppliers/review-list', {
      matches: matches.map((m) => {
        const best = (m.candidates as StoredCandidate[])[0]
        return { ...m, bestName: best?.name ?? '', bestScore: percent(best?.score) }
      }),
    })
  })

  get(app, paths.supplierReviewMatch(':id'), ANALYSTS, async (request, reply) => {
    const query = reviewQuerySchema.safeParse(request.query)
    return matchPage(request, reply, { q: query.success ? query.data.q : undefined })
  })

  post(app, paths.supplierReviewMatch(':id'), ANALYSTS, decideSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    const id = param(request, 'id')
    if (!form.ok) {
      const q = typeof form.values.q === 'string' ? form.values.q.trim() || undefined : undefined
      return matchPage(request, reply, { q, errors: form.errors, status: 400 })
    }
    const { match, candidates } = await services.supplierReview.getMatch(organisationId, id)
    const choice = form.data.choice
    const decision =
      choice === NONE_OF_THESE
        ? ({ action: 'reject' } as const)
        : ({ action: choice === candidates[0]?.id ? 'accept' : 'pick', supplierId: choice } as const)
    let result
    try {
      result = await services.supplierReview.decideMatch(request.actor, organisationId, id, decision)
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const errors = formErrorsFrom({ choice: error.message }, { field: 'choice', message: CHOOSE_MESSAGE })
      return matchPage(request, reply, { q: form.data.q, errors, chosen: choice, status: 400 })
    }
    if (result.status === 'rejected') flash(request, `${match.payeeName} is kept as a supplier of its own.`)
    else
      flash(
        request,
        `${match.payeeName} is now matched to ${result.supplierName}. ${result.paymentsMoved} ${result.paymentsMoved === 1 ? 'payment' : 'payments'} moved.`,
      )
    return reply.redirect(paths.supplierReview)
  })
}
