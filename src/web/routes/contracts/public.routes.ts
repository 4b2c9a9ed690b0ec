// The public contracts register: search, filter, a page per contract with its history and payments. Everything shown
// here comes through toPublicContract / toPublicVariation, so withheld fields read "Withheld" and owners, notes and
// approvers never appear. Cancelled contracts never took effect and are not published (their pages are 404).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  CONTRACT_LIFE_STATUS_LABELS,
  contractLifeStatus,
  PROCUREMENT_ROUTE_LABELS,
  VALUE_BANDS,
  type ConfidentialField,
} from '../../../domain/contracts/contract.js'
import type { PublicContract, PublicVariation } from '../../../domain/contracts/public-view.js'
import type { Organisation } from '../../../domain/organisations/organisation.js'
import { CONTRACT_SORT_LABELS, CONTRACT_SORTS, pageCount } from '../../../domain/contracts/search-query.js'
import type { Services } from '../../../services.js'
import type { ContractPayments } from '../../../services/contract-register.service.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'
import { get, param } from '../../support/route.js'
import { ethicsWarnings } from '../social-value/ethics.routes.js'
import { payeeLabel } from '../spend/payments.controller.js'
import {
  hasFilters,
  paginationOf,
  readRegisterQuery,
  registerQueryString,
  toRegisterSearch,
  type RegisterQueryInput,
} from './search.schema.js'

const PUBLIC = { kind: 'public' } as const
export const WITHHELD = 'Withheld (commercially confidential)'
export const NOT_KNOWN = 'Not known'
/** How many of a contract's payments its page lists; the spend pages list them all. */
const PAYMENTS_SHOWN = 50

/** Downloads and the pipeline are other pages of the same organisation's public register. */
const publicLinks = (organisationId: string) => ({
  csv: `/public/${organisationId}/contracts.csv`,
  ocdsReleases: `/public/${organisationId}/contracts/ocds-releases.json`,
  ocdsRecords: `/public/${organisationId}/contracts/ocds-records.json`,
  pipeline: `/public/${organisationId}/pipeline`,
  spend: paths.publicSpend(organisationId),
})

export default function contractPublicRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.publicContracts(':organisationId'), PUBLIC, (request, reply) =>
    publicRegister(request, reply, services),
  )
  get(app, paths.publicContract(':organisationId', ':id'), PUBLIC, (request, reply) =>
    publicContractPage(request, reply, services),
  )
}

