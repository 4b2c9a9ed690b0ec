// Suppliers' declarations of the ethical standards, kept as history: the latest of each standard counts.
import type { Declaration, EthicalStandardCode } from '../../domain/social-value/ethical.js'
import type { Db } from '../database.js'

export type StoredDeclaration = Declaration & { id: string; declaredByLabel: string; createdAt: string }

export async function insertDeclaration(
  db: Db,
  supplierId: string,
  d: Declaration,
  by: { userId: string | null; label: string },
): Promise<string> {
  const row = await db
    .insertInto('sv_declaration')
    .values({
      supplier_id: supplierId,
      standard: d.standard,
      meets: d.meets,
      covers_supply_chain: d.coversSupplyChain,
      statement_url: d.statementUrl,
      statement_year: d.statementYear,
      evidence_url: d.evidenceUrl,
      evidence_note: d.evidenceNote,
      declared_on: d.declaredOn,
      expires_on: d.expiresOn,
      declared_by: by.userId,
      declared_by_label: by.label,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Every declaration of the given suppliers, newest first. */
export async function listDeclarations(
  db: Db,
  supplierIds: readonly string[],
): Promise<(StoredDeclaration & { supplierId: string })[]> {
  if (supplierIds.length === 0) return []
  const rows = await db
    .selectFrom('sv_declaration')
    .selectAll()
    .where('supplier_id', 'in', [...supplierIds])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    supplierId: r.supplier_id,
    standard: r.standard as EthicalStandardCode,
    meets: r.meets,
    coversSupplyChain: r.covers_supply_chain,
    statementUrl: r.statement_url,
    statementYear: r.statement_year,
    evidenceUrl: r.evidence_url,
    evidenceNote: r.evidence_note,
    declaredOn: r.declared_on,
    expiresOn: r.expires_on,
    declaredByLabel: r.declared_by_label,
    createdAt: r.created_at.toISOString(),
  }))
}

/** The CPV codes of every contract a supplier is a party to (to tell whether it provides care). */
export async function cpvCodesOfSupplier(db: Db, supplierId: string): Promise<string[][]> {
  const rows = await db
    .selectFrom('contract as k')
    .innerJoin('contract_supplier as cs', 'cs.contract_id', 'k.id')
    .select('k.cpv_codes')
    .where('cs.supplier_id', '=', supplierId)
    .where('k.status', '=', 'active')
    .execute()
  return rows.map((r) => r.cpv_codes)
}

/** The CPV codes of the active contracts of each of several suppliers, by supplier (one query for a whole list). */
export async function cpvCodesOfSuppliers(db: Db, supplierIds: readonly string[]): Promise<Map<string, string[][]>> {
  const out = new Map<string, string[][]>()
  if (supplierIds.length === 0) return out
  const rows = await db
    .selectFrom('contract as k')
    .innerJoin('contract_supplier as cs', 'cs.contract_id', 'k.id')
    .select(['cs.supplier_id', 'k.cpv_codes'])
    .where('cs.supplier_id', 'in', [...supplierIds])
    .where('k.status', '=', 'active')
    .execute()
  for (const r of rows) out.set(r.supplier_id!, [...(out.get(r.supplier_id!) ?? []), r.cpv_codes])
  return out
}

/**
 * Suppliers on an organisation's active contracts (for its ethical standards overview), and with `paidSince` also
 * those it has paid on or after that day; `onContract` tells the two apart.
 */
export async function suppliersOfOrganisationContracts(
  db: Db,
  organisationId: string,
  options: { paidSince?: string } = {},
): Promise<{ id: string; name: string; onContract: boolean }[]> {
  const onContracts = db
    .selectFrom('contract_supplier as cs')
    .innerJoin('contract as k', 'k.id', 'cs.contract_id')
    .select('cs.supplier_id as id')
    .where('k.organisation_id', '=', organisationId)
    .where('k.status', '=', 'active')
    .where('cs.supplier_id', 'is not', null)
  const contracted = await db
    .selectFrom('supplier as s')
    .select(['s.id', 's.name'])
    .where('s.id', 'in', onContracts)
    .orderBy('s.name')
    .orderBy('s.id')
    .execute()
  if (!options.paidSince) return contracted.map((s) => ({ ...s, onContract: true }))
  const paid = await db
    .selectFrom('supplier as s')
    .select(['s.id', 's.name'])
    .where('s.id', 'in', (eb) =>
      eb
        .selectFrom('payment as p')
        .select('p.supplier_id')
        .where('p.organisation_id', '=', organisationId)
        .where('p.payment_date', '>=', options.paidSince!)
        .where('p.supplier_id', 'is not', null),
    )
    .where('s.id', 'not in', onContracts)
    .execute()
  return [
    ...contracted.map((s) => ({ ...s, onContract: true })),
    ...paid.map((s) => ({ ...s, onContract: false })),
  ].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
}

export async function supplierExists(db: Db, supplierId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('supplier').select('id').where('id', '=', supplierId).executeTakeFirst())
}
