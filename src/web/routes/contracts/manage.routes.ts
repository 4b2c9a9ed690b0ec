// The contracts register for an organisation's people: a contract's page with its history, the add, edit and vary
// journeys, what is due soon with the outstanding actions, and the reminder settings.
import type { FastifyInstance } from 'fastify'
import { CHANGE_ROLES, READ_ROLES, roleIn } from '../../../domain/access/roles.js'
import { contractLifeStatus } from '../../../domain/contracts/contract.js'
import { OUTSTANDING_LABELS } from '../../../domain/contracts/due.js'
import { InvalidInputError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatDateTime } from '../../support/format.js'
import { formErrorsFrom } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'
import { ethicsWarnings } from '../social-value/ethics.routes.js'
import { registerJourney } from './journey.controller.js'
import { settingsSchema } from './manage.schema.js'
import { AUDIT_ACTION_LABELS, lifeStatusTag, ownerHtml, summarySections, variationRows } from './manage.view.js'
import { paymentsView } from './public.routes.js'
import { registerVary } from './vary.controller.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const
const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

export default function contractManageRoutes(app: FastifyInstance, services: Services): void {
  registerJourney(app, services)
  registerVary(app, services)

  get(app, paths.contractsDue, READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const due = await services.contracts.due(organisationId)
    const people = new Map(due.people.map((p) => [p.id, p]))
    const canChange = CHANGE_ROLES.includes(roleIn(request.principal!, organisationId)!)
    return reply.view('contracts/manage/due', {
      title: 'Contracts due soon',
      today: formatDate(due.today),
      windowMonths: due.settings.dueSoonMonths,
      canChange,
      settingsHref: paths.contractSettings,
      due: due.due.map((item) => ({
        href: paths.contract(item.contractId),
        reference: item.contract.reference,
        title: item.contract.title,
        what: item.kind === 'end' ? 'Ends' : 'Review',
        date: formatDate(item.date),
        timeLeft: item.timeLeft,
        urgent: item.daysLeft <= 92,
        owner: ownerHtml(item.contract, people),
        action: item.action,
        varyHref: canChange && item.kind === 'end' ? paths.contractVary(item.contractId) : null,
      })),
      outstanding: due.outstanding.map((a) => ({
        href: paths.contract(a.contractId),
        reference: a.contract.reference,
        title: a.contract.title,
        problem: OUTSTANDING_LABELS[a.kind].title,
        since: a.since ? formatDate(a.since) : '',
        action: OUTSTANDING_LABELS[a.kind].action,
        fixHref: canChange
          ? a.kind === 'ended-still-active'
            ? paths.contractVary(a.contractId)
            : `${paths.contractEdit(a.contractId)}/${a.kind === 'direct-award-no-reason' ? 'procurement' : a.kind === 'no-owner' ? 'about' : 'value'}`
          : null,
      })),
    })
  })

  get(app, paths.contractSettings, CHANGERS, async (request, reply) => {
    const settings = await services.contracts.settings(request.organisationId!)
    return reply.view('contracts/manage/settings', {
      title: 'Contract reminders',
      backHref: paths.contractsDue,
      values: { reminderMonths: settings.reminderMonths.join(', '), dueSoonMonths: settings.dueSoonMonths },
    })
  })

  post(app, paths.contractSettings, CHANGERS, settingsSchema, async (request, reply, form) => {
    if (!form.ok)
      return reply.code(400).view('contracts/manage/settings', {
        title: 'Contract reminders',
        backHref: paths.contractsDue,
        values: form.values,
        errors: form.errors,
      })
    try {
      const saved = await services.contracts.saveSettings(request.actor, request.organisationId!, form.data)
      flash(
        request,
        `Owners will be reminded ${saved.reminderMonths.join(', ')} months before a contract ends or is due for review.`,
      )
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return reply.code(400).view('contracts/manage/settings', {
        title: 'Contract reminders',
        backHref: paths.contractsDue,
        values: request.body as Record<string, unknown>,
        errors: formErrorsFrom(error.fields, { field: 'reminderMonths', message: error.message }),
      })
    }
    return reply.redirect(paths.contractsDue)
  })

  get(app, paths.contract(':id'), READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const contract = await services.contracts.get(organisationId, param(request, 'id'))
    const [history, payments, people] = await Promise.all([
      services.contracts.history(organisationId, contract.id),
      services.contractRegister.payments(contract, 'internal'),
      services.contracts.people(organisationId),
    ])
    const canChange = CHANGE_ROLES.includes(roleIn(request.principal!, organisationId)!)
    const today = services.contractRegister.today()
    const status = contractLifeStatus(contract, today)
    return reply.view('contracts/manage/contract', {
      title: `${contract.reference}: ${contract.title}`,
      backHref: paths.contracts,
      contract: {
        id: contract.id,
        reference: contract.reference,
        title: contract.title,
        suppliers: contract.suppliers,
        endDate: formatDate(contract.endDate) || 'Not known',
        status: lifeStatusTag(status),
        source: contract.source,
        updatedAt: formatDateTime(contract.updatedAt),
        confidentialCount: contract.confidentialFields.length,
      },
      canChange,
      editHref: paths.contractEdit(contract.id),
      varyHref: status === 'terminated' || status === 'cancelled' ? null : paths.contractVary(contract.id),
      publicHref: contract.status === 'cancelled' ? null : paths.publicContract(organisationId, contract.id),
      sections: summarySections(contract, {
        people: new Map(people.map((p) => [p.id, p])),
        changeHref: canChange ? (section) => `${paths.contractEdit(contract.id)}/${section}` : undefined,
      }),
      variations: variationRows(history.variations),
      ethicsWarnings: await ethicsWarnings(services, contract.suppliers, 'internal'),
      changes: history.changes.map((c) => ({
        when: formatDateTime(c.occurredAt),
        what: AUDIT_ACTION_LABELS[c.action] ?? c.action,
        who: c.actorLabel,
        fields: c.fields.filter((f) => f !== 'variation').join(', '),
      })),
      reminders: history.reminders.map((r) => ({
        sentAt: formatDateTime(r.sentAt),
        what: `${r.leadMonths}-month reminder: ${r.kind === 'end' ? 'ends' : 'review'} ${formatDate(r.dueDate)}`,
        to: r.sentTo,
      })),
      payments: paymentsView(payments, (id) => paths.supplier(id)),
    })
  })
}
