// Ethical standards on the pages: a supplier declares the standards it meets (with evidence, the date signed and an
// expiry); the organisation's officers read a supplier's declarations, record one on its behalf with the evidence
// they saw, and see which suppliers on their contracts have a mandatory declaration missing or expired. Every
// declaration is kept: the latest of each standard counts. Also registers the social value file uploads.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES, READ_ROLES, roleIn, suppliersOf } from '../../../domain/access/roles.js'
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../domain/errors.js'
import {
  ETHICAL_STANDARDS,
  type EthicalStandardCode,
  type StandardCheck,
} from '../../../domain/social-value/ethical.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatNumber } from '../../support/format.js'
import { formErrorsFrom, parseForm, type FormErrors } from '../../support/forms.js'
import { flash, get, param, post } from '../../support/route.js'
import { dateParts } from '../contracts/manage.schema.js'
import {
  declarationFormSchema,
  declarationRules,
  linkDateFields,
  overviewQuerySchema,
  standardOf,
  supplierQuerySchema,
  type OverviewQuery,
} from './ethics.schema.js'
import {
  flagText,
  historyRows,
  overviewCsv,
  publicFlagText,
  SHORT_NAMES,
  STANDARD_HINTS,
  standardRows,
} from './ethics.view.js'
import { svImportRoutes } from './imports.controller.js'

const SUPPLIER = { kind: 'supplier' } as const
const READERS = { kind: 'org', roles: READ_ROLES } as const
const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const

/** Who is declaring: the supplier itself, or an officer recording it for the supplier. */
type Declarer =
  | { mode: 'supplier'; supplier: { id: string; name: string }; several: boolean }
  | { mode: 'officer'; supplier: { id: string; name: string }; canChange: boolean }

export default function socialValueEthicsRoutes(app: FastifyInstance, services: Services): void {
  // The supplier's own pages: only for a supplier the person acts for, whatever the address or form says.
  get(app, paths.supplierEthicalStandards, SUPPLIER, async (request, reply) => {
    const declarer = supplierDeclarer(request, supplierQuerySchema.parse(request.query).supplierId)
    return standardsPage(request, reply, services, declarer)
  })

  get(app, paths.supplierEthicalStandard(':standard'), SUPPLIER, async (request, reply) => {
    const declarer = supplierDeclarer(request, supplierQuerySchema.parse(request.query).supplierId)
    return declarationPage(reply, services, declarer, standardParam(request))
  })

  post(
    app,
    paths.supplierEthicalStandard(':standard'),
    SUPPLIER,
    declarationFormSchema,
    async (request, reply, form) => {
      const asked = form.ok ? form.data.supplierId : String(form.values.supplierId ?? '')
      const declarer = supplierDeclarer(request, asked || undefined)
      return saveDeclaration(request, reply, services, declarer, standardParam(request))
    },
  )

  // The organisation's people: one supplier's declarations, and recording one for it.
  get(app, paths.supplierEthics(':id'), READERS, async (request, reply) => {
    const declarer = await officerDeclarer(request, services)
    return standardsPage(request, reply, services, declarer)
  })

  get(app, paths.supplierEthicsDeclare(':id', ':standard'), CHANGERS, async (request, reply) => {
    const declarer = await officerDeclarer(request, services)
    return declarationPage(reply, services, declarer, standardParam(request))
  })

  post(
    app,
    paths.supplierEthicsDeclare(':id', ':standard'),
    CHANGERS,
    declarationFormSchema,
    async (request, reply) => {
      const declarer = await officerDeclarer(request, services)
      return saveDeclaration(request, reply, services, declarer, standardParam(request))
    },
  )

  get(app, paths.socialValueEthics, READERS, async (request, reply) => {
    const query = overviewQuerySchema.parse(request.query)
    const all = await services.svEthics.overview(request.organisationId!, { includePaid: query.scope === 'paid' })
    return reply.view('social-value/ethics/overview', {
      title: 'Suppliers’ ethical standards',
      ...overviewView(all, query),
    })
  })

  get(app, paths.socialValueEthicsCsv, READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const { scope } = overviewQuerySchema.parse(request.query)
    const all = await services.svEthics.overview(organisationId, { includePaid: scope === 'paid' })
    const name = `${organisationId}-ethical-standards${scope === 'paid' ? '-contracted-or-paid' : ''}.csv`
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(overviewCsv(all))
  })

  svImportRoutes(app, services)
}

function standardParam(request: FastifyRequest): EthicalStandardCode {
  const standard = standardOf(param(request, 'standard'))
  if (!standard) throw new NotFoundError('There is no such ethical standard')
  return standard
}

/** The supplier a person acts for: the one asked for (403 if it is not theirs), else their first. */
function supplierDeclarer(request: FastifyRequest, supplierId: string | undefined): Declarer {
  const mine = suppliersOf(request.principal!)
  const asked = supplierId ? mine.find((s) => s.id === supplierId) : undefined
  if (supplierId && !asked) throw new ForbiddenError('You can only see and make declarations for your own supplier')
  return { mode: 'supplier', supplier: asked ?? mine[0]!, several: mine.length > 1 }
}

