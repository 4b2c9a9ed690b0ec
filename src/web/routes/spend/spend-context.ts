// Whose spend a request is about, and where its links go: the signed-in dashboard reads the current organisation
// (or one of its networks), the public one an organisation named in the URL.
import type { FastifyRequest } from 'fastify'
import { ForbiddenError } from '../../../domain/errors.js'
import type { Services } from '../../../services.js'
import type { ReportScope } from '../../../services/spend-report.service.js'
import { paths } from '../../paths.js'
import { param } from '../../support/route.js'
import type { DrillFilter, SpendTableKey } from './spend-tables.js'

export type SpendContext = {
  isPublic: boolean
  organisation: { id: string; name: string }
  scope: ReportScope
  /** 'network:<id>' when the figures pool a network's members. */
  scopeValue?: string
  /** The organisation's or the network's name. */
  scopeName: string
  /** For the file names of downloads. */
  scopeSlug: string
  networks: { id: string; name: string; members: number }[]
  links: { dashboard: string; payments: string; table: (key: SpendTableKey) => string }
}

/** The organisation (or network) a request is about. Throws NotFoundError for an unknown public organisation. */
export async function spendContext(
  request: FastifyRequest,
  services: Services,
  options: { isPublic: boolean; scopeValue?: string },
): Promise<SpendContext> {
  const organisationId = options.isPublic ? param(request, 'organisationId') : request.organisationId!
  const organisation = await services.organisations.get(organisationId)
  const links = options.isPublic
    ? {
        dashboard: paths.publicSpend(organisation.id),
        payments: paths.publicSpendPayments(organisation.id),
        table: (key: SpendTableKey) => paths.publicSpendTableCsv(organisation.id, key),
      }
    : { dashboard: paths.spend, payments: paths.spendPayments, table: (key: SpendTableKey) => paths.spendTableCsv(key) }
  const base = {
    isPublic: options.isPublic,
    organisation: { id: organisation.id, name: organisation.name },
    links,
  }
  // Pooled network figures are for the networks' own people; the public pages show one organisation.
  if (options.isPublic) {
    return {
      ...base,
      scope: { organisationId: organisation.id },
      scopeName: organisation.name,
      scopeSlug: organisation.id,
      networks: [],
    }
  }
  const networkIds = await services.organisations.networksOf(organisation.id)
  const networks = networkIds.length > 0 ? await services.organisations.listNetworks(networkIds) : []
  const choices = networks.map((n) => ({ id: n.id, name: n.name, members: n.members.length }))
  if (!options.scopeValue)
    return {
      ...base,
      scope: { organisationId: organisation.id },
      scopeName: organisation.name,
      scopeSlug: organisation.id,
      networks: choices,
    }
  const networkId = options.scopeValue.slice('network:'.length)
  const network = networks.find((n) => n.id === networkId)
  if (!network) throw new ForbiddenError(`${organisation.name} is not a member of that network`)
  return {
    ...base,
    scope: { networkId: network.id },
    scopeValue: options.scopeValue,
    scopeName: network.name,
    scopeSlug: `network-${network.id}`,
    networks: choices,
  }
}

/** A query string with the period and scope first, then any filters; blank values are left out. */
export function queryString(
  context: SpendContext,
  range: { from: string; to: string },
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams({ from: range.from, to: range.to })
  if (context.scopeValue) params.set('scope', context.scopeValue)
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(key, value)
  return params.toString()
}

/** Links to the payments behind a figure, for a report's period and scope. */
export function drillLinks(context: SpendContext, range: { from: string; to: string }) {
  return (filter: DrillFilter) => `${context.links.payments}?${queryString(context, range, filter)}`
}

/** A file name for a download: organisation or network, what it is, and the period. */
export function downloadName(context: SpendContext, what: string, range: { from: string; to: string }): string {
  return `${context.scopeSlug}-${what}-${range.from}-to-${range.to}.csv`.replace(/[^a-zA-Z0-9._-]+/g, '-')
}
