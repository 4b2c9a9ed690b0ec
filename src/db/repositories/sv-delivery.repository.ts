// Social value delivery: commitments per contract and measure, suppliers' returns with their evidence and the
// history of each, and the record of bulk imports. Every query names the organisation (or the supplier).
import { sql } from 'kysely'
import type { Db } from '../database.js'

export type ReturnStatus = 'submitted' | 'accepted' | 'queried' | 'rejected'

export type Commitment = {
  id: string
  organisationId: string
  contractId: string
  contractReference: string
  contractTitle: string
  measureId: string
  measureCode: string
  measureName: string
  unit: string
  periodStart: string
  periodEnd: string
  targetQuantity: string
  source: string
}

export type SvReturn = {
  id: string
  organisationId: string
  contractId: string
  contractReference: string
  contractTitle: string
  measureId: string
  measureCode: string
  measureName: string
  unit: string
  periodStart: string
  periodEnd: string
  actualQuantity: string
  description: string
  status: ReturnStatus
  supplierId: string | null
  source: 'supplier' | 'import'
  submittedAt: Date
  reviewedAt: Date | null
  reviewComment: string | null
  version: number
}

export type Evidence = {
  id: string
  version: number
  kind: 'link' | 'file' | 'note'
  url: string | null
  uploadId: string | null
  fileName: string | null
  description: string
  createdAt: Date
}

export type ReturnEvent = {
  version: number
  status: string
  actualQuantity: string
  description: string
  comment: string | null
  actorLabel: string
  occurredAt: Date
}

const commitmentQuery = (db: Db) =>
  db
    .selectFrom('sv_commitment as c')
    .innerJoin('contract as k', 'k.id', 'c.contract_id')
    .innerJoin('sv_measure as m', 'm.id', 'c.measure_id')
    .select([
      'c.id',
      'c.organisation_id',
      'c.contract_id',
      'k.reference as contract_reference',
      'k.title as contract_title',
      'c.measure_id',
      'm.code as measure_code',
      'm.name as measure_name',
      'm.unit',
      'c.period_start',
      'c.period_end',
      'c.target_quantity',
      'c.source',
    ])

type CommitmentRow = Awaited<ReturnType<ReturnType<typeof commitmentQuery>['executeTakeFirstOrThrow']>>

function commitmentFromRow(r: CommitmentRow): Commitment {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    contractReference: r.contract_reference,
    contractTitle: r.contract_title,
    measureId: r.measure_id,
    measureCode: r.measure_code,
    measureName: r.measure_name,
    unit: r.unit,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    targetQuantity: r.target_quantity,
    source: r.source,
  }
}

export type CommitmentFilter = {
  contractId?: string
  measureId?: string
  from?: string
  to?: string
  /** Only those on contracts the public register shows: not cancelled. */
  published?: boolean
}

/** An organisation's commitments, by contract reference, measure and period. */
export async function listCommitments(
  db: Db,
  organisationIds: readonly string[],
  f: CommitmentFilter = {},
): Promise<Commitment[]> {
  if (organisationIds.length === 0) return []
  let q = commitmentQuery(db).where('c.organisation_id', 'in', [...organisationIds])
  if (f.contractId) q = q.where('c.contract_id', '=', f.contractId)
  if (f.measureId) q = q.where('c.measure_id', '=', f.measureId)
  if (f.from) q = q.where('c.period_start', '>=', f.from)
  if (f.to) q = q.where('c.period_start', '<=', f.to)
  if (f.published) q = q.where('k.status', '!=', 'cancelled')
  const rows = await q.orderBy('k.reference').orderBy('m.code').orderBy('c.period_start').execute()
  return rows.map(commitmentFromRow)
}

export async function findCommitment(db: Db, organisationId: string, id: string): Promise<Commitment | undefined> {
  const row = await commitmentQuery(db)
    .where('c.organisation_id', '=', organisationId)
    .where('c.id', '=', id)
    .executeTakeFirst()
  return row && commitmentFromRow(row)
}

export type CommitmentKey = { contractId: string; measureId: string; periodStart: string; periodEnd: string }

