// Interim payee resolution (exact normalised name, else a new unverified supplier); replaced by the supplier registry.
import { sql } from 'kysely'
import type { PayeeResolver } from './spend-import.service.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'

export const simplePayeeResolver: PayeeResolver = async (trx, _organisationId, payees) => {
  const result = new Map<string, { supplierId: string }>()
  if (payees.length === 0) return result
  const keys = payees.map((p) => normaliseSupplierName(p.name))
  const existing = await sql<{ id: string; normalised_name: string }>`
    select distinct on (normalised_name) id::text as id, normalised_name from supplier
    where normalised_name = any(${keys}::text[]) order by normalised_name, created_at
  `.execute(trx)
  for (const row of existing.rows) result.set(row.normalised_name, { supplierId: row.id })
  const missing = payees.filter((p, i) => !result.has(keys[i]!))
  for (let i = 0; i < missing.length; i += 2000) {
    const chunk = missing.slice(i, i + 2000)
    const inserted = await trx
      .insertInto('supplier')
      .values(chunk.map((p) => ({ name: p.name, normalised_name: normaliseSupplierName(p.name), source: 'ledger' })))
      .returning(['id', 'normalised_name'])
      .execute()
    for (const row of inserted) result.set(row.normalised_name, { supplierId: row.id })
  }
  return result
}
