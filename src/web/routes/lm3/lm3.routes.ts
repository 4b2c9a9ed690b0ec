// The LM3 local multiplier: suppliers answer a short survey for an organisation that paid them, and the
// organisation's people read the multiplier it gives.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { READ_ROLES, suppliersOf } from '../../../domain/access/roles.js'
import { ForbiddenError, InvalidInputError } from '../../../domain/errors.js'
import { financialYearBounds, financialYearOf, shareToPercent, type Lm3Field } from '../../../domain/spend/lm3.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'
import { formErrorsFrom, type FormErrors } from '../../support/forms.js'
import { flash, get, post } from '../../support/route.js'
import { reportQuerySchema, surveyQuerySchema, surveySchema } from './lm3.schema.js'
import { queryErrors } from '../spend/dashboard.schema.js'

const SUPPLIER = { kind: 'supplier' } as const
const READERS = { kind: 'org', roles: READ_ROLES } as const

export default function lm3Routes(app: FastifyInstance, services: Services): void {
  get(app, paths.supplierLm3, SUPPLIER, async (request, reply) => {
    const query = surveyQuerySchema.parse(request.query)
    const supplier = ownSupplier(request, query.supplierId)
    const { responses } = await services.lm3.forSupplier(supplier.id)
    const existing = responses.find(
      (r) => r.organisationId === query.organisationId && financialYearOf(r.periodStart) === query.year,
    )
    const values: Record<string, unknown> = existing
      ? {
          organisationId: existing.organisationId,
          year: financialYearOf(existing.periodStart),
          localSupplierShare: shareToPercent(existing.shares.localSupplierShare),
          staffCostShare: shareToPercent(existing.shares.staffCostShare),
          localStaffShare: shareToPercent(existing.shares.localStaffShare),
        }
      : { organisationId: query.organisationId, year: query.year }
    return survey(request, reply, services, supplier, values)
  })

  post(app, paths.supplierLm3, SUPPLIER, surveySchema, async (request, reply, form) => {
    if (!form.ok) {
      const supplier = ownSupplier(request, String(form.values.supplierId ?? '') || undefined, { strict: false })
      return survey(request, reply.code(400), services, supplier, form.values, form.errors)
    }
    // Only for a supplier this person acts for: never another's, whatever the form says.
    const supplier = ownSupplier(request, form.data.supplierId)
    const period = financialYearBounds(form.data.year)!
    try {
      await services.lm3.submit(request.actor, {
        organisationId: form.data.organisationId,
        supplierId: supplier.id,
        periodStart: period.from,
        periodEnd: period.to,
        percentages: {
          localSupplierShare: form.data.localSupplierShare,
          staffCostShare: form.data.staffCostShare,
          localStaffShare: form.data.localStaffShare,
        },
      })
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const errors = formErrorsFrom(error.fields, { field: 'organisationId', message: error.message })
      return survey(request, reply.code(400), services, supplier, form.data, errors)
    }
    flash(request, `Your answers for ${form.data.year} have been saved. Thank you.`)
    return reply.redirect(paths.supplierLm3)
  })

  get(app, paths.spendLm3, READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const parsed = reportQuerySchema.safeParse(request.query)
    const years = await services.lm3.years(organisationId)
    const latest = financialYearOf((await services.spendReport.defaultRange({ organisationId })).to)
    const year = (parsed.success && parsed.data.year) || latest
    const range = financialYearBounds(year)!
    const report = await services.lm3.report(organisationId, range)
    const organisation = await services.organisations.get(organisationId)
    const o = report.organisation
    return reply.view('pages/lm3/report', {
      title: 'Local multiplier (LM3)',
      errors: parsed.success ? undefined : queryErrors(parsed.error),
      organisation,
      year,
      period: `${formatDate(range.from)} to ${formatDate(range.to)}`,
      yearItems: [...new Set([year, ...years])]
        .sort()
        .reverse()
        .map((y) => ({ value: y, text: y, selected: y === year })),
      headline: {
        lm3: o.lm3,
        answered: o.answered,
        paid: formatNumber(o.paid),
        coverage: o.coverage,
        r1: formatMoney(o.r1),
        total: formatMoney(o.paidAmount),
        rows: [o.r1, o.r2, o.r3].map(formatMoney),
      },
      suppliers: report.suppliers.map((s) => ({
        ...s,
        href: paths.supplier(s.supplierId),
        r1: formatMoney(s.r1),
        r2: formatMoney(s.r2),
        r3: formatMoney(s.r3),
      })),
    })
  })
}

/** The supplier a person acts for: the one asked for (403 if it is not theirs), else their first. */
function ownSupplier(request: FastifyRequest, supplierId: string | undefined, options = { strict: true }) {
  const mine = suppliersOf(request.principal!)
  const asked = supplierId ? mine.find((s) => s.id === supplierId) : undefined
  if (supplierId && !asked && options.strict) throw new ForbiddenError('You can only answer for your own supplier')
  return asked ?? mine[0]!
}

async function survey(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  supplier: { id: string; name: string },
  values: Record<string, unknown>,
  errors?: FormErrors,
) {
  const { responses, payers } = await services.lm3.forSupplier(supplier.id)
  const years = [...new Set(payers.flatMap((p) => p.startYears))]
    .sort((a, b) => b - a)
    .map((y) => financialYearOf(`${y}-04-01`))
  const field = (name: Lm3Field) => (values[name] === undefined ? undefined : String(values[name]))
  return reply.view('pages/lm3/survey', {
    title: 'Local multiplier survey',
    errors,
    supplier,
    suppliers: suppliersOf(request.principal!),
    values: {
      organisationId: values.organisationId,
      year: values.year,
      localSupplierShare: field('localSupplierShare'),
      staffCostShare: field('staffCostShare'),
      localStaffShare: field('localStaffShare'),
    },
    organisationItems: [
      { value: '', text: 'Choose an organisation', selected: !values.organisationId },
      ...payers.map((p) => ({
        value: p.organisationId,
        text: p.organisationName,
        selected: p.organisationId === values.organisationId,
      })),
    ],
    yearItems: [
      { value: '', text: 'Choose a year', selected: !values.year },
      ...years.map((y) => ({ value: y, text: y, selected: y === values.year })),
    ],
    responses: responses.map((r) => ({
      organisationName: r.organisationName,
      year: financialYearOf(r.periodStart),
      localSupplierShare: shareToPercent(r.shares.localSupplierShare),
      staffCostShare: shareToPercent(r.shares.staffCostShare),
      localStaffShare: shareToPercent(r.shares.localStaffShare),
      changeHref: `${paths.supplierLm3}?${new URLSearchParams({
        supplierId: supplier.id,
        organisationId: r.organisationId,
        year: financialYearOf(r.periodStart),
      }).toString()}`,
    })),
  })
}

/** The LM3 headline for the spend dashboard: the organisation's own, for the financial year its period ends in. */
export async function lm3Headline(
  services: Services,
  scope: { organisationId: string } | { networkId: string },
  isPublic: boolean,
  to: string,
) {
  // Survey answers are for the organisation's own people: not on public pages, nor pooled over a network.
  if (isPublic || !('organisationId' in scope)) return undefined
  const year = financialYearOf(to)
  const { organisation } = await services.lm3.report(scope.organisationId, financialYearBounds(year)!)
  return { ...organisation, year, href: `${paths.spendLm3}?${new URLSearchParams({ year }).toString()}` }
}
