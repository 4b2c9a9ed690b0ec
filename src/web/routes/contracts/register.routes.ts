// The contracts register for an organisation's people: the same search and filters as the public register, over
// everything (withheld fields included), with what officers need to manage contracts: owner, review date, status.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CHANGE_ROLES, READ_ROLES, roleIn } from '../../../domain/access/roles.js'
import {
  anySupplier,
  CONTRACT_LIFE_STATUS_LABELS,
  contractLifeStatus,
  type Contract,
} from '../../../domain/contracts/contract.js'
import { pageCount } from '../../../domain/contracts/search-query.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney, formatNumber } from '../../support/format.js'
import { get } from '../../support/route.js'
import { filterView, NOT_KNOWN } from './public.routes.js'
import { PAGE_SIZE, paginationOf, readRegisterQuery, registerQueryString, toRegisterSearch } from './search.schema.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const

/** Pages of the register other parts of the app serve. */
const links = {
  add: '/contracts/new',
  due: '/contracts/due',
  imports: '/contracts/imports',
  exportCsv: '/contracts/export.csv',
  contract: (id: string) => `/contracts/${id}`,
}

export default function contractRegisterRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.contracts, READERS, (request, reply) => registerList(request, reply, services))
}

function internalRow(c: Contract, today: string, people: ReadonlyMap<string, { name: string }>) {
  return {
    href: links.contract(c.id),
    title: c.title,
    reference: c.reference,
    suppliers: c.suppliers.map((s) => s.name).join(', ') || NOT_KNOWN,
    value: c.totalValue ? formatMoney(c.totalValue) : NOT_KNOWN,
    startDate: formatDate(c.startDate) || NOT_KNOWN,
    endDate: formatDate(c.endDate) || NOT_KNOWN,
    reviewDate: formatDate(c.reviewDate),
    // An owner is one of the organisation's people, or a name (and email) typed in or imported.
    owner: (c.ownerUserId ? people.get(c.ownerUserId)?.name : undefined) ?? c.ownerName ?? c.ownerEmail ?? '',
    department: c.department ?? '',
    status: CONTRACT_LIFE_STATUS_LABELS[contractLifeStatus(c, today)],
    withheld: c.confidentialFields.length > 0,
    sme: anySupplier(c, 'isSme') === true,
    vcse: anySupplier(c, 'isVcse') === true,
  }
}

async function registerList(request: FastifyRequest, reply: FastifyReply, services: Services) {
  const organisationId = request.organisationId!
  const organisation = await services.organisations.get(organisationId)
  const { query, errors } = readRegisterQuery(request.query, { allowCancelled: true })
  const [result, facets, people] = await Promise.all([
    services.contractRegister.search(toRegisterSearch(query, organisationId)),
    services.contractRegister.facets(organisationId, 'internal'),
    services.contracts.people(organisationId),
  ])
  const today = services.contractRegister.today()
  const pages = pageCount(result.total, PAGE_SIZE)
  const href = (page: number) => {
    const qs = registerQueryString(query, { page })
    return qs ? `${paths.contracts}?${qs}` : paths.contracts
  }
  if (query.page > pages) return reply.redirect(href(pages))
  const peopleById = new Map(people.map((p) => [p.id, p]))
  const role = request.principal ? roleIn(request.principal, organisationId) : null
  return reply.view('contracts/register/list', {
    title: 'Contracts register',
    errors,
    organisation: { id: organisation.id, name: organisation.name },
    action: paths.contracts,
    filters: filterView(query, facets, { allowCancelled: true }),
    total: result.total,
    totalText: formatNumber(result.total),
    page: query.page,
    pages,
    rows: result.contracts.map((c) => internalRow(c, today, peopleById)),
    pagination: paginationOf(query.page, pages, href),
    canChange: role !== null && CHANGE_ROLES.includes(role),
    links: { ...links, publicRegister: paths.publicContracts(organisation.id) },
  })
}
