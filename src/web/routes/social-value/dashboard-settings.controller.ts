// Social value settings: when returns are due, reminders, the red/amber/green thresholds, and the organisation's
// baseline and stretch targets for a financial year. Organisation administrators and officers change them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES } from '../../../domain/access/roles.js'
import { InvalidInputError } from '../../../domain/errors.js'
import { addDays } from '../../../domain/social-value/period.js'
import { financialYearBounds, financialYearOf } from '../../../domain/spend/lm3.js'
import type { Services } from '../../../services.js'
import {
  parseTargets,
  TARGET_SCOPE_LABELS,
  TARGET_SCOPES,
  type TargetInput,
} from '../../../services/sv-targets.service.js'
import { paths } from '../../paths.js'
import { formatMoney } from '../../support/format.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, post } from '../../support/route.js'
import { today } from './dashboard-context.js'
import { settingsFormSchema, yearQuerySchema, type SettingsForm } from './dashboard.schema.js'

const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

export function registerSettingsRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.socialValueSettings, CHANGERS, async (request, reply) => {
    const parsed = yearQuerySchema.safeParse(request.query)
    const year = (parsed.success && parsed.data.year) || financialYearOf(today(services))
    const organisationId = request.organisationId!
    const settings = await services.svReturns.settings(organisationId)
    const targets = await services.svTargets.forYear(organisationId, year)
    const values: Record<string, unknown> = { year, ...settings }
    for (const t of targets) {
      values[`${t.scope}Baseline`] = t.baseline ?? ''
      values[`${t.scope}Stretch`] = t.stretch ?? ''
    }
    return settingsPage(request, reply, services, year, values)
  })

  post(app, paths.socialValueSettings, CHANGERS, settingsFormSchema, async (request, reply, form) => {
    const organisationId = request.organisationId!
    if (!form.ok) {
      const year = financialYearBounds(String(form.values.year ?? '')) ? String(form.values.year) : undefined
      return settingsPage(request, reply.code(400), services, year, form.values, form.errors)
    }
    const data = form.data
    const values: Record<string, unknown> = { ...data }
    const targets = targetInputs(data)
    // Targets are checked before anything is saved, so a bad target leaves the thresholds as they were too.
    const problems = parseTargets(targets).fields
    if (Object.keys(problems).length > 0)
      return settingsPage(
        request,
        reply.code(400),
        services,
        data.year,
        values,
        formErrorsFrom(problems, { field: 'totalBaseline', message: 'Check the targets' }),
      )
    try {
      await services.svReturns.updateSettings(request.actor, organisationId, {
        greenPercent: data.greenPercent,
        amberPercent: data.amberPercent,
        dueDays: data.dueDays,
        reminderDaysBefore: data.reminderDaysBefore,
      })
      await services.svTargets.save(request.actor, organisationId, data.year, targets)
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const errors = formErrorsFrom(error.fields, { field: 'greenPercent', message: error.message })
      return settingsPage(request, reply.code(400), services, data.year, values, errors)
    }
    flash(request, `Social value settings and the targets for ${data.year} have been saved.`)
    return reply.redirect(`${paths.socialValueSettings}?year=${data.year}`)
  })
}

function targetInputs(data: SettingsForm): TargetInput[] {
  return TARGET_SCOPES.map((scope) => ({
    scope,
    baseline: data[`${scope}Baseline`],
    stretch: data[`${scope}Stretch`],
  }))
}

async function settingsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  year: string | undefined,
  values: Record<string, unknown>,
  errors?: FormErrors,
) {
  const organisationId = request.organisationId!
  const day = today(services)
  const shownYear = year ?? financialYearOf(day)
  const thisYear = financialYearOf(day)
  const years = [
    financialYearOf(addDays(financialYearBounds(thisYear)!.from, -1)),
    thisYear,
    financialYearOf(addDays(financialYearBounds(thisYear)!.to, 1)),
  ]
  const all = await services.svTargets.list(organisationId)
  const organisation = await services.organisations.get(organisationId)
  return reply.view('social-value/dashboard/settings', {
    title: 'Social value settings',
    errors,
    organisation,
    year: shownYear,
    values,
    yearLinks: [...new Set([...years, ...all.map((t) => t.financialYear), shownYear])].sort().map((y) => ({
      year: y,
      href: `${paths.socialValueSettings}?year=${y}`,
      current: y === shownYear,
    })),
    scopes: TARGET_SCOPES.map((scope) => ({ scope, label: TARGET_SCOPE_LABELS[scope] })),
    saved: all.map((t) => ({
      year: t.financialYear,
      label: TARGET_SCOPE_LABELS[t.scope],
      baseline: t.baseline === null ? 'Not set' : formatMoney(t.baseline),
      stretch: t.stretch === null ? 'Not set' : formatMoney(t.stretch),
    })),
    backHref: paths.socialValue,
  })
}