export async function findCommitmentByKey(db: Db, key: CommitmentKey) {
  return db
    .selectFrom('sv_commitment')
    .select(['id', 'target_quantity'])
    .where('contract_id', '=', key.contractId)
    .where('measure_id', '=', key.measureId)
    .where('period_start', '=', key.periodStart)
    .where('period_end', '=', key.periodEnd)
    .executeTakeFirst()
}

/** Commitments of a contract and measure whose period contains the given one (what a return counts towards). */
export async function findCoveringCommitment(db: Db, key: CommitmentKey) {
  return db
    .selectFrom('sv_commitment')
    .select(['id'])
    .where('contract_id', '=', key.contractId)
    .where('measure_id', '=', key.measureId)
    .where('period_start', '<=', key.periodStart)
    .where('period_end', '>=', key.periodEnd)
    .executeTakeFirst()
}

export async function insertCommitment(
  db: Db,
  v: CommitmentKey & {
    organisationId: string
    targetQuantity: string
    source: string
    importId: string | null
    createdBy: string | null
  },
): Promise<string> {
  const row = await db
    .insertInto('sv_commitment')
    .values({
      organisation_id: v.organisationId,
      contract_id: v.contractId,
      measure_id: v.measureId,
      period_start: v.periodStart,
      period_end: v.periodEnd,
      target_quantity: v.targetQuantity,
      source: v.source,
      import_id: v.importId,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateCommitmentTarget(db: Db, id: string, targetQuantity: string, importId: string | null) {
  await db
    .updateTable('sv_commitment')
    .set({ target_quantity: targetQuantity, import_id: importId, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

/** Moves a commitment to another contract, measure or period, with its target. */
export async function updateCommitment(db: Db, id: string, v: CommitmentKey & { targetQuantity: string }) {
  await db
    .updateTable('sv_commitment')
    .set({
      contract_id: v.contractId,
      measure_id: v.measureId,
      period_start: v.periodStart,
      period_end: v.periodEnd,
      target_quantity: v.targetQuantity,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

export async function deleteCommitment(db: Db, organisationId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('sv_commitment')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

const returnQuery = (db: Db) =>
  db
    .selectFrom('sv_return as r')
    .innerJoin('contract as k', 'k.id', 'r.contract_id')
    .innerJoin('sv_measure as m', 'm.id', 'r.measure_id')
    .select([
      'r.id',
      'r.organisation_id',
      'r.contract_id',
      'k.reference as contract_reference',
      'k.title as contract_title',
      'r.measure_id',
      'm.code as measure_code',
      'm.name as measure_name',
      'm.unit',
      'r.period_start',
      'r.period_end',
      'r.actual_quantity',
      'r.description',
      'r.status',
      'r.supplier_id',
      'r.source',
      'r.submitted_at',
      'r.reviewed_at',
      'r.review_comment',
      'r.version',
    ])

type ReturnRow = Awaited<ReturnType<ReturnType<typeof returnQuery>['executeTakeFirstOrThrow']>>

function returnFromRow(r: ReturnRow): SvReturn {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    contractReference: r.contract_reference,
    contractTitle: r.contract_title,
    measureId: r.measure_id,
    measureCode: r.measure_code,
    measureName: r.measure_name,
    unit: r.unit,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    actualQuantity: r.actual_quantity,
    description: r.description,
    status: r.status,
    supplierId: r.supplier_id,
    source: r.source,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    reviewComment: r.review_comment,
    version: r.version,
  }
}

export type ReturnFilter = {
  status?: ReturnStatus
  contractId?: string
  from?: string
  to?: string
  /** Only those on contracts the public register shows: not cancelled. */
  published?: boolean
}

/** Returns made to one or more organisations (newest period first). */
export async function listReturnsOfOrganisations(
  db: Db,
  organisationIds: readonly string[],
  f: ReturnFilter = {},
): Promise<SvReturn[]> {
  if (organisationIds.length === 0) return []
  let q = returnQuery(db).where('r.organisation_id', 'in', [...organisationIds])
  if (f.status) q = q.where('r.status', '=', f.status)
  if (f.contractId) q = q.where('r.contract_id', '=', f.contractId)
  if (f.from) q = q.where('r.period_start', '>=', f.from)
  if (f.to) q = q.where('r.period_start', '<=', f.to)
  if (f.published) q = q.where('k.status', '!=', 'cancelled')
  const rows = await q.orderBy('r.period_start', 'desc').orderBy('k.reference').orderBy('m.code').execute()
  return rows.map(returnFromRow)
}

/** Returns on the contracts a supplier is a party to. */
export async function listReturnsOfSupplier(db: Db, supplierId: string): Promise<SvReturn[]> {
  const rows = await returnQuery(db)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contract_supplier as cs')
          .whereRef('cs.contract_id', '=', 'r.contract_id')
          .where('cs.supplier_id', '=', supplierId)
          .select('cs.position'),
      ),
    )
    .orderBy('r.period_start', 'desc')
    .orderBy('k.reference')
    .execute()
  return rows.map(returnFromRow)
}

export async function findReturn(db: Db, scope: { organisationId: string } | { supplierId: string }, id: string) {
  let q = returnQuery(db).where('r.id', '=', id)
  if ('organisationId' in scope) q = q.where('r.organisation_id', '=', scope.organisationId)
  else
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contract_supplier as cs')
          .whereRef('cs.contract_id', '=', 'r.contract_id')
          .where('cs.supplier_id', '=', scope.supplierId)
          .select('cs.position'),
      ),
    )
  const row = await q.executeTakeFirst()
  return row && returnFromRow(row)
}

export async function findReturnByKey(db: Db, key: CommitmentKey) {
  const row = await returnQuery(db)
    .where('r.contract_id', '=', key.contractId)
    .where('r.measure_id', '=', key.measureId)
    .where('r.period_start', '=', key.periodStart)
    .where('r.period_end', '=', key.periodEnd)
    .executeTakeFirst()
  return row && returnFromRow(row)
}

/** Locks a return for a change (PostgreSQL row lock; harmless on the embedded database). */
export async function lockReturn(db: Db, id: string): Promise<void> {
  await sql`select 1 from sv_return where id = ${id} for update`.execute(db)
}

export async function insertReturn(
  db: Db,
  v: CommitmentKey & {
    organisationId: string
    actualQuantity: string
    description: string
    status: ReturnStatus
    supplierId: string | null
    source: 'supplier' | 'import'
    importId: string | null
    submittedBy: string | null
    /** The application's clock, so a return made on a given day says that day. */
    submittedAt: Date
    reviewedBy?: string | null
    reviewedAt?: Date | null
  },
): Promise<string> {
  const row = await db
    .insertInto('sv_return')
    .values({
      organisation_id: v.organisationId,
      contract_id: v.contractId,
      measure_id: v.measureId,
      period_start: v.periodStart,
      period_end: v.periodEnd,
      actual_quantity: v.actualQuantity,
      description: v.description,
      status: v.status,
      supplier_id: v.supplierId,
      source: v.source,
      import_id: v.importId,
      submitted_by: v.submittedBy,
      submitted_at: v.submittedAt,
      reviewed_by: v.reviewedBy ?? null,
      reviewed_at: v.reviewedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A resubmission: new figures, status back to submitted, the version bumped. */
export async function resubmitReturn(
  db: Db,
  id: string,
  v: { actualQuantity: string; description: string; supplierId: string | null; submittedBy: string | null; now: Date },
): Promise<number> {
  const row = await db
    .updateTable('sv_return')
    .set((eb) => ({
      actual_quantity: v.actualQuantity,
      description: v.description,
      status: 'submitted' as const,
      supplier_id: v.supplierId,
      submitted_by: v.submittedBy,
      submitted_at: v.now,
      reviewed_by: null,
      reviewed_at: null,
      review_comment: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow()
  return row.version
}

/** An import's figures replace a return's, as accepted (officer-loaded). */
export async function overwriteReturnAccepted(
  db: Db,
  id: string,
  v: { actualQuantity: string; description: string; importId: string; by: string | null; now: Date },
): Promise<number> {
  const row = await db
    .updateTable('sv_return')
    .set((eb) => ({
      actual_quantity: v.actualQuantity,
      description: v.description,
      status: 'accepted' as const,
      source: 'import' as const,
      import_id: v.importId,
      reviewed_by: v.by,
      reviewed_at: v.now,
      review_comment: 'Loaded from a returns file',
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow()
  return row.version
}

export async function setReturnReview(
  db: Db,
  id: string,
  v: { status: ReturnStatus; comment: string | null; by: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('sv_return')
    .set({ status: v.status, review_comment: v.comment, reviewed_by: v.by, reviewed_at: v.now })
    .where('id', '=', id)
    .execute()
}

export async function insertReturnEvent(
  db: Db,
  v: {
    returnId: string
    version: number
    status: string
    actualQuantity: string
    description: string
    comment: string | null
    actorUserId: string | null
    actorLabel: string
  },
): Promise<void> {
  await db
    .insertInto('sv_return_event')
    .values({
      return_id: v.returnId,
      version: v.version,
      status: v.status,
      actual_quantity: v.actualQuantity,
      description: v.description,
      comment: v.comment,
      actor_user_id: v.actorUserId,
      actor_label: v.actorLabel,
    })
    .execute()
}

export async function listReturnEvents(db: Db, returnId: string): Promise<ReturnEvent[]> {
  const rows = await db
    .selectFrom('sv_return_event')
    .selectAll()
    .where('return_id', '=', returnId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    actualQuantity: r.actual_quantity,
    description: r.description,
    comment: r.comment,
    actorLabel: r.actor_label,
    occurredAt: r.occurred_at,
  }))
}

export async function insertEvidence(
  db: Db,
  v: {
    returnId: string
    version: number
    kind: Evidence['kind']
    url?: string | null
    uploadId?: string | null
    fileName?: string | null
    description: string
  },
): Promise<void> {
  await db
    .insertInto('sv_return_evidence')
    .values({
      return_id: v.returnId,
      version: v.version,
      kind: v.kind,
      url: v.url ?? null,
      upload_id: v.uploadId ?? null,
      file_name: v.fileName ?? null,
      description: v.description,
    })
    .execute()
}

export async function listEvidence(db: Db, returnId: string): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('sv_return_evidence')
    .selectAll()
    .where('return_id', '=', returnId)
    .orderBy('version')
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    kind: r.kind,
    url: r.url,
    uploadId: r.upload_id,
    fileName: r.file_name,
    description: r.description,
    createdAt: r.created_at,
  }))
}

/** Stores an evidence file in the upload table, in the contract's organisation. */
export async function insertEvidenceFile(
  db: Db,
  v: { organisationId: string; fileName: string; content: Uint8Array; createdBy: string | null },
): Promise<string> {
  const row = await db
    .insertInto('upload')
    .values({
      organisation_id: v.organisationId,
      file_name: v.fileName,
      size_bytes: v.content.byteLength,
      content: v.content,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** An evidence file's content, only through a return the caller may see. */
export async function findEvidenceFile(db: Db, returnId: string, evidenceId: string) {
  return db
    .selectFrom('sv_return_evidence as e')
    .innerJoin('upload as u', 'u.id', 'e.upload_id')
    .select(['u.file_name', 'u.content', 'u.size_bytes'])
    .where('e.return_id', '=', returnId)
    .where('e.id', '=', evidenceId)
    .executeTakeFirst()
}

export async function insertSvImport(
  db: Db,
  v: {
    organisationId: string
    kind: 'commitments' | 'returns'
    fileName: string
    fileSha256: string
    createdBy: string | null
  },
): Promise<string> {
  const row = await db
    .insertInto('sv_import')
    .values({
      organisation_id: v.organisationId,
      kind: v.kind,
      file_name: v.fileName,
      file_sha256: v.fileSha256,
      rows_read: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function finishSvImport(
  db: Db,
  id: string,
  counts: { rowsRead: number; created: number; updated: number; unchanged: number },
) {
  await db
    .updateTable('sv_import')
    .set({ rows_read: counts.rowsRead, created: counts.created, updated: counts.updated, unchanged: counts.unchanged })
    .where('id', '=', id)
    .execute()
}

/** Contracts of an organisation by reference (lower-cased), for resolving a file's references. */
export async function contractIdsByReference(
  db: Db,
  organisationId: string,
): Promise<
  Map<
    string,
    { id: string; cpvCodes: string[]; startDate: string | null; endDate: string | null; maxEndDate: string | null }
  >
> {
  const rows = await db
    .selectFrom('contract')
    .select(['id', 'reference', 'cpv_codes', 'start_date', 'end_date', 'max_end_date'])
    .where('organisation_id', '=', organisationId)
    .execute()
  return new Map(
    rows.map((r) => [
      r.reference.toLowerCase(),
      { id: r.id, cpvCodes: r.cpv_codes, startDate: r.start_date, endDate: r.end_date, maxEndDate: r.max_end_date },
    ]),
  )
}

/** A contract of the organisation, with whether the supplier is a party to it. */
export async function findContractForSupplier(db: Db, contractId: string, supplierId: string) {
  return db
    .selectFrom('contract as k')
    .select(['k.id', 'k.organisation_id', 'k.reference', 'k.title'])
    .where('k.id', '=', contractId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contract_supplier as cs')
          .whereRef('cs.contract_id', '=', 'k.id')
          .where('cs.supplier_id', '=', supplierId)
          .select('cs.position'),
      ),
    )
    .executeTakeFirst()
}

/** The contracts a supplier is a party to that have social value commitments. */
export async function listContractsWithCommitmentsOfSupplier(db: Db, supplierId: string) {
  return db
    .selectFrom('contract as k')
    .innerJoin('organisation as o', 'o.id', 'k.organisation_id')
    .select(['k.id', 'k.reference', 'k.title', 'k.organisation_id', 'o.name as organisation_name'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contract_supplier as cs')
          .whereRef('cs.contract_id', '=', 'k.id')
          .where('cs.supplier_id', '=', supplierId)
          .select('cs.position'),
      ),
    )
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('sv_commitment as c').whereRef('c.contract_id', '=', 'k.id').select('c.id')),
    )
    .orderBy('k.reference')
    .execute()
}

/** Commitments of the contracts a supplier is a party to (for its list of returns due). */
export async function listCommitmentsOfSupplier(db: Db, supplierId: string): Promise<Commitment[]> {
  const rows = await commitmentQuery(db)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contract_supplier as cs')
          .whereRef('cs.contract_id', '=', 'c.contract_id')
          .where('cs.supplier_id', '=', supplierId)
          .select('cs.position'),
      ),
    )
    .orderBy('c.period_start')
    .orderBy('k.reference')
    .orderBy('m.code')
    .execute()
  return rows.map(commitmentFromRow)
}

/** Whether a commitment or return with this id exists at all, whoever it belongs to. */
export async function svRowExists(db: Db, table: 'sv_commitment' | 'sv_return', id: string): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

/** An organisation's contracts that can carry commitments (not cancelled), by reference, for a form's choices. */
export async function listContractChoices(db: Db, organisationId: string) {
  return db
    .selectFrom('contract')
    .select(['id', 'reference', 'title'])
    .where('organisation_id', '=', organisationId)
    .where('status', '!=', 'cancelled')
    .orderBy('reference')
    .execute()
}

/** The contracts (id, reference, title, department, organisation) named, for the report. */
export async function listContractsForReport(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('contract')
    .select(['id', 'organisation_id', 'reference', 'title', 'department'])
    .where('id', 'in', [...ids])
    .orderBy('reference')
    .execute()
}

/**
 * Another commitment (or return) of the same contract and measure whose period overlaps the given one without being
 * the same period: counting both would count the overlap twice. `exceptId` leaves out the row being changed.
 */
export async function findOverlapping(
  db: Db,
  table: 'sv_commitment' | 'sv_return',
  key: CommitmentKey,
  exceptId?: string,
) {
  let q = db.selectFrom(table)
  if (exceptId) q = q.where('id', '!=', exceptId)
  return q
    .select(['period_start', 'period_end'])
    .where('contract_id', '=', key.contractId)
    .where('measure_id', '=', key.measureId)
    .where('period_start', '<=', key.periodEnd)
    .where('period_end', '>=', key.periodStart)
    .where((eb) => eb.or([eb('period_start', '!=', key.periodStart), eb('period_end', '!=', key.periodEnd)]))
    .orderBy('period_start')
    .executeTakeFirst()
}
