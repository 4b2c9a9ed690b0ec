// The contracts register as CSV in the Local Government Transparency Code 2015 shape. Pure: no I/O.
//
// The Code (DCLG, February 2015, part 2, "Contracts") asks, for every contract over £5,000: the reference number,
// title of agreement, department responsible, description of the goods and/or services, supplier name and details,
// the sum to be paid over the length of the contract or the estimated annual spending, Value Added Tax that cannot be
// recovered, start, end and review dates, whether it was the result of an invitation to quote or a published
// invitation to tender, and whether the supplier is an SME and/or a voluntary or community sector organisation, with
// its registration number. The LGA's local transparency guidance (v1.3, June 2015) and its contracts register schema
// add the organisation's name, extension and end-date-with-extensions columns, CPV codes, the OCID and a contact; the
// schemas write dates as ISO 8601 (YYYY-MM-DD) and amounts as plain numbers without £ or thousands separators, and
// so does cwb.
//
// One row per contract. Several suppliers share one row, "; " between them, each supplier's registration numbers and
// SME / VCSE answers in the same position in their own columns ("Not known" keeps the positions when one is unknown).
// The headers are the register importer's canonical names, so an export can be imported again.
import {
  contractLifeStatus,
  CONTRACT_LIFE_STATUS_LABELS,
  PROCUREMENT_ROUTE_LABELS,
  type ConfidentialField,
  type Contract,
  type ContractVariation,
} from './contract.js'
import { toPublicContract, toPublicVariation, type PublicContract, type PublicVariation } from './public-view.js'
import { REGISTER_COLUMNS, type RegisterField } from './register-columns.js'

export type ExportAudience = 'public' | 'internal'

/**
 * A contract as an export sees it. For the public it is exactly toPublicContract's view; for the organisation's own
 * people it adds the owner and the suppliers' postcodes (notes and record-keeping fields are never exported).
 */
export type ExportContract = Omit<PublicContract, 'suppliers'> & {
  ownerName?: string | null
  ownerEmail?: string | null
  suppliers: (PublicContract['suppliers'][number] & { postcode?: string | null })[]
}

/** A variation as an export sees it: who approved or recorded it is never exported. */
export type ExportVariation = PublicVariation

/** The view of a contract an audience may have. Public exports go through toPublicContract and nothing else. */
export function exportViewOf(contract: Contract, audience: ExportAudience): ExportContract {
  if (audience === 'public') return toPublicContract(contract)
  const {
    ownerUserId: _ownerUserId,
    notes: _notes,
    version: _version,
    source: _source,
    confidentialFields,
    ...rest
  } = contract
  return { ...rest, confidentialFields, withheld: [...confidentialFields] }
}

/** The view of a variation an audience may have. */
export function exportVariationOf(
  contract: Contract,
  variation: ContractVariation,
  audience: ExportAudience,
): ExportVariation {
  if (audience === 'public') return toPublicVariation(contract, variation)
  const { approvedBy: _approvedBy, recordedBy: _recordedBy, ...rest } = variation
  return rest
}

/** Whether a contract is published at all: a cancelled contract never took effect and stays with its officers. */
export function isPublished(contract: Pick<Contract, 'status'>): boolean {
  return contract.status !== 'cancelled'
}

type Column = { field: RegisterField; internalOnly?: boolean }

const COLUMNS: readonly Column[] = [
  { field: 'buyer' },
  { field: 'reference' },
  { field: 'title' },
  { field: 'department' },
  { field: 'description' },
  { field: 'supplierName' },
  { field: 'companyNumber' },
  { field: 'charityNumber' },
  { field: 'otherRegistration' },
  { field: 'supplierPostcode', internalOnly: true },
  { field: 'sme' },
  { field: 'vcse' },
  { field: 'totalValue' },
  { field: 'annualValue' },
  { field: 'irrecoverableVat' },
  { field: 'startDate' },
  { field: 'endDate' },
  { field: 'reviewDate' },
  { field: 'extensionOptions' },
  { field: 'maxEndDate' },
  { field: 'procurementRoute' },
  { field: 'directAwardReason' },
  { field: 'frameworkName' },
  { field: 'cpvCodes' },
  { field: 'status' },
  { field: 'ocid' },
  { field: 'ownerName', internalOnly: true },
  { field: 'ownerEmail', internalOnly: true },
  { field: 'confidentialFields' },
]

const headerOf = (field: RegisterField) => REGISTER_COLUMNS[field].header

const columnsFor = (audience: ExportAudience) => COLUMNS.filter((c) => audience === 'internal' || !c.internalOnly)

/** The header row. */
export function transparencyCsvHeader(audience: ExportAudience): string[] {
  return columnsFor(audience).map((c) => headerOf(c.field))
}

const flag = (value: boolean | null) => (value === null ? 'Not known' : value ? 'Yes' : 'No')

/** One value per supplier, or blank when no supplier has one (so a one-supplier contract reads naturally). */
function perSupplier(values: readonly (string | null)[], missing = ''): string {
  if (values.every((v) => v === null || v === '')) return ''
  return values.map((v) => v || missing).join('; ')
}

/** The confidential fields, as the importer reads them back (field names, "; " between them). */
function withheldCell(withheld: readonly ConfidentialField[]): string {
  return [...withheld].sort().join('; ')
}

/**
 * One contract's row. Withheld fields are blank, and the "Withheld Fields" column says which they are, so a blank
 * never reads as a zero or as "not known".
 */
export function transparencyCsvRow(
  c: ExportContract,
  options: { organisationName: string; audience: ExportAudience; today: string },
): string[] {
  const s = c.suppliers
  const value: Record<RegisterField, string> = {
    buyer: options.organisationName,
    reference: c.reference,
    title: c.title,
    department: c.department ?? '',
    description: c.description ?? '',
    supplierName: s.map((x) => x.name).join('; '),
    companyNumber: perSupplier(s.map((x) => x.companyNumber)),
    charityNumber: perSupplier(s.map((x) => x.charityNumber)),
    otherRegistration: perSupplier(s.map((x) => x.otherRegistration)),
    supplierPostcode: perSupplier(s.map((x) => x.postcode ?? null)),
    sme: s.some((x) => x.isSme !== null) ? s.map((x) => flag(x.isSme)).join('; ') : '',
    vcse: s.some((x) => x.isVcse !== null) ? s.map((x) => flag(x.isVcse)).join('; ') : '',
    totalValue: c.totalValue ?? '',
    annualValue: c.annualValue ?? '',
    irrecoverableVat: c.irrecoverableVat ?? '',
    startDate: c.startDate ?? '',
    endDate: c.endDate ?? '',
    reviewDate: c.reviewDate ?? '',
    extensionOptions: c.extensionOptions ?? '',
    maxEndDate: c.maxEndDate ?? '',
    procurementRoute: c.procurementRoute ? PROCUREMENT_ROUTE_LABELS[c.procurementRoute] : '',
    directAwardReason: c.directAwardReason ?? '',
    frameworkName: c.frameworkName ?? '',
    cpvCodes: c.cpvCodes.join('; '),
    status: CONTRACT_LIFE_STATUS_LABELS[contractLifeStatus(c, options.today)],
    ocid: c.ocid ?? '',
    ownerName: c.ownerName ?? '',
    ownerEmail: c.ownerEmail ?? '',
    confidentialFields: withheldCell(c.withheld),
  }
  return columnsFor(options.audience).map((col) => value[col.field])
}
