// Recording a variation, an extension or an early end: what kind, the details, check, then the contract changes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES } from '../../../domain/access/roles.js'
import { VARIATION_KINDS, type Contract, type VariationKind } from '../../../domain/contracts/contract.js'
import {
  applyVariation,
  VARIATION_KIND_HINTS,
  VARIATION_KIND_LABELS,
  type VariationInput,
} from '../../../domain/contracts/variation.js'
import { ConflictError, InvalidInputError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney } from '../../support/format.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'
import { withDateLinks } from './journey.controller.js'
import { dateParts, emptyFormSchema, varyDetailsSchema, varyKindSchema } from './manage.schema.js'

type VaryState = { kind?: VariationKind; details?: Omit<VariationInput, 'kind'>; version: number }

declare module 'fastify' {
  interface Session {
    /** Variations being recorded, by organisation and contract. */
    contractVariations?: Record<string, VaryState>
  }
}

const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

const DETAILS_TITLES: Record<VariationKind, string> = {
  variation: 'Details of the variation',
  extension: 'Details of the extension',
  termination: 'Details of the early end',
}

export function registerVary(app: FastifyInstance, services: Services): void {
  const keyOf = (request: FastifyRequest) => `${request.organisationId}:${param(request, 'id')}`

  async function contractOf(request: FastifyRequest) {
    return services.contracts.get(request.organisationId!, param(request, 'id'))
  }

  function stateOf(request: FastifyRequest, contract: Contract): VaryState {
    const all = (request.session.contractVariations ??= {})
    return (all[keyOf(request)] ??= { version: contract.version })
  }

  function save(request: FastifyRequest, state: VaryState | undefined) {
    const all = { ...(request.session.contractVariations ?? {}) }
    if (state) all[keyOf(request)] = state
    else delete all[keyOf(request)]
    request.session.contractVariations = all
  }

  const base = (id: string) => paths.contractVary(id)

  async function renderKind(request: FastifyRequest, reply: FastifyReply, contract: Contract, errors?: FormErrors) {
    const state = stateOf(request, contract)
    return reply.view('contracts/manage/vary-kind', {
      title: 'What kind of change is this?',
      caption: `${contract.reference}: ${contract.title}`,
      backHref: paths.contract(contract.id),
      errors,
      items: VARIATION_KINDS.map((k) => ({
        value: k,
        text: VARIATION_KIND_LABELS[k],
        hint: { text: VARIATION_KIND_HINTS[k] },
        checked: state.kind === k,
      })),
    })
  }

  async function renderDetails(
    request: FastifyRequest,
    reply: FastifyReply,
    contract: Contract,
    options: { values?: Record<string, unknown>; errors?: FormErrors } = {},
  ) {
    const state = stateOf(request, contract)
    const d = state.details
    const values = options.values ?? {
      reason: d?.reason,
      approvedBy: d?.approvedBy,
      valueChange: d && d.valueChange !== '0.00' ? d.valueChange : '',
      ...dateParts('variedOn', d?.variedOn ?? null),
      ...dateParts('newEndDate', d?.newEndDate ?? null),
      ...dateParts('newReviewDate', d?.newReviewDate ?? null),
    }
    return reply.view('contracts/manage/vary-details', {
      title: DETAILS_TITLES[state.kind!],
      caption: `${contract.reference}: ${contract.title}`,
      backHref: base(contract.id),
      kind: state.kind,
      contract: {
        totalValue: contract.totalValue === null ? 'Not recorded' : formatMoney(contract.totalValue),
        endDate: formatDate(contract.endDate) || 'Not recorded',
        reviewDate: formatDate(contract.reviewDate) || 'Not recorded',
        maxEndDate: formatDate(contract.maxEndDate),
      },
      values,
      errors: options.errors,
    })
  }

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, contract: Contract, errors?: FormErrors) {
    const state = stateOf(request, contract)
    const input = { kind: state.kind!, ...state.details! }
    const outcome = applyVariation(contract, input)
    const after = outcome.ok ? outcome.draft : contract
    const change = (label: string, before: string, now: string, href: string) => ({
      key: { text: label },
      value: {
        text: before === now ? `${now} (unchanged)` : `${before || 'Not recorded'} to ${now || 'Not recorded'}`,
      },
      actions: { items: [{ href, text: 'Change', visuallyHiddenText: label.toLowerCase() }] },
    })
    const details = `${base(contract.id)}/details`
    return reply.view('contracts/manage/vary-check', {
      title: 'Check the change before recording it',
      caption: `${contract.reference}: ${contract.title}`,
      backHref: details,
      errors,
      rows: [
        {
          key: { text: 'Kind of change' },
          value: { text: VARIATION_KIND_LABELS[input.kind] },
          actions: { items: [{ href: base(contract.id), text: 'Change', visuallyHiddenText: 'kind of change' }] },
        },
        {
          key: { text: 'Date of the change' },
          value: { text: formatDate(input.variedOn) },
          actions: { items: [{ href: details, text: 'Change', visuallyHiddenText: 'date of the change' }] },
        },
        {
          key: { text: 'Reason' },
          value: { text: input.reason },
          actions: { items: [{ href: details, text: 'Change', visuallyHiddenText: 'reason' }] },
        },
        {
          key: { text: 'Approved by' },
          value: { text: input.approvedBy ?? 'Not recorded' },
          actions: { items: [{ href: details, text: 'Change', visuallyHiddenText: 'who approved it' }] },
        },
        {
          key: { text: 'Change in value' },
          value: {
            text:
              Number(input.valueChange) === 0
                ? 'None'
                : `${Number(input.valueChange) > 0 ? '+' : ''}${formatMoney(input.valueChange)}`,
          },
          actions: { items: [{ href: details, text: 'Change', visuallyHiddenText: 'change in value' }] },
        },
        change('Total value', formatMoney(contract.totalValue), formatMoney(after.totalValue), details),
        change('End date', formatDate(contract.endDate), formatDate(after.endDate), details),
        change('Review date', formatDate(contract.reviewDate), formatDate(after.reviewDate), details),
        ...(input.kind === 'termination' ? [{ key: { text: 'Status' }, value: { text: 'Active to terminated' } }] : []),
      ],
    })
  }

  get(app, paths.contractVary(':id'), CHANGERS, async (request, reply) => {
    const contract = await contractOf(request)
    // Coming from the contract page starts a fresh variation against the contract as it is now.
    if (!('continue' in (request.query as object))) save(request, { version: contract.version })
    return renderKind(request, reply, contract)
  })

  post(app, paths.contractVary(':id'), CHANGERS, varyKindSchema, async (request, reply, form) => {
    const contract = await contractOf(request)
    if (!form.ok) return renderKind(request, reply.code(400), contract, form.errors)
    const state = stateOf(request, contract)
    state.kind = form.data.kind
    save(request, state)
    return reply.redirect(`${base(contract.id)}/details`)
  })

  get(app, `${paths.contractVary(':id')}/details`, CHANGERS, async (request, reply) => {
    const contract = await contractOf(request)
    if (!stateOf(request, contract).kind) return reply.redirect(base(contract.id))
    return renderDetails(request, reply, contract)
  })

  post(app, `${paths.contractVary(':id')}/details`, CHANGERS, varyDetailsSchema, async (request, reply, form) => {
    const contract = await contractOf(request)
    const state = stateOf(request, contract)
    if (!state.kind) return reply.redirect(base(contract.id))
    if (!form.ok)
      return renderDetails(request, reply.code(400), contract, {
        values: form.values,
        errors: withDateLinks(form.errors),
      })
    // The contract's own rules (a later end for an extension, an earlier one for an early end...) are checked here,
    // so the officer fixes them on this page rather than after checking.
    const outcome = applyVariation(contract, { kind: state.kind, ...form.data })
    if (!outcome.ok) {
      const errors = formErrorsFrom(outcome.errors, { field: 'reason', message: 'Check the details' })
      return renderDetails(request, reply.code(400), contract, {
        values: request.body as Record<string, unknown>,
        errors: withDateLinks(errors),
      })
    }
    state.details = form.data
    save(request, state)
    return reply.redirect(`${base(contract.id)}/check`)
  })

  get(app, `${paths.contractVary(':id')}/check`, CHANGERS, async (request, reply) => {
    const contract = await contractOf(request)
    const state = stateOf(request, contract)
    if (!state.kind || !state.details) return reply.redirect(base(contract.id))
    return renderCheck(request, reply, contract)
  })

  post(app, `${paths.contractVary(':id')}/check`, CHANGERS, emptyFormSchema, async (request, reply) => {
    const contract = await contractOf(request)
    const state = stateOf(request, contract)
    if (!state.kind || !state.details) return reply.redirect(base(contract.id))
    try {
      await services.contracts.vary(
        request.actor,
        request.organisationId!,
        contract.id,
        { kind: state.kind, ...state.details },
        state.version,
      )
    } catch (error) {
      if (error instanceof ConflictError) {
        save(request, { version: contract.version, kind: state.kind, details: state.details })
        return renderCheck(
          request,
          reply.code(409),
          contract,
          formErrorsFrom({}, { field: 'changes', message: error.message }),
        )
      }
      if (!(error instanceof InvalidInputError)) throw error
      const errors = formErrorsFrom(error.fields, { field: 'changes', message: error.message })
      errors.list = errors.list.map((e) => ({ ...e, href: `${base(contract.id)}/details` }))
      return renderCheck(request, reply.code(400), contract, errors)
    }
    save(request, undefined)
    flash(
      request,
      {
        variation: `The variation to ${contract.reference} has been recorded.`,
        extension: `The extension of ${contract.reference} has been recorded.`,
        termination: `${contract.reference} has been recorded as ended early.`,
      }[state.kind],
    )
    return reply.redirect(`${paths.contract(contract.id)}#history`)
  })
}
