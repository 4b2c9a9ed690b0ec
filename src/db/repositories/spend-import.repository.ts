// SQL for importing payment files. Rows are staged in a temporary table inside the import's transaction, payees are
// resolved once per distinct name, and payments go in with one INSERT … SELECT that skips rows already held.
import { sql } from 'kysely'
import type { Db } from '../database.js'

/** One accepted row as staged: the keys are spend_stage's columns, so a batch goes to the database as one JSON text. */
export type StagedRow = {
  row_number: number
  sheet: string | null
  key: string
  /** ISO date, YYYY-MM-DD. */
  payment_date: string
  /** Decimal string, two places. */
  amount: string
  payee_name: string
  payee_key: string
  payee_kind: 'organisation' | 'individual' | 'redacted'
  transaction_ref: string | null
  department: string | null
  expense_type: string | null
  category: string | null
  description: string | null
  capital_or_revenue: string | null
  repaired: string | null
}

/**
 * Rows staged per statement. A batch is sent as one JSON array and unpacked by the database (json_populate_recordset
 * with the staging table's own row type): this process only calls JSON.stringify, which is far cheaper for it than
 * fifteen array parameters or a VALUES list, and the database does the unpacking while the next batch is read.
 */
export const STAGE_BATCH = 20_000

export async function createStagingTables(trx: Db): Promise<void> {
  await sql`
    create temporary table spend_stage (
      row_number integer not null,
      sheet text,
      key text not null,
      payment_date date not null,
      amount numeric(16, 2) not null,
      payee_name text not null,
      payee_key text not null,
      payee_kind text not null,
      transaction_ref text,
      department text,
      expense_type text,
      category text,
      description text,
      capital_or_revenue text,
      repaired text
    ) on commit drop;
    create temporary table spend_stage_payee (payee_key text primary key, supplier_id uuid not null) on commit drop;
  `.execute(trx)
}

export async function stageRows(trx: Db, rows: readonly StagedRow[]): Promise<void> {
  if (rows.length === 0) return
  await sql`
    insert into spend_stage select * from json_populate_recordset(null::spend_stage, ${JSON.stringify(rows)}::json)
  `.execute(trx)
}

export async function stagePayeeSuppliers(trx: Db, resolved: readonly { payeeKey: string; supplierId: string }[]) {
  for (let i = 0; i < resolved.length; i += 5000) {
    const chunk = resolved.slice(i, i + 5000)
    await sql`
      insert into spend_stage_payee (payee_key, supplier_id)
      values ${sql.join(chunk.map((r) => sql`(${r.payeeKey}, ${r.supplierId}::uuid)`))}
      on conflict (payee_key) do nothing
    `.execute(trx)
  }
}

/**
 * Moves staged rows into payments. The fingerprint is the row's key plus its occurrence within this file, so a file
 * that holds two identical payments keeps both and a later file with the same rows adds nothing.
 * Returns how many payments were new, and their total and date range.
 *
 * Imports into one organisation take turns (a transaction-scoped advisory lock), so the payments already held are
 * known when the new ones are picked out, and the insert needs no ON CONFLICT clause, which would make every row a
 * speculative insertion and roughly double the cost of a large file.
 */
export async function insertStagedPayments(
  trx: Db,
  organisationId: string,
  importId: string,
): Promise<{ inserted: number; amount: string; from: string | null; to: string | null }> {
  await sql`select pg_advisory_xact_lock(hashtext(${`spend-import:${organisationId}`}))`.execute(trx)
  const result = await sql<{ inserted: number; amount: string | null; from: string | null; to: string | null }>`
    with numbered as (
      select s.*, s.key || '#' || row_number() over (partition by s.key order by s.row_number, s.sheet) as fingerprint
      from spend_stage s
    ), inserted as (
      insert into payment (organisation_id, supplier_id, payee_name, is_redacted, payee_kind, payment_date, amount,
        transaction_ref, department, expense_type, category, description, capital_or_revenue, repaired,
        fingerprint, import_id)
      select ${organisationId}, p.supplier_id, n.payee_name, n.payee_kind <> 'organisation', n.payee_kind,
        n.payment_date, n.amount, n.transaction_ref, n.department, n.expense_type, n.category, n.description,
        n.capital_or_revenue, n.repaired, n.fingerprint, ${importId}::uuid
      from numbered n
      left join spend_stage_payee p on p.payee_key = n.payee_key and n.payee_kind = 'organisation'
      where not exists (
        select 1 from payment held where held.organisation_id = ${organisationId} and held.fingerprint = n.fingerprint
      )
      returning amount, payment_date
    )
    select count(*)::int as inserted, sum(amount)::text as amount, min(payment_date)::text as "from",
      max(payment_date)::text as "to"
    from inserted
  `.execute(trx)
  const row = result.rows[0]
  return {
    inserted: Number(row?.inserted ?? 0),
    amount: row?.amount ?? '0.00',
    from: row?.from ?? null,
    to: row?.to ?? null,
  }
}