async function officerDeclarer(request: FastifyRequest, services: Services): Promise<Declarer> {
  const organisationId = request.organisationId!
  const { supplier } = await services.suppliers.get(organisationId, param(request, 'id'))
  const canChange = CHANGE_ROLES.includes(roleIn(request.principal!, organisationId)!)
  return { mode: 'officer', supplier: { id: supplier.id, name: supplier.name }, canChange }
}

/** Where a declarer's pages are: the supplier's own, or the supplier's pages under the organisation. */
function linksOf(declarer: Declarer) {
  const id = declarer.supplier.id
  if (declarer.mode === 'officer')
    return { list: paths.supplierEthics(id), declare: (code: string) => paths.supplierEthicsDeclare(id, code) }
  const query = declarer.several ? `?${new URLSearchParams({ supplierId: id }).toString()}` : ''
  return {
    list: `${paths.supplierEthicalStandards}${query}`,
    declare: (code: string) => `${paths.supplierEthicalStandard(code)}${query}`,
  }
}

async function standardsPage(request: FastifyRequest, reply: FastifyReply, services: Services, declarer: Declarer) {
  const mine = await services.svEthics.forSupplier(declarer.supplier.id)
  const links = linksOf(declarer)
  const canDeclare = declarer.mode === 'supplier' || declarer.canChange
  const rows = standardRows(
    mine.standards,
    new Set(mine.declarations.map((d) => d.standard)),
    mine.expiringBy,
    links.declare,
  )
  return reply.view('social-value/ethics/standards', {
    title: declarer.mode === 'supplier' ? 'Your ethical standards' : `Ethical standards: ${declarer.supplier.name}`,
    mode: declarer.mode,
    supplier: declarer.supplier,
    otherSuppliers:
      declarer.mode === 'supplier' && declarer.several
        ? suppliersOf(request.principal!).map((s) => ({
            ...s,
            href: `${paths.supplierEthicalStandards}?${new URLSearchParams({ supplierId: s.id }).toString()}`,
            current: s.id === declarer.supplier.id,
          }))
        : [],
    canDeclare,
    isCareProvider: mine.isCareProvider,
    flags: mine.flags.map(flagText),
    mandatory: rows.filter((r) => r.mandatory),
    encouraged: rows.filter((r) => !r.mandatory),
    history: historyRows(mine.declarations),
    supplierHref: declarer.mode === 'officer' ? paths.supplier(declarer.supplier.id) : null,
  })
}

async function declarationPage(
  reply: FastifyReply,
  services: Services,
  declarer: Declarer,
  standard: EthicalStandardCode,
  form?: { values: Record<string, unknown>; errors: FormErrors },
) {
  if (declarer.mode === 'officer' && !declarer.canChange) throw new ForbiddenError('You cannot record declarations')
  const mine = await services.svEthics.forSupplier(declarer.supplier.id)
  const definition = ETHICAL_STANDARDS.find((s) => s.code === standard)!
  const latest = mine.declarations.find((d) => d.standard === standard)
  const check = mine.standards.find((s) => s.code === standard)!
  // Renewing starts from what was declared last time; the dates are always entered afresh.
  const values = form?.values ?? {
    meets: latest ? (latest.meets ? 'yes' : 'no') : undefined,
    coversSupplyChain:
      latest?.coversSupplyChain === null || !latest ? undefined : latest.coversSupplyChain ? 'yes' : 'no',
    statementUrl: latest?.statementUrl ?? undefined,
    statementYear: latest?.statementYear ?? undefined,
    evidenceUrl: latest?.evidenceUrl ?? undefined,
    evidenceNote: latest?.evidenceNote || undefined,
    ...dateParts('declaredOn', null),
  }
  const links = linksOf(declarer)
  return reply.code(form ? 400 : 200).view('social-value/ethics/declare', {
    title: `${latest ? 'Update' : 'Declare'}: ${definition.name}`,
    errors: form?.errors,
    mode: declarer.mode,
    supplier: declarer.supplier,
    several: declarer.mode === 'supplier' && declarer.several,
    standard: {
      code: standard,
      name: definition.name,
      shortName: SHORT_NAMES[standard],
      hint: STANDARD_HINTS[standard],
      mandatory: definition.mandatory,
      applies: check.applies,
    },
    current: latest
      ? { declaredOn: formatDate(latest.declaredOn), state: check.state, expiresOn: formatDate(check.expiresOn) }
      : null,
    values,
    action: links.declare(standard),
    backHref: links.list,
  })
}

async function saveDeclaration(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  declarer: Declarer,
  standard: EthicalStandardCode,
) {
  if (declarer.mode === 'officer' && !declarer.canChange) throw new ForbiddenError('You cannot record declarations')
  const today = (await services.svEthics.forSupplier(declarer.supplier.id)).today
  const form = parseForm(declarationRules(standard, today, declarer.supplier.name), request.body)
  if (!form.ok)
    return declarationPage(reply, services, declarer, standard, { ...form, errors: linkDateFields(form.errors) })
  try {
    await services.svEthics.declare(request.actor, declarer.supplier.id, form.data)
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    const errors = linkDateFields(formErrorsFrom(error.fields, { field: 'meets', message: error.message }))
    return declarationPage(reply, services, declarer, standard, {
      values: request.body as Record<string, unknown>,
      errors,
    })
  }
  flash(
    request,
    declarer.mode === 'supplier'
      ? `Your declaration of ${SHORT_NAMES[standard]} has been saved.`
      : `The declaration of ${SHORT_NAMES[standard]} has been recorded for ${declarer.supplier.name}.`,
  )
  return reply.redirect(linksOf(declarer).list)
}

