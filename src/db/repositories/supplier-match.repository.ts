// The review queue (supplier_match) and what deciding a match changes: aliases, payments and provisional suppliers.
import { sql } from 'kysely'
import type { Db } from '../database.js'

export type MatchStatus = 'pending' | 'accepted' | 'rejected'

export type SupplierMatch = {
  id: string
  organisationId: string
  payeeName: string
  normalisedName: string
  status: MatchStatus
  /** While pending: the provisional supplier the payee's payments point at. Once accepted: the chosen supplier. */
  supplierId: string | null
  score: number | null
  method: string
  candidates: unknown[]
  /** Payments and their total: live from payment rows while pending, as stored once decided. */
  payments: number
  amount: string
  decidedBy: string | null
  decidedAt: Date | null
  createdAt: Date
}

const CHUNK = 2000

async function inChunks<T, R>(items: readonly T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  let out: R[] = []
  for (let i = 0; i < items.length; i += CHUNK) out = out.concat(await run(items.slice(i, i + CHUNK)))
  return out
}

type MatchRow = {
  id: string
  organisation_id: string
  payee_name: string
  normalised_name: string
  status: MatchStatus
  supplier_id: string | null
  score: string | null
  method: string
  candidates: unknown
  payments: number
  amount: string
  decided_by: string | null
  decided_at: Date | null
  created_at: Date
}

const toMatch = (r: MatchRow): SupplierMatch => ({
  id: r.id,
  organisationId: r.organisation_id,
  payeeName: r.payee_name,
  normalisedName: r.normalised_name,
  status: r.status,
  supplierId: r.supplier_id,
  score: r.score === null ? null : Number(r.score),
  method: r.method,
  candidates: Array.isArray(r.candidates)
    ? r.candidates
    : typeof r.candidates === 'string'
      ? (JSON.parse(r.candidates) as unknown[])
      : [],
  payments: Number(r.payments),
  amount: r.amount,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
})

function selectMatches(db: Db, where: ReturnType<typeof sql>, limit: number) {
  return sql<MatchRow>`
    select m.id::text as id, m.organisation_id, m.payee_name, m.normalised_name, m.status, m.supplier_id::text as supplier_id,
      m.score::text as score, m.method, m.candidates, m.decided_by::text as decided_by, m.decided_at, m.created_at,
      case when m.status = 'pending' then coalesce(p.payments, 0) else m.payments end::int as payments,
      (case when m.status = 'pending' then coalesce(p.amount, 0) else m.amount end)::numeric(18, 2)::text as amount
    from supplier_match m
    left join lateral (
      select count(*) as payments, sum(amount) as amount from payment
      where organisation_id = m.organisation_id and supplier_id = m.supplier_id and m.status = 'pending'
    ) p on true
    where ${where}
    order by (case when m.status = 'pending' then coalesce(p.amount, 0) else m.amount end) desc, m.payee_name
    limit ${limit}
  `.execute(db)
}

/** An organisation's matches with a status, largest amount first. */
export async function listMatches(
  db: Db,
  organisationId: string,
  status: MatchStatus,
  limit = 500,
): Promise<SupplierMatch[]> {
  const result = await selectMatches(db, sql`m.organisation_id = ${organisationId} and m.status = ${status}`, limit)
  return result.rows.map(toMatch)
}

