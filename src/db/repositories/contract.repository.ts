// Contracts on the register, with their suppliers, lots and variations. The one place that writes them, whether an
// officer's form or an import; callers pass a transaction so the contract, its parties and the audit log commit together.
import { sql } from 'kysely'
import {
  contractCategory,
  type ConfidentialField,
  type Contract,
  type ContractDraft,
  type ContractLot,
  type ContractSupplier,
  type ContractVariation,
  type VariationKind,
} from '../../domain/contracts/contract.js'
import type { Db } from '../database.js'
import type { ContractTable, Database } from '../schema.js'
import type { Selectable } from 'kysely'

type ContractRow = Omit<Selectable<ContractTable>, 'search_all' | 'search_public' | 'any_sme' | 'any_vcse'>

export const CONTRACT_COLUMNS = [
  'id',
  'organisation_id',
  'reference',
  'title',
  'description',
  'department',
  'owner_user_id',
  'owner_name',
  'owner_email',
  'total_value',
  'annual_value',
  'irrecoverable_vat',
  'start_date',
  'end_date',
  'review_date',
  'extension_options',
  'max_end_date',
  'procurement_route',
  'direct_award_reason',
  'framework_name',
  'cpv_codes',
  'category',
  'status',
  'ocid',
  'confidential_fields',
  'notes',
  'source',
  'import_id',
  'fingerprint',
  'version',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ContractRow)[]

export function contractFromRow(
  r: Pick<ContractRow, (typeof CONTRACT_COLUMNS)[number]>,
  suppliers: ContractSupplier[],
  lots: ContractLot[],
): Contract {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    reference: r.reference,
    title: r.title,
    description: r.description,
    department: r.department,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    ownerEmail: r.owner_email,
    totalValue: r.total_value,
    annualValue: r.annual_value,
    irrecoverableVat: r.irrecoverable_vat,
    startDate: r.start_date,
    endDate: r.end_date,
    reviewDate: r.review_date,
    extensionOptions: r.extension_options,
    maxEndDate: r.max_end_date,
    procurementRoute: r.procurement_route,
    directAwardReason: r.direct_award_reason,
    frameworkName: r.framework_name,
    cpvCodes: r.cpv_codes,
    category: r.category,
    status: r.status,
    ocid: r.ocid,
    confidentialFields: r.confidential_fields as ConfidentialField[],
    notes: r.notes,
    source: r.source,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    suppliers,
    lots,
  }
}

function columnsOf(draft: ContractDraft) {
  return {
    reference: draft.reference,
    title: draft.title,
    description: draft.description,
    department: draft.department,
    owner_user_id: draft.ownerUserId,
    owner_name: draft.ownerName,
    owner_email: draft.ownerEmail,
    total_value: draft.totalValue,
    annual_value: draft.annualValue,
    irrecoverable_vat: draft.irrecoverableVat,
    start_date: draft.startDate,
    end_date: draft.endDate,
    review_date: draft.reviewDate,
    extension_options: draft.extensionOptions,
    max_end_date: draft.maxEndDate,
    procurement_route: draft.procurementRoute,
    direct_award_reason: draft.directAwardReason,
    framework_name: draft.frameworkName,
    cpv_codes: draft.cpvCodes,
    category: contractCategory(draft),
    status: draft.status,
    ocid: draft.ocid,
    confidential_fields: draft.confidentialFields,
    notes: draft.notes,
  }
}

export type SaveContractOptions = {
  organisationId: string
  draft: ContractDraft
  actorUserId: string | null
  /** 'manual' for the app; e.g. 'import:csv' or 'import:ocds' for imports. */
  source: string
  importId?: string | null
  /** A hash of the imported row, so a re-import can tell an unchanged contract from a changed one. */
  fingerprint?: string | null
}