export async function insertImport(
  db: Db,
  row: {
    organisationId: string
    fileName: string
    fileSha256: string
    createdBy: string | null
    jobId?: string | null
  },
): Promise<string> {
  const inserted = await db
    .insertInto('spend_import')
    .values({
      organisation_id: row.organisationId,
      file_name: row.fileName,
      file_sha256: row.fileSha256,
      created_by: row.createdBy,
      job_id: row.jobId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return inserted.id
}

export async function finishImport(
  db: Db,
  id: string,
  outcome: {
    status: 'succeeded' | 'failed'
    rowsRead: number
    accepted: number
    rejected: number
    duplicates: number
    amount: string
    from: string | null
    to: string | null
    mapping: Record<string, number> | null
    error?: string
  },
): Promise<void> {
  await db
    .updateTable('spend_import')
    .set({
      status: outcome.status,
      rows_read: outcome.rowsRead,
      accepted: outcome.accepted,
      rejected: outcome.rejected,
      duplicates: outcome.duplicates,
      amount: outcome.amount,
      date_from: outcome.from,
      date_to: outcome.to,
      mapping: outcome.mapping ? JSON.stringify(outcome.mapping) : null,
      error: outcome.error ?? null,
      finished_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

export async function insertRejections(
  trx: Db,
  importId: string,
  rows: readonly { row: number; sheet: string | null; reason: string; raw: readonly string[] }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000)
    await trx
      .insertInto('spend_import_rejection')
      .values(
        chunk.map((r) => ({
          import_id: importId,
          row_number: r.row,
          sheet: r.sheet,
          reason: r.reason,
          raw: JSON.stringify(r.raw),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

export async function findSavedMapping(db: Db, organisationId: string, layoutSignature: string) {
  const row = await db
    .selectFrom('column_mapping')
    .select(['mapping', 'headers'])
    .where('organisation_id', '=', organisationId)
    .where('layout_signature', '=', layoutSignature)
    .executeTakeFirst()
  return row ? { mapping: row.mapping, headers: row.headers } : undefined
}

export async function saveMapping(
  db: Db,
  row: {
    organisationId: string
    layoutSignature: string
    headers: readonly string[]
    mapping: Record<string, number>
    confirmedBy: string | null
  },
): Promise<void> {
  const mapping = JSON.stringify(row.mapping)
  await db
    .insertInto('column_mapping')
    .values({
      organisation_id: row.organisationId,
      layout_signature: row.layoutSignature,
      headers: [...row.headers],
      mapping,
      confirmed_by: row.confirmedBy,
    })
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'layout_signature'])
        .doUpdateSet({ mapping, confirmed_by: row.confirmedBy, updated_at: new Date() }),
    )
    .execute()
}

export async function listImports(db: Db, organisationId: string, limit = 50) {
  return db
    .selectFrom('spend_import')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
}

export async function findImport(db: Db, organisationId: string, id: string) {
  return db
    .selectFrom('spend_import')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listRejections(db: Db, importId: string, limit?: number) {
  let query = db
    .selectFrom('spend_import_rejection')
    .select(['row_number', 'sheet', 'reason', 'raw'])
    .where('import_id', '=', importId)
    .orderBy('sheet')
    .orderBy('row_number')
  if (limit) query = query.limit(limit)
  return query.execute()
}