/** A short excerpt of a description for a list of results. */
export function excerpt(text: string | null, length = 220): string | null {
  if (!text) return null
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= length) return flat
  const cut = flat.slice(0, length)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length - 30))}…`
}

const isWithheld = (c: PublicContract, field: ConfidentialField) => c.withheld.includes(field)

function moneyOrWithheld(c: PublicContract, field: 'totalValue' | 'annualValue' | 'irrecoverableVat'): string {
  if (isWithheld(c, field)) return WITHHELD
  return c[field] ? formatMoney(c[field]) : NOT_KNOWN
}

function supplierNames(c: PublicContract): string {
  if (isWithheld(c, 'suppliers')) return WITHHELD
  return c.suppliers.map((s) => s.name).join(', ') || NOT_KNOWN
}

/** The filters' choices and current values, shared by the public and internal registers. */
export function filterView(
  query: RegisterQueryInput,
  facets: { departments: string[]; categories: string[] },
  options: { allowCancelled: boolean },
) {
  const option = (value: string, text: string, selected: string | undefined) => ({
    value,
    text,
    selected: value === (selected ?? ''),
  })
  const statuses = (['live', 'not-started', 'expired', 'terminated', 'cancelled'] as const).filter(
    (s) => options.allowCancelled || s !== 'cancelled',
  )
  return {
    query,
    departments: [
      option('', 'All departments', query.department),
      ...facets.departments.map((d) => option(d, d, query.department)),
    ],
    categories: [
      option('', 'All categories', query.category),
      ...facets.categories.map((c) => option(c, c, query.category)),
    ],
    valueBands: [
      option('', 'Any value', query.valueBand),
      ...VALUE_BANDS.map((b) => option(b.id, b.label, query.valueBand)),
    ],
    statuses: [
      option('', 'Any status', query.status),
      ...statuses.map((s) => option(s, CONTRACT_LIFE_STATUS_LABELS[s], query.status)),
    ],
    sorts: CONTRACT_SORTS.map((s) =>
      option(s, CONTRACT_SORT_LABELS[s], query.sort ?? (query.q ? 'relevance' : 'start')),
    ),
    supplierFlags: [
      { value: 'yes', text: 'Small or medium-sized enterprise (SME)', name: 'sme', checked: query.sme === 'yes' },
      {
        value: 'yes',
        text: 'Voluntary, community or social enterprise (VCSE)',
        name: 'vcse',
        checked: query.vcse === 'yes',
      },
    ],
    filtered: hasFilters(query),
  }
}

function publicResult(organisationId: string, c: PublicContract, today: string) {
  const suppliersShown = !isWithheld(c, 'suppliers')
  return {
    href: paths.publicContract(organisationId, c.id),
    title: c.title,
    reference: c.reference,
    description: isWithheld(c, 'description') ? WITHHELD : excerpt(c.description),
    department: c.department ?? NOT_KNOWN,
    category: c.category ?? NOT_KNOWN,
    suppliers: supplierNames(c),
    value: moneyOrWithheld(c, 'totalValue'),
    period: `${formatDate(c.startDate) || NOT_KNOWN} to ${formatDate(c.endDate) || NOT_KNOWN}`,
    status: CONTRACT_LIFE_STATUS_LABELS[contractLifeStatus(c, today)],
    sme: suppliersShown && c.suppliers.some((s) => s.isSme === true),
    vcse: suppliersShown && c.suppliers.some((s) => s.isVcse === true),
  }
}

async function publicRegister(request: FastifyRequest, reply: FastifyReply, services: Services) {
  // Someone signed in sees their account bar; everyone else sees the same page for the same address, so it is
  // built once per version of the register. Its script nonce is swapped for this response's own.
  const head = await services.contractRegister.registerHead(param(request, 'organisationId'))
  const organisation = { id: head.id, name: head.name }
  if (reply.locals.user || reply.locals.flash)
    return reply.view(REGISTER_VIEW, await registerView(request, services, organisation, head.version))
  const nonce = reply.cspNonce.script
  const page = await services.contractRegister.publicPage(head, `${head.id}:${head.name}:${request.url}`, async () => ({
    nonce,
    html: await reply.viewAsync(REGISTER_VIEW, await registerView(request, services, organisation, head.version)),
  }))
  return reply.type('text/html; charset=utf-8').send(page.html.split(page.nonce).join(nonce))
}

const REGISTER_VIEW = 'contracts/public/register'

async function registerView(
  request: FastifyRequest,
  services: Services,
  organisation: Pick<Organisation, 'id' | 'name'>,
  version: string,
) {
  const { query, errors } = readRegisterQuery(request.query, { allowCancelled: false })
  const [result, facets] = await Promise.all([
    services.contractRegister.publicSearch(toRegisterSearch(query, organisation.id), version),
    services.contractRegister.facets(organisation.id, 'public', version),
  ])
  const today = services.contractRegister.today()
  const pages = pageCount(result.total, 20)
  const base = paths.publicContracts(organisation.id)
  const href = (page: number) => {
    const qs = registerQueryString(query, { page })
    return qs ? `${base}?${qs}` : base
  }
  return {
    title: `${organisation.name}: contracts register`,
    errors,
    organisation: { id: organisation.id, name: organisation.name },
    action: base,
    filters: filterView(query, facets, { allowCancelled: false }),
    total: result.total,
    totalText: formatNumber(result.total),
    page: query.page,
    pages,
    results: result.contracts.map((c) => publicResult(organisation.id, c, today)),
    pagination: paginationOf(query.page, pages, href),
    links: publicLinks(organisation.id),
  }
}

function variationRow(v: PublicVariation) {
  const change = v.valueChange === null ? WITHHELD : Number(v.valueChange) === 0 ? 'None' : formatMoney(v.valueChange)
  return {
    date: formatDate(v.variedOn),
    kind: { variation: 'Variation', extension: 'Extension', termination: 'Termination' }[v.kind],
    reason: v.reason,
    valueChange: change.startsWith('£') ? `+${change}` : change,
    newTotalValue: v.newTotalValue === null ? (v.valueChange === null ? WITHHELD : '') : formatMoney(v.newTotalValue),
    endDate:
      v.newEndDate && v.newEndDate !== v.previousEndDate
        ? `${formatDate(v.previousEndDate) || NOT_KNOWN} to ${formatDate(v.newEndDate)}`
        : 'Unchanged',
  }
}

/** The payments section of a contract page, public or internal. */
export function paymentsView(payments: ContractPayments, supplierLink: (supplierId: string) => string | null) {
  const { spend } = payments
  return {
    unavailable: payments.unavailable,
    period: payments.period ? `${formatDate(payments.period.from)} to ${formatDate(payments.period.to)}` : null,
    total: formatMoney(spend.spent),
    count: spend.count,
    countText: formatNumber(spend.count),
    value: spend.value === null ? null : formatMoney(spend.value),
    overspend: spend.overspend,
    overBy: spend.overBy === null ? null : formatMoney(spend.overBy),
    percentOfValue: spend.percentOfValue,
    shown: payments.rows.length,
    unlinkedSuppliers: payments.unlinkedSuppliers,
    rows: payments.rows.map((r) => ({
      date: formatDate(r.date),
      payee: payeeLabel(r),
      named: r.payeeKind === 'organisation',
      amount: formatMoney(r.amount),
      department: r.department ?? '',
      reference: r.transactionRef ?? '',
      href: supplierLink(r.supplierId),
    })),
  }
}

async function publicContractPage(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const organisation = await services.organisations.get(param(request, 'organisationId'))
  const {
    contract: c,
    source,
    variations,
  } = await services.contractRegister.publicContract(organisation.id, param(request, 'id'))
  const today = services.contractRegister.today()
  const payments = await services.contractRegister.payments(source, 'public', { limit: PAYMENTS_SHOWN, offset: 0 })
  const period = payments.period
  const spendPaymentsOf = (supplierId: string) =>
    period
      ? `${paths.publicSpendPayments(organisation.id)}?${new URLSearchParams({ from: period.from, to: period.to, supplierId })}`
      : null
  const route = c.procurementRoute ? PROCUREMENT_ROUTE_LABELS[c.procurementRoute] : NOT_KNOWN
  return reply.view('contracts/public/contract', {
    title: `${c.title}: ${organisation.name} contracts register`,
    organisation: { id: organisation.id, name: organisation.name },
    backHref: paths.publicContracts(organisation.id),
    contract: {
      title: c.title,
      reference: c.reference,
      status: CONTRACT_LIFE_STATUS_LABELS[contractLifeStatus(c, today)],
      description: isWithheld(c, 'description') ? WITHHELD : (c.description ?? NOT_KNOWN),
      department: c.department ?? NOT_KNOWN,
      category: c.category ?? NOT_KNOWN,
      cpvCodes: c.cpvCodes.join(', ') || NOT_KNOWN,
      route,
      frameworkName: c.frameworkName,
      directAwardReason:
        c.procurementRoute === 'direct' ? (isWithheld(c, 'directAwardReason') ? WITHHELD : c.directAwardReason) : null,
      totalValue: moneyOrWithheld(c, 'totalValue'),
      annualValue: moneyOrWithheld(c, 'annualValue'),
      irrecoverableVat: moneyOrWithheld(c, 'irrecoverableVat'),
      startDate: formatDate(c.startDate) || NOT_KNOWN,
      endDate: formatDate(c.endDate) || NOT_KNOWN,
      maxEndDate: c.maxEndDate ? formatDate(c.maxEndDate) : null,
      reviewDate: c.reviewDate ? formatDate(c.reviewDate) : null,
      extensionOptions: isWithheld(c, 'extensionOptions') ? WITHHELD : c.extensionOptions,
      ocid: c.ocid,
      suppliersWithheld: isWithheld(c, 'suppliers'),
      suppliers: c.suppliers.map((s) => ({
        name: s.name,
        registrations: [
          s.companyNumber ? `Company ${s.companyNumber}` : null,
          s.charityNumber ? `Charity ${s.charityNumber}` : null,
          s.otherRegistration,
        ].filter(Boolean),
        sme: s.isSme === null ? NOT_KNOWN : s.isSme ? 'Yes' : 'No',
        vcse: s.isVcse === null ? NOT_KNOWN : s.isVcse ? 'Yes' : 'No',
        paymentsHref: s.supplierId ? spendPaymentsOf(s.supplierId) : null,
      })),
      lotsWithheld: isWithheld(c, 'lots'),
      lots: c.lots.map((l) => ({
        number: l.lotNumber,
        title: l.title,
        description: l.description ?? '',
        // A lot's value would give away a withheld total.
        value: isWithheld(c, 'totalValue') ? WITHHELD : l.value ? formatMoney(l.value) : NOT_KNOWN,
      })),
    },
    variations: variations.map(variationRow),
    // Withheld suppliers are not named, so nor are their declarations.
    ethicsWarnings: isWithheld(c, 'suppliers') ? [] : await ethicsWarnings(services, c.suppliers, 'public'),
    payments: paymentsView(payments, spendPaymentsOf),
    links: publicLinks(organisation.id),
  })
}