/** Inserts a new contract and its parties. The reference must be free in the organisation. */
export async function insertContract(db: Db, options: SaveContractOptions): Promise<string> {
  const row = await db
    .insertInto('contract')
    .values({
      organisation_id: options.organisationId,
      ...columnsOf(options.draft),
      source: options.source,
      import_id: options.importId ?? null,
      fingerprint: options.fingerprint ?? null,
      created_by: options.actorUserId,
      updated_by: options.actorUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await replaceParties(db, row.id, options.draft)
  await refreshContractSearch(db, row.id)
  return row.id
}

/**
 * Replaces a contract's fields and parties, bumping its version. With `expectedVersion`, refuses (returns false)
 * when someone else saved it since it was read.
 */
export async function updateContract(
  db: Db,
  id: string,
  options: SaveContractOptions & { expectedVersion?: number },
): Promise<boolean> {
  let query = db
    .updateTable('contract')
    .set((eb) => ({
      ...columnsOf(options.draft),
      source: options.source,
      import_id: options.importId ?? null,
      fingerprint: options.fingerprint ?? null,
      updated_by: options.actorUserId,
      updated_at: sql<Date>`now()`,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('organisation_id', '=', options.organisationId)
  if (options.expectedVersion !== undefined) query = query.where('version', '=', options.expectedVersion)
  const result = await query.executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) return false
  await replaceParties(db, id, options.draft)
  await refreshContractSearch(db, id)
  return true
}

async function replaceParties(db: Db, contractId: string, draft: ContractDraft): Promise<void> {
  await db.deleteFrom('contract_supplier').where('contract_id', '=', contractId).execute()
  await db.deleteFrom('contract_lot').where('contract_id', '=', contractId).execute()
  if (draft.suppliers.length > 0)
    await db
      .insertInto('contract_supplier')
      .values(
        draft.suppliers.map((s, position) => ({
          contract_id: contractId,
          position,
          supplier_id: s.supplierId,
          name: s.name,
          company_number: s.companyNumber,
          charity_number: s.charityNumber,
          other_registration: s.otherRegistration,
          postcode: s.postcode,
          is_sme: s.isSme,
          is_vcse: s.isVcse,
        })),
      )
      .execute()
  if (draft.lots.length > 0)
    await db
      .insertInto('contract_lot')
      .values(
        draft.lots.map((l, position) => ({
          contract_id: contractId,
          position,
          lot_number: l.lotNumber,
          title: l.title,
          description: l.description,
          value: l.value,
        })),
      )
      .execute()
}

/**
 * Rebuilds the two search vectors: one over everything (for officers) and one over what the public may see, so a
 * withheld description or supplier can never be found from the public register; and the flags of whether any
 * supplier is an SME or a VCSE, which the register's filters read.
 */
export async function refreshContractSearch(db: Db, contractId: string): Promise<void> {
  await sql`
    update contract c set
      search_all =
        setweight(to_tsvector('english', c.reference || ' ' || c.title), 'A') ||
        setweight(to_tsvector('english', coalesce(s.names, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(c.description, '')), 'C'),
      search_public =
        setweight(to_tsvector('english', c.reference || ' ' || c.title), 'A') ||
        setweight(to_tsvector('english',
          case when 'suppliers' = any(c.confidential_fields) then '' else coalesce(s.names, '') end), 'B') ||
        setweight(to_tsvector('english',
          case when 'description' = any(c.confidential_fields) then '' else coalesce(c.description, '') end), 'C'),
      any_sme = s.any_sme,
      any_vcse = s.any_vcse
    from (select string_agg(name, ' ' order by position) as names, coalesce(bool_or(is_sme), false) as any_sme,
            coalesce(bool_or(is_vcse), false) as any_vcse
          from contract_supplier where contract_id = ${contractId}) s
    where c.id = ${contractId}
  `.execute(db)
}

async function partiesOf(
  db: Db,
  contractIds: readonly string[],
): Promise<{ suppliers: Map<string, ContractSupplier[]>; lots: Map<string, ContractLot[]> }> {
  const suppliers = new Map<string, ContractSupplier[]>()
  const lots = new Map<string, ContractLot[]>()
  if (contractIds.length === 0) return { suppliers, lots }
  const supplierRows = await db
    .selectFrom('contract_supplier')
    .selectAll()
    .where('contract_id', 'in', contractIds)
    .orderBy('contract_id')
    .orderBy('position')
    .execute()
  for (const s of supplierRows) {
    const list = suppliers.get(s.contract_id) ?? []
    list.push({
      supplierId: s.supplier_id,
      name: s.name,
      companyNumber: s.company_number,
      charityNumber: s.charity_number,
      otherRegistration: s.other_registration,
      postcode: s.postcode,
      isSme: s.is_sme,
      isVcse: s.is_vcse,
    })
    suppliers.set(s.contract_id, list)
  }
  const lotRows = await db
    .selectFrom('contract_lot')
    .selectAll()
    .where('contract_id', 'in', contractIds)
    .orderBy('contract_id')
    .orderBy('position')
    .execute()
  for (const l of lotRows) {
    const list = lots.get(l.contract_id) ?? []
    list.push({ lotNumber: l.lot_number, title: l.title, description: l.description, value: l.value })
    lots.set(l.contract_id, list)
  }
  return { suppliers, lots }
}

/** Contracts by id, with their suppliers and lots, in the order of the ids given. */
export async function findContractsByIds(db: Db, ids: readonly string[]): Promise<Contract[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('contract').select(CONTRACT_COLUMNS).where('id', 'in', ids).execute()
  const { suppliers, lots } = await partiesOf(db, ids)
  const byId = new Map(rows.map((r) => [r.id, contractFromRow(r, suppliers.get(r.id) ?? [], lots.get(r.id) ?? [])]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** One contract of an organisation, or undefined. */
export async function findContract(db: Db, organisationId: string, id: string): Promise<Contract | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !(await isContractOf(db, organisationId, id))) return undefined
  return (await findContractsByIds(db, [id]))[0]
}

/** Whether a contract with this id belongs to the organisation (without loading the contract). */
export async function isContractOf(db: Db, organisationId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('contract')
    .select('id')
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
  return row !== undefined
}

/** A contract by its reference within an organisation, with the fingerprint it was last imported with. */
export async function findContractByReference(
  db: Db,
  organisationId: string,
  reference: string,
): Promise<(Contract & { fingerprint: string | null }) | undefined> {
  const row = await db
    .selectFrom('contract')
    .select(['id', 'fingerprint'])
    .where('organisation_id', '=', organisationId)
    .where('reference', '=', reference)
    .executeTakeFirst()
  if (!row) return undefined
  const [contract] = await findContractsByIds(db, [row.id])
  return contract ? { ...contract, fingerprint: row.fingerprint } : undefined
}

/** Every contract of an organisation, in reference order (for exports). */
export async function listContractsOfOrganisation(db: Db, organisationId: string): Promise<Contract[]> {
  const rows = await db
    .selectFrom('contract')
    .select(CONTRACT_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .orderBy('reference')
    .execute()
  const { suppliers, lots } = await partiesOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => contractFromRow(r, suppliers.get(r.id) ?? [], lots.get(r.id) ?? []))
}

/** An organisation's first active contracts by reference that name a lead supplier, with that supplier. */
export async function listActiveContractsWithLeadSupplier(
  db: Db,
  organisationId: string,
  limit: number,
): Promise<{ id: string; reference: string; supplierId: string }[]> {
  const rows = await db
    .selectFrom('contract as k')
    .innerJoin('contract_supplier as cs', 'cs.contract_id', 'k.id')
    .select(['k.id', 'k.reference', 'cs.supplier_id'])
    .where('k.organisation_id', '=', organisationId)
    .where('k.status', '=', 'active')
    .where('cs.position', '=', 0)
    .where('cs.supplier_id', 'is not', null)
    .orderBy('k.reference')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, reference: r.reference, supplierId: r.supplier_id! }))
}

type VariationRow = Selectable<Database['contract_variation']>

function variationFromRow(r: VariationRow): ContractVariation {
  return {
    id: r.id,
    contractId: r.contract_id,
    kind: r.kind,
    variedOn: r.varied_on,
    reason: r.reason,
    valueChange: r.value_change,
    previousTotalValue: r.previous_total_value,
    newTotalValue: r.new_total_value,
    previousEndDate: r.previous_end_date,
    newEndDate: r.new_end_date,
    previousReviewDate: r.previous_review_date,
    newReviewDate: r.new_review_date,
    approvedBy: r.approved_by,
    recordedBy: r.recorded_by,
    createdAt: r.created_at,
  }
}

export type NewVariation = {
  contractId: string
  kind: VariationKind
  variedOn: string
  reason: string
  valueChange: string
  previousTotalValue: string | null
  newTotalValue: string | null
  previousEndDate: string | null
  newEndDate: string | null
  previousReviewDate: string | null
  newReviewDate: string | null
  approvedBy: string | null
  recordedBy: string | null
}

export async function insertVariation(db: Db, v: NewVariation): Promise<ContractVariation> {
  const row = await db
    .insertInto('contract_variation')
    .values({
      contract_id: v.contractId,
      kind: v.kind,
      varied_on: v.variedOn,
      reason: v.reason,
      value_change: v.valueChange,
      previous_total_value: v.previousTotalValue,
      new_total_value: v.newTotalValue,
      previous_end_date: v.previousEndDate,
      new_end_date: v.newEndDate,
      previous_review_date: v.previousReviewDate,
      new_review_date: v.newReviewDate,
      approved_by: v.approvedBy,
      recorded_by: v.recordedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return variationFromRow(row)
}

/** A contract's variations, oldest first. */
export async function listVariations(db: Db, contractId: string): Promise<ContractVariation[]> {
  const rows = await db
    .selectFrom('contract_variation')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('varied_on')
    .orderBy('created_at')
    .execute()
  return rows.map(variationFromRow)
}
