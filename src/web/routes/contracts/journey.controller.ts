// The add and edit journeys: a few question pages, a check-answers page, then the register. The draft lives in the
// session (kept in the database), so every step is an ordinary form post and works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { CHANGE_ROLES } from '../../../domain/access/roles.js'
import {
  CONFIDENTIAL_FIELD_LABELS,
  CONFIDENTIAL_FIELDS,
  emptyContractDraft,
  PROCUREMENT_ROUTE_LABELS,
  PROCUREMENT_ROUTES,
  type ContractDraft,
} from '../../../domain/contracts/contract.js'
import { pickDraft } from '../../../domain/contracts/variation.js'
import { ConflictError, InvalidInputError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatMoney } from '../../support/format.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'
import {
  aboutSchema,
  confidentialSchema,
  dateErrorHref,
  dateParts,
  DATE_FIELDS,
  emptyFormSchema,
  lotSchema,
  procurementSchema,
  removeSchema,
  supplierSchema,
  valueSchema,
} from './manage.schema.js'
import { SECTION_TITLES, SECTIONS, summarySections, type Section } from './manage.view.js'

type JourneyState = { draft: ContractDraft; version?: number; reachedCheck: boolean }

declare module 'fastify' {
  interface Session {
    /** Contracts being added or edited, by journey key. */
    contractJourneys?: Record<string, JourneyState>
  }
}

const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

/** Where a journey lives: adding a contract, or editing one. */
type Journey = { mode: 'add' | 'edit'; key: string; base: string; contractId?: string; organisationId: string }

function journeyOf(request: FastifyRequest, mode: Journey['mode']): Journey {
  const organisationId = request.organisationId!
  if (mode === 'add') return { mode, key: `new:${organisationId}`, base: paths.contractNew, organisationId }
  const contractId = param(request, 'id')
  return {
    mode,
    key: `edit:${organisationId}:${contractId}`,
    base: paths.contractEdit(contractId),
    contractId,
    organisationId,
  }
}

/** Moves date errors' links to the first box of the date input, as the GOV.UK pattern asks. */
export function withDateLinks(errors: FormErrors): FormErrors {
  return {
    fields: errors.fields,
    list: errors.list.map((e) => {
      const field = e.href.slice(1)
      return DATE_FIELDS.includes(field) ? { ...e, href: dateErrorHref(field, e.text) } : e
    }),
  }
}

/** The form values a question page shows for what the draft already holds. */
function formValues(section: Section, d: ContractDraft): Record<string, unknown> {
  switch (section) {
    case 'about':
      return {
        reference: d.reference,
        title: d.title,
        description: d.description,
        department: d.department,
        ownerUserId: d.ownerUserId,
        ownerName: d.ownerName,
        ownerEmail: d.ownerEmail,
        notes: d.notes,
      }
    case 'value':
      return {
        totalValue: d.totalValue,
        annualValue: d.annualValue,
        irrecoverableVat: d.irrecoverableVat,
        extensionOptions: d.extensionOptions,
        ...dateParts('startDate', d.startDate),
        ...dateParts('endDate', d.endDate),
        ...dateParts('reviewDate', d.reviewDate),
        ...dateParts('maxEndDate', d.maxEndDate),
      }
    case 'procurement':
      return {
        procurementRoute: d.procurementRoute,
        frameworkName: d.frameworkName,
        directAwardReason: d.directAwardReason,
        cpvCodes: d.cpvCodes.join(', '),
      }
    case 'confidential':
      return { confidentialFields: d.confidentialFields }
    default:
      return {}
  }
}

