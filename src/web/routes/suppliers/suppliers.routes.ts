// The suppliers an organisation has paid, and one supplier's record: identifiers, location, size, flags and the
// names it is known by.
import type { FastifyInstance } from 'fastify'
import { READ_ROLES } from '../../../domain/access/roles.js'
import { SIZE_BAND_LABELS } from '../../../domain/suppliers/size.js'
import {
  FLAG_LABELS,
  LEGAL_FORM_LABELS,
  orgIdsOf,
  SUPPLIER_FLAGS,
  type LegalForm,
  type Supplier,
} from '../../../domain/suppliers/supplier.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatMoney, formatNumber } from '../../support/format.js'
import { get, param } from '../../support/route.js'
import { ethicsWarnings } from '../social-value/ethics.routes.js'
import { listQuerySchema } from './suppliers.schema.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const
const PAGE_SIZE = 50

const ALIAS_SOURCES: Record<string, string> = {
  ledger: 'Matched automatically from a payment file',
  register: 'Matched by company or charity number',
  officer: 'Decided in supplier review',
  'vendor-master': 'From your vendor master',
}

const SOURCES: Record<string, string> = {
  register: 'From Companies House, the charity register or Co-operatives UK',
  'vendor-master': 'From a vendor master',
  ledger: 'Only as spelled in payment files: not verified',
  manual: 'Added by hand',
}

/** "Small (35 staff, turnover £3,200,000.00)": the band and the figures it rests on. */
function sizeDetail(s: Supplier): string {
  const figures = [
    s.employees !== null ? `${formatNumber(s.employees)} staff` : null,
    s.turnover !== null ? `turnover ${formatMoney(s.turnover)}` : null,
  ].filter(Boolean)
  return figures.length > 0 ? `${SIZE_BAND_LABELS[s.sizeBand]} (${figures.join(', ')})` : SIZE_BAND_LABELS[s.sizeBand]
}

const flagsOf = (s: Supplier) => SUPPLIER_FLAGS.filter((f) => s.flags[f]).map((f) => FLAG_LABELS[f])

export default function supplierRoutes(app: FastifyInstance, services: Services): void {
  const districtName = (code: string | null) =>
    code ? (services.deps.geography.districts.get(code)?.name ?? code) : null

  get(app, paths.suppliers, READERS, async (request, reply) => {
    const query = listQuerySchema.safeParse(request.query)
    const { q, page } = query.success ? query.data : { q: undefined, page: 1 }
    const { suppliers, total } = await services.suppliers.listPaid(request.organisationId!, {
      query: q,
      page,
      pageSize: PAGE_SIZE,
    })
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    const pageHref = (n: number) =>
      `${paths.suppliers}?${new URLSearchParams([...(q ? [['q', q]] : []), ['page', String(n)]]).toString()}`
    return reply.view('pages/suppliers/list', {
      q: q ?? '',
      total,
      page,
      pages,
      pendingReviews: await services.supplierReview.countPending(request.organisationId!),
      suppliers: suppliers.map((s) => ({
        ...s,
        size: SIZE_BAND_LABELS[s.sizeBand],
        flagList: flagsOf(s),
        district: s.districtName,
      })),
      pagination: {
        previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
        next: page < pages ? { href: pageHref(page + 1) } : undefined,
      },
    })
  })

  get(app, paths.supplier(':id'), READERS, async (request, reply) => {
    const {
      supplier: s,
      aliases,
      payments,
      amount,
    } = await services.suppliers.get(request.organisationId!, param(request, 'id'))
    return reply.view('pages/suppliers/supplier', {
      supplier: s,
      identifiers: orgIdsOf(s),
      source: SOURCES[s.source] ?? s.source,
      district: districtName(s.districtCode),
      tradingDistrict: districtName(s.tradingDistrictCode),
      sizeDetail: sizeDetail(s),
      legalForm: s.legalForm ? (LEGAL_FORM_LABELS[s.legalForm as LegalForm] ?? s.legalForm) : null,
      flagList: flagsOf(s),
      aliases: aliases.map((a) => ({ ...a, sourceLabel: ALIAS_SOURCES[a.source] ?? a.source })),
      payments,
      amount,
      ethicsFlags: (await ethicsWarnings(services, [{ supplierId: s.id, name: s.name }], 'internal'))[0],
      ethicsHref: paths.supplierEthics(s.id),
    })
  })
}
