// The social value report of an organisation or a network: committed and delivered £, by theme, measure and
// contract, with red/amber/green. The rows come from the database; the arithmetic is the pure buildSocialValueReport.
import { findOrganisation, listNetworks, networkMemberIds } from '../db/repositories/organisation.repository.js'
import {
  listCommitments,
  listContractsForReport,
  listReturnsOfOrganisations,
} from '../db/repositories/sv-delivery.repository.js'
import { listMeasures } from '../db/repositories/sv-framework.repository.js'
import { findSvSettings } from '../db/repositories/sv-settings.repository.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { NotFoundError } from '../domain/errors.js'
import { buildSocialValueReport, type SocialValueReport } from '../domain/social-value/report.js'
import type { ServiceDeps } from './deps.js'

/**
 * Whose social value: one organisation, or a network's members. The public audience reads only what the public
 * contracts register shows: a cancelled contract never took effect, so its commitments and returns are left out.
 */
export type SvReportScope = ({ organisationId: string } | { networkId: string }) & { audience?: 'public' | 'internal' }

export type SvReport = SocialValueReport & { organisation: string; organisations: string[] }

const EARLIEST = '1900-01-01'
const LATEST = '9999-12-31'

export function createSvReportService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  async function membersOf(scope: SvReportScope): Promise<{ label: string; ids: string[] }> {
    if ('organisationId' in scope) {
      const org = await findOrganisation(db, scope.organisationId)
      if (!org) throw new NotFoundError(`There is no organisation ${scope.organisationId}`)
      return { label: org.id, ids: [org.id] }
    }
    const [network] = await listNetworks(db, [scope.networkId])
    if (!network) throw new NotFoundError(`There is no network ${scope.networkId}`)
    return { label: network.id, ids: await networkMemberIds(db, network.id) }
  }

  return {
    /**
     * The report over commitments and returns whose period starts from `from` to `to` (both optional). A network
     * pools its members and is judged with the RAG thresholds and due days of its first member (by id); the
     * thresholds used are in the report.
     */
    async report(scope: SvReportScope, range: { from?: string; to?: string } = {}): Promise<SvReport> {
      const { label, ids } = await membersOf(scope)
      const from = range.from ?? EARLIEST
      const to = range.to ?? LATEST
      const settings = await findSvSettings(db, ids[0] ?? '')
      const published = scope.audience === 'public'
      const commitments = await listCommitments(db, ids, { from, to, published })
      // Returns are needed beyond the range too: a commitment in range counts every accepted return within its period.
      const returns = await listReturnsOfOrganisations(db, ids, { published })
      const measureIds = [...new Set([...commitments.map((c) => c.measureId), ...returns.map((r) => r.measureId)])]
      const contractIds = [...new Set([...commitments.map((c) => c.contractId), ...returns.map((r) => r.contractId)])]
      const measures = await listMeasures(db, { measureIds })
      const contracts = await listContractsForReport(db, contractIds)
      const report = buildSocialValueReport({
        from,
        to,
        today: ukCalendarDay(clock.now()),
        dueDays: settings.dueDays,
        thresholds: { greenPercent: settings.greenPercent, amberPercent: settings.amberPercent },
        measures: measures.map((m) => ({
          id: m.id,
          code: m.code,
          name: m.name,
          unit: m.unit,
          theme: m.theme,
          proxies: m.proxies,
        })),
        contracts: contracts.map((c) => ({
          id: c.id,
          organisationId: c.organisation_id,
          reference: c.reference,
          title: c.title,
          department: c.department,
        })),
        commitments: commitments.map((c) => ({
          id: c.id,
          contractId: c.contractId,
          measureId: c.measureId,
          periodStart: c.periodStart,
          periodEnd: c.periodEnd,
          targetQuantity: c.targetQuantity,
        })),
        returns: returns.map((r) => ({
          contractId: r.contractId,
          measureId: r.measureId,
          periodStart: r.periodStart,
          periodEnd: r.periodEnd,
          actualQuantity: r.actualQuantity,
          status: r.status,
        })),
      })
      return {
        organisation: label,
        organisations: ids,
        ...report,
        from: range.from ?? report.from,
        to: range.to ?? report.to,
      }
    },
  }
}

export type SvReportService = ReturnType<typeof createSvReportService>
