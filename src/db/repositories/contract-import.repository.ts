// SQL for register imports: the import record, its rejected rows, and finding the contracts an import may update.
import { sql, type Selectable } from 'kysely'
import type { Db } from '../database.js'
import type { ContractImportTable } from '../schema.js'

export type ContractImportRecord = Selectable<ContractImportTable>

export type ImportOutcome = {
  status: 'succeeded' | 'failed'
  /** What the file turned out to be, once read. */
  format?: string
  rowsRead: number
  created: number
  updated: number
  unchanged: number
  rejected: number
  skipped: number
  leftOut: number
  /** Skipped reasons with their counts, warnings and the buyer filter, for the import page. */
  details: Record<string, unknown>
  error?: string
}

export async function insertContractImport(
  db: Db,
  row: { organisationId: string; fileName: string; fileSha256: string; format: string; createdBy: string | null },
): Promise<string> {
  const inserted = await db
    .insertInto('contract_import')
    .values({
      organisation_id: row.organisationId,
      file_name: row.fileName,
      file_sha256: row.fileSha256,
      format: row.format,
      created_by: row.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return inserted.id
}

export async function finishContractImport(db: Db, id: string, outcome: ImportOutcome): Promise<void> {
  await db
    .updateTable('contract_import')
    .set({
      status: outcome.status,
      ...(outcome.format ? { format: outcome.format } : {}),
      rows_read: outcome.rowsRead,
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      rejected: outcome.rejected,
      skipped: outcome.skipped,
      left_out: outcome.leftOut,
      outcome: JSON.stringify(outcome.details),
      error: outcome.error ?? null,
      finished_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute()
}

export async function insertContractImportRejections(
  db: Db,
  importId: string,
  rejections: readonly { row: number; reason: string; raw: unknown }[],
): Promise<void> {
  for (let i = 0; i < rejections.length; i += 1000)
    await db
      .insertInto('contract_import_rejection')
      .values(
        rejections.slice(i, i + 1000).map((r) => ({
          import_id: importId,
          row_number: r.row,
          reason: r.reason,
          raw: JSON.stringify(r.raw ?? null),
        })),
      )
      .execute()
}

/** An import of an organisation, or undefined (another organisation's import is never found). */
export async function findContractImport(
  db: Db,
  organisationId: string,
  id: string,
): Promise<ContractImportRecord | undefined> {
  return db
    .selectFrom('contract_import')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
}

export async function listContractImports(
  db: Db,
  organisationId: string,
  limit = 100,
): Promise<ContractImportRecord[]> {
  return db
    .selectFrom('contract_import')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
}

export async function listContractImportRejections(
  db: Db,
  importId: string,
  limit?: number,
): Promise<{ row_number: number; reason: string; raw: unknown }[]> {
  let query = db
    .selectFrom('contract_import_rejection')
    .select(['row_number', 'reason', 'raw'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
  if (limit !== undefined) query = query.limit(limit)
  return query.execute()
}

export type HeldContract = { id: string; reference: string; ocid: string | null; fingerprint: string | null }

/** The organisation's contracts with any of these references or ocids: what an import updates rather than adds. */
export async function findHeldContracts(
  db: Db,
  organisationId: string,
  references: readonly string[],
  ocids: readonly string[],
): Promise<HeldContract[]> {
  if (references.length === 0 && ocids.length === 0) return []
  return db
    .selectFrom('contract')
    .select(['id', 'reference', 'ocid', 'fingerprint'])
    .where('organisation_id', '=', organisationId)
    .where((eb) =>
      eb.or([
        ...(references.length > 0 ? [eb('reference', 'in', [...references])] : []),
        ...(ocids.length > 0 ? [eb('ocid', 'in', [...ocids])] : []),
      ]),
    )
    .execute()
}

/**
 * Suppliers the resolver made in this transaction for names nothing matched are marked as coming from a contracts
 * register (now() is the transaction's start, so only suppliers created by this import qualify).
 */
export async function markSuppliersFromRegister(db: Db, supplierIds: readonly string[]): Promise<number> {
  if (supplierIds.length === 0) return 0
  const result = await db
    .updateTable('supplier')
    .set({ source: 'contracts-register' })
    .where('id', 'in', [...supplierIds])
    .where('source', '=', 'ledger')
    .where('created_at', '=', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