export async function countMatches(db: Db, organisationId: string, status: MatchStatus): Promise<number> {
  const row = await db
    .selectFrom('supplier_match')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** One match of an organisation; `lock` holds the row until the transaction ends, so two people cannot both decide. */
export async function findMatch(
  db: Db,
  organisationId: string,
  id: string,
  lock = false,
): Promise<SupplierMatch | undefined> {
  if (lock) await sql`select 1 from supplier_match where id = ${id}::uuid for update`.execute(db)
  const result = await selectMatches(db, sql`m.organisation_id = ${organisationId} and m.id = ${id}::uuid`, 1)
  return result.rows[0] && toMatch(result.rows[0])
}

export async function markMatchDecided(
  db: Db,
  id: string,
  decision: {
    status: 'accepted' | 'rejected'
    supplierId: string | null
    decidedBy: string | null
    payments: number
    amount: string
  },
): Promise<void> {
  await db
    .updateTable('supplier_match')
    .set({
      status: decision.status,
      supplier_id: decision.supplierId,
      decided_by: decision.decidedBy,
      decided_at: new Date(),
      payments: decision.payments,
      amount: decision.amount,
    })
    .where('id', '=', id)
    .execute()
}

/** Moves an organisation's payments and aliases from one supplier to another; returns how many payments moved. */
export async function repointOrganisation(db: Db, organisationId: string, from: string, to: string): Promise<number> {
  const moved = await db
    .updateTable('payment')
    .set({ supplier_id: to })
    .where('organisation_id', '=', organisationId)
    .where('supplier_id', '=', from)
    .returning('id')
    .execute()
  await db
    .updateTable('supplier_alias')
    .set({ supplier_id: to })
    .where('organisation_id', '=', organisationId)
    .where('supplier_id', '=', from)
    .execute()
  return moved.length
}

/**
 * Whether any row in any table still points at a supplier. Payments check their supplier by trigger rather than by a
 * foreign key (see the payment-reference-checks migration), so they are asked first; the other tables' foreign keys
 * are read from the catalogue, so tables added later (contracts, returns …) count without changing this function.
 */
export async function supplierInUse(db: Db, supplierId: string): Promise<boolean> {
  const paid = await db.selectFrom('payment').select('id').where('supplier_id', '=', supplierId).limit(1).execute()
  if (paid.length > 0) return true
  const references = await sql<{ schema_name: string; table_name: string; column_name: string }>`
    select n.nspname as schema_name, t.relname as table_name, a.attname as column_name
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = 'supplier'::regclass
  `.execute(db)
  for (const ref of references.rows) {
    // Identifiers come from the catalogue, not from input, and sql.table/sql.ref quote them.
    const table = sql.table(`${ref.schema_name}.${ref.table_name}`)
    const used = await sql<{ used: boolean }>`
      select exists (select 1 from ${table} where ${sql.ref(ref.column_name)} = ${supplierId}::uuid) as used
    `.execute(db)
    if (used.rows[0]?.used) return true
  }
  return false
}

export async function deleteSupplier(db: Db, supplierId: string): Promise<void> {
  await db.deleteFrom('supplier').where('id', '=', supplierId).execute()
}

/** Names already waiting for review in an organisation, with the provisional supplier each stands for. */
export async function findMatchesByNames(
  db: Db,
  organisationId: string,
  names: readonly string[],
): Promise<{ normalisedName: string; status: string; supplierId: string | null }[]> {
  return inChunks(names, async (chunk) => {
    const rows = await db
      .selectFrom('supplier_match')
      .select(['normalised_name', 'status', 'supplier_id'])
      .where('organisation_id', '=', organisationId)
      .where('normalised_name', 'in', chunk)
      .execute()
    return rows.map((r) => ({ normalisedName: r.normalised_name, status: r.status, supplierId: r.supplier_id }))
  })
}

/** Review rows still open, in any organisation, whose provisional supplier is one of these. */
export async function findPendingMatchesForSuppliers(
  db: Db,
  supplierIds: readonly string[],
): Promise<{ supplierId: string; score: number; candidates: unknown[] }[]> {
  return inChunks(supplierIds, async (chunk) => {
    const rows = await sql<{ supplier_id: string; score: string | null; candidates: unknown }>`
      select distinct on (supplier_id) supplier_id::text as supplier_id, score::text as score, candidates
      from supplier_match where status = 'pending' and supplier_id = any(${chunk}::uuid[])
      order by supplier_id, created_at
    `.execute(db)
    return rows.rows.map((r) => ({
      supplierId: r.supplier_id,
      score: Number(r.score ?? 0),
      candidates: Array.isArray(r.candidates) ? r.candidates : (JSON.parse(String(r.candidates)) as unknown[]),
    }))
  })
}

export type MatchInsert = {
  organisationId: string
  normalisedName: string
  payeeName: string
  supplierId: string
  score: number
  method: string
  candidates: unknown[]
}

/** Adds review rows; a name already in the organisation's queue keeps its row. */
export async function insertMatches(db: Db, rows: readonly MatchInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('supplier_match')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          organisation_id: r.organisationId,
          normalised_name: r.normalisedName,
          payee_name: r.payeeName,
          supplier_id: r.supplierId,
          score: r.score.toFixed(4),
          method: r.method,
          candidates: JSON.stringify(r.candidates),
        })),
      )
      .onConflict((oc) => oc.columns(['organisation_id', 'normalised_name']).doNothing())
      .execute()
  }
}