type OverviewRow = Awaited<ReturnType<Services['svEthics']['overview']>>[number]

const STATE_LABELS: Record<NonNullable<OverviewQuery['state']>, string> = {
  missing: 'Missing',
  expired: 'Expired',
  'not-met': 'Not met',
  incomplete: 'Incomplete',
}

/** The overview's counts (over every supplier) and its list (as filtered). */
function overviewView(all: readonly OverviewRow[], query: OverviewQuery) {
  const show = query.show ?? 'flagged'
  const scope = query.scope ?? 'contracts'
  const matches = (f: StandardCheck) =>
    (!query.state || f.state === query.state) && (!query.standard || f.code === query.standard)
  const filtering = Boolean(query.state || query.standard)
  const q = query.q?.toLowerCase()
  const listed = all.filter(
    (s) =>
      (!q || s.name.toLowerCase().includes(q)) &&
      (filtering ? s.flags.some(matches) : show === 'all' || s.flags.length > 0),
  )
  const mandatory = ETHICAL_STANDARDS.filter((s) => s.mandatory)
  const countOf = (code: string, states: readonly string[]) =>
    all.filter((s) => s.standards.some((c) => c.code === code && c.applies && states.includes(c.state))).length
  return {
    query: { scope, show, state: query.state ?? '', standard: query.standard ?? '', q: query.q ?? '' },
    scopeText: scope === 'paid' ? 'on your active contracts or paid in the last year' : 'on your active contracts',
    counts: {
      suppliers: formatNumber(all.length),
      flagged: formatNumber(all.filter((s) => s.flags.length > 0).length),
      listed: formatNumber(listed.length),
    },
    byStandard: mandatory.map((m) => ({
      name: m.name,
      missing: formatNumber(countOf(m.code, ['missing'])),
      expired: formatNumber(countOf(m.code, ['expired'])),
      notMet: formatNumber(countOf(m.code, ['not-met', 'incomplete'])),
      met: formatNumber(countOf(m.code, ['met'])),
      href: `${paths.socialValueEthics}?${new URLSearchParams({ scope, standard: m.code }).toString()}`,
    })),
    suppliers: listed.map((s) => ({
      name: s.name,
      href: paths.supplierEthics(s.supplierId),
      careProvider: s.isCareProvider,
      onContract: s.onContract,
      flags: s.flags.filter((f) => !filtering || matches(f)).map(flagText),
      otherFlags: filtering ? s.flags.filter((f) => !matches(f)).length : 0,
    })),
    scopeItems: [
      { value: 'contracts', text: 'On active contracts', selected: scope === 'contracts' },
      { value: 'paid', text: 'Also those paid in the last year', selected: scope === 'paid' },
    ],
    showItems: [
      {
        value: 'flagged',
        text: 'With gaps',
        selected: show === 'flagged',
      },
      { value: 'all', text: 'All', selected: show === 'all' },
    ],
    stateItems: [
      { value: '', text: 'Any gap', selected: !query.state },
      ...Object.entries(STATE_LABELS).map(([value, text]) => ({ value, text, selected: value === query.state })),
    ],
    standardItems: [
      { value: '', text: 'Any mandatory standard', selected: !query.standard },
      ...mandatory.map((m) => ({ value: m.code, text: m.name, selected: m.code === query.standard })),
    ],
    csvHref:
      scope === 'paid'
        ? `${paths.socialValueEthicsCsv}?${new URLSearchParams({ scope }).toString()}`
        : paths.socialValueEthicsCsv,
  }
}

/**
 * Warnings for the suppliers named on a page (a supplier's page, a contract's page): for each supplier with a gap in
 * the mandatory standards, the lines to show. The public sees only that a declaration is missing or has expired,
 * never what was declared or the evidence, and no link to the officers' pages.
 */
export async function ethicsWarnings(
  services: Services,
  suppliers: readonly { supplierId: string | null; name: string }[],
  audience: 'internal' | 'public',
): Promise<{ supplierName: string; lines: string[]; href: string | null }[]> {
  const named = suppliers.filter((s): s is { supplierId: string; name: string } => s.supplierId !== null)
  const flags = await services.svEthics.flagsOf(named.map((s) => s.supplierId))
  return named.flatMap((s) => {
    const gaps = flags.get(s.supplierId) ?? []
    if (gaps.length === 0) return []
    return [
      {
        supplierName: s.name,
        lines: gaps.map(audience === 'public' ? publicFlagText : flagText),
        href: audience === 'public' ? null : paths.supplierEthics(s.supplierId),
      },
    ]
  })
}