export function registerJourney(app: FastifyInstance, services: Services): void {
  async function load(request: FastifyRequest, journey: Journey): Promise<JourneyState> {
    const all = (request.session.contractJourneys ??= {})
    const existing = all[journey.key]
    if (existing) return existing
    if (journey.mode === 'add') {
      all[journey.key] = { draft: emptyContractDraft('', ''), reachedCheck: false }
    } else {
      const contract = await services.contracts.get(journey.organisationId, journey.contractId!)
      all[journey.key] = { draft: pickDraft(contract), version: contract.version, reachedCheck: true }
    }
    return all[journey.key]!
  }

  function save(request: FastifyRequest, journey: Journey, state: JourneyState | undefined) {
    const all = { ...(request.session.contractJourneys ?? {}) }
    if (state) all[journey.key] = state
    else delete all[journey.key]
    request.session.contractJourneys = all
  }

  const next = (journey: Journey, state: JourneyState, section: Section) => {
    if (state.reachedCheck) return `${journey.base}/check`
    const i = SECTIONS.indexOf(section)
    return i < SECTIONS.length - 1 ? `${journey.base}/${SECTIONS[i + 1]}` : `${journey.base}/check`
  }
  const back = (journey: Journey, state: JourneyState, section: Section | 'check') => {
    if (section !== 'check' && state.reachedCheck) return `${journey.base}/check`
    if (section === 'check') return `${journey.base}/${SECTIONS[SECTIONS.length - 1]}`
    const i = SECTIONS.indexOf(section)
    if (i > 0) return `${journey.base}/${SECTIONS[i - 1]}`
    return journey.mode === 'add' ? paths.contracts : paths.contract(journey.contractId!)
  }

  async function people(organisationId: string) {
    return (await services.contracts.people(organisationId)).map((p) => ({ id: p.id, name: p.name, email: p.email }))
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    journey: Journey,
    section: Section,
    options: { values?: Record<string, unknown>; errors?: FormErrors; query?: Record<string, string> } = {},
  ) {
    const state = await load(request, journey)
    const d = state.draft
    const values = options.values ?? formValues(section, d)
    const common = {
      title: SECTION_TITLES[section],
      caption: journey.mode === 'add' ? 'Add a contract' : `Change ${d.reference}`,
      backHref: back(journey, state, section),
      action: `${journey.base}/${section}`,
      base: journey.base,
      errors: options.errors,
      values,
      draft: d,
      buttonText: state.reachedCheck ? 'Save and return to check answers' : 'Continue',
    }
    switch (section) {
      case 'about': {
        const list = await people(journey.organisationId)
        return reply.view('contracts/manage/about', {
          ...common,
          ownerItems: [
            { value: '', text: 'Not one of these people' },
            ...list.map((p) => ({
              value: p.id,
              text: `${p.name} (${p.email})`,
              selected: p.id === values.ownerUserId,
            })),
          ],
        })
      }
      case 'value':
        return reply.view('contracts/manage/value', common)
      case 'procurement':
        return reply.view('contracts/manage/procurement', {
          ...common,
          routes: PROCUREMENT_ROUTES.map((r) => ({ value: r, text: PROCUREMENT_ROUTE_LABELS[r] })),
        })
      case 'suppliers':
        return reply.view('contracts/manage/suppliers', {
          ...common,
          suppliers: d.suppliers.map((s, index) => ({ ...s, index })),
        })
      case 'lots':
        return reply.view('contracts/manage/lots', {
          ...common,
          lots: d.lots.map((l, index) => ({ ...l, index, valueText: l.value ? formatMoney(l.value) : 'Not given' })),
        })
      case 'confidential':
        return reply.view('contracts/manage/confidential', {
          ...common,
          items: CONFIDENTIAL_FIELDS.map((f) => ({
            value: f,
            text: CONFIDENTIAL_FIELD_LABELS[f],
            checked: (values.confidentialFields as string[] | undefined)?.includes(f) ?? false,
          })),
        })
    }
  }

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, journey: Journey, errors?: FormErrors) {
    const state = await load(request, journey)
    state.reachedCheck = true
    save(request, journey, state)
    const list = await people(journey.organisationId)
    return reply.view('contracts/manage/check', {
      title: journey.mode === 'add' ? 'Check your answers before adding the contract' : 'Check your changes',
      caption: journey.mode === 'add' ? 'Add a contract' : `Change ${state.draft.reference}`,
      backHref: journey.mode === 'add' ? `${journey.base}/confidential` : paths.contract(journey.contractId!),
      errors,
      mode: journey.mode,
      action: `${journey.base}/check`,
      cancelHref: journey.mode === 'add' ? `${journey.base}/cancel` : `${journey.base}/cancel`,
      sections: summarySections(state.draft, {
        people: new Map(list.map((p) => [p.id, p])),
        changeHref: (section) => `${journey.base}/${section}`,
      }),
    })
  }

  const sectionSchemas = {
    about: aboutSchema,
    value: valueSchema,
    procurement: procurementSchema,
    confidential: confidentialSchema,
  } as const

  for (const mode of ['add', 'edit'] as const) {
    const base = mode === 'add' ? paths.contractNew : paths.contractEdit(':id')

    get(app, base, CHANGERS, async (request, reply) => {
      const journey = journeyOf(request, mode)
      if (mode === 'edit') {
        // Start from the contract as it is now, dropping any earlier unsaved changes.
        save(request, journey, undefined)
        await load(request, journey)
        return reply.redirect(`${journey.base}/check`)
      }
      await load(request, journey)
      return reply.redirect(`${journey.base}/about`)
    })

    for (const section of SECTIONS) {
      get(app, `${base}/${section}`, CHANGERS, async (request, reply) =>
        render(request, reply, journeyOf(request, mode), section),
      )
    }

    for (const [section, schema] of Object.entries(sectionSchemas) as [
      keyof typeof sectionSchemas,
      z.ZodType<Partial<ContractDraft>>,
    ][]) {
      post(app, `${base}/${section}`, CHANGERS, schema, async (request, reply, form) => {
        const journey = journeyOf(request, mode)
        if (!form.ok)
          return render(request, reply.code(400), journey, section, {
            values: form.values,
            errors: withDateLinks(form.errors),
          })
        const state = await load(request, journey)
        state.draft = { ...state.draft, ...form.data }
        save(request, journey, state)
        return reply.redirect(next(journey, state, section))
      })
    }

    post(app, `${base}/suppliers`, CHANGERS, emptyFormSchema, async (request, reply) => {
      const journey = journeyOf(request, mode)
      const state = await load(request, journey)
      if (state.draft.suppliers.length === 0)
        return render(request, reply.code(400), journey, 'suppliers', {
          errors: formErrorsFrom({}, { field: 'add-supplier', message: 'Add at least one supplier' }),
        })
      return reply.redirect(next(journey, state, 'suppliers'))
    })

    get(app, `${base}/suppliers/add`, CHANGERS, async (request, reply) => {
      const journey = journeyOf(request, mode)
      const state = await load(request, journey)
      const query = request.query as Record<string, string | undefined>
      const q = (query.q ?? '').trim().slice(0, 100)
      const results = q ? await services.contracts.findSuppliers(q) : []
      let values: Record<string, unknown> = {}
      if (query.supplierId) {
        const chosen = await services.contracts.supplierChoice(query.supplierId)
        if (chosen)
          values = {
            supplierId: chosen.id,
            name: chosen.name,
            companyNumber: chosen.companyNumber,
            charityNumber: chosen.charityNumber,
            postcode: chosen.postcode,
            isSme: chosen.isSme === null ? '' : chosen.isSme ? 'yes' : 'no',
            isVcse: chosen.isVcse === null ? '' : chosen.isVcse ? 'yes' : 'no',
          }
      }
      return reply.view('contracts/manage/supplier', {
        title: 'Add a supplier',
        caption: journey.mode === 'add' ? 'Add a contract' : `Change ${state.draft.reference}`,
        backHref: `${journey.base}/suppliers`,
        base: journey.base,
        q,
        searched: q !== '',
        results: results.map((s) => ({
          ...s,
          chooseHref: `${journey.base}/suppliers/add?${new URLSearchParams({ supplierId: s.id }).toString()}`,
        })),
        chosen: Boolean(values.supplierId),
        values,
      })
    })

    post(app, `${base}/suppliers/add`, CHANGERS, supplierSchema, async (request, reply, form) => {
      const journey = journeyOf(request, mode)
      const state = await load(request, journey)
      if (!form.ok)
        return reply.code(400).view('contracts/manage/supplier', {
          title: 'Add a supplier',
          caption: journey.mode === 'add' ? 'Add a contract' : `Change ${state.draft.reference}`,
          backHref: `${journey.base}/suppliers`,
          base: journey.base,
          q: '',
          results: [],
          chosen: Boolean(form.values.supplierId),
          values: form.values,
          errors: form.errors,
        })
      state.draft = { ...state.draft, suppliers: [...state.draft.suppliers, form.data] }
      save(request, journey, state)
      return reply.redirect(`${journey.base}/suppliers`)
    })

    post(app, `${base}/suppliers/remove`, CHANGERS, removeSchema, async (request, reply, form) => {
      const journey = journeyOf(request, mode)
      const state = await load(request, journey)
      if (form.ok) {
        state.draft = { ...state.draft, suppliers: state.draft.suppliers.filter((_, i) => i !== form.data.index) }
        save(request, journey, state)
      }
      return reply.redirect(`${journey.base}/suppliers`)
    })

    post(app, `${base}/lots`, CHANGERS, emptyFormSchema, async (request, reply) => {
      const journey = journeyOf(request, mode)
      return reply.redirect(next(journey, await load(request, journey), 'lots'))
    })

    post(app, `${base}/lots/add`, CHANGERS, lotSchema, async (request, reply, form) => {
      const journey = journeyOf(request, mode)
      if (!form.ok)
        return render(request, reply.code(400), journey, 'lots', { values: form.values, errors: form.errors })
      const state = await load(request, journey)
      state.draft = { ...state.draft, lots: [...state.draft.lots, form.data] }
      save(request, journey, state)
      return reply.redirect(`${journey.base}/lots`)
    })

    post(app, `${base}/lots/remove`, CHANGERS, removeSchema, async (request, reply, form) => {
      const journey = journeyOf(request, mode)
      const state = await load(request, journey)
      if (form.ok) {
        state.draft = { ...state.draft, lots: state.draft.lots.filter((_, i) => i !== form.data.index) }
        save(request, journey, state)
      }
      return reply.redirect(`${journey.base}/lots`)
    })

    get(app, `${base}/check`, CHANGERS, async (request, reply) => renderCheck(request, reply, journeyOf(request, mode)))

    post(app, `${base}/check`, CHANGERS, emptyFormSchema, async (request, reply) => {
      const journey = journeyOf(request, mode)
      const state = await load(request, journey)
      try {
        if (journey.mode === 'add') {
          const contract = await services.contracts.create(request.actor, journey.organisationId, state.draft)
          save(request, journey, undefined)
          return reply.redirect(paths.contractAdded(contract.id))
        }
        await services.contracts.update(
          request.actor,
          journey.organisationId,
          journey.contractId!,
          state.draft,
          state.version!,
        )
        save(request, journey, undefined)
        flash(request, `Your changes to ${state.draft.reference} have been saved.`)
        return reply.redirect(paths.contract(journey.contractId!))
      } catch (error) {
        if (error instanceof ConflictError) {
          // Show the contract as it now stands; the officer makes their change again on top of it.
          save(request, journey, undefined)
          return renderCheck(
            request,
            reply.code(409),
            journey,
            formErrorsFrom({}, { field: 'changes', message: error.message }),
          )
        }
        if (!(error instanceof InvalidInputError)) throw error
        const errors = formErrorsFrom(error.fields, { field: 'changes', message: error.message })
        // Link each problem to the question page that asks it.
        const sectionOf = (field: string): Section =>
          (
            ({
              reference: 'about',
              title: 'about',
              ownerUserId: 'about',
              ownerEmail: 'about',
              suppliers: 'suppliers',
              lots: 'lots',
              directAwardReason: 'procurement',
              procurementRoute: 'procurement',
              cpvCodes: 'procurement',
            }) as Record<string, Section>
          )[field] ?? 'value'
        errors.list = errors.list.map((e) => ({ ...e, href: `${journey.base}/${sectionOf(e.href.slice(1))}` }))
        return renderCheck(request, reply.code(400), journey, errors)
      }
    })

    get(app, `${base}/cancel`, CHANGERS, async (request, reply) => {
      const journey = journeyOf(request, mode)
      save(request, journey, undefined)
      return reply.redirect(journey.mode === 'add' ? paths.contracts : paths.contract(journey.contractId!))
    })
  }

  get(app, paths.contractAdded(':id'), CHANGERS, async (request, reply) => {
    const contract = await services.contracts.get(request.organisationId!, param(request, 'id'))
    return reply.view('contracts/manage/added', {
      title: 'Contract added',
      contract,
      contractHref: paths.contract(contract.id),
      publicHref: paths.publicContract(contract.organisationId, contract.id),
    })
  })
}
