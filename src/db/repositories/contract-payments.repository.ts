// The payments that count against a contract: the organisation's payments to the contract's linked supplier records,
// dated within the contract's period. Which suppliers and which period is the domain's rule (spend-against-contract).
import { sql } from 'kysely'
import type { ContractSpendPeriod } from '../../domain/contracts/spend-against-contract.js'
import type { Db } from '../database.js'

export type ContractPaymentRow = {
  id: number
  date: string
  amount: string
  /** The published payee name; names of people and withheld names are never shown (see payeeLabel). */
  payee: string
  payeeKind: 'organisation' | 'individual' | 'redacted'
  supplierId: string
  supplierName: string
  transactionRef: string | null
  department: string | null
  expenseType: string | null
}

export type ContractPaymentsQuery = {
  organisationId: string
  supplierIds: readonly string[]
  period: ContractSpendPeriod
  limit: number
  offset: number
}

/** A page of the payments, newest first, with the net total and count of all of them (summed in SQL, exactly). */
export async function listContractPayments(
  db: Db,
  q: ContractPaymentsQuery,
): Promise<{ rows: ContractPaymentRow[]; total: { amount: string; count: number } }> {
  if (q.supplierIds.length === 0) return { rows: [], total: { amount: '0.00', count: 0 } }
  const ids = sql.join(q.supplierIds.map((id) => sql`${id}::uuid`))
  const where = sql`p.organisation_id = ${q.organisationId} and p.supplier_id in (${ids})
    and p.payment_date between ${q.period.from}::date and ${q.period.to}::date`
  const rows = await sql<ContractPaymentRow>`
    select p.id, p.payment_date::text as date, p.amount::text as amount, p.payee_name as payee,
      p.payee_kind as "payeeKind", p.supplier_id::text as "supplierId", s.name as "supplierName",
      p.transaction_ref as "transactionRef", p.department, p.expense_type as "expenseType"
    from payment p join supplier s on s.id = p.supplier_id
    where ${where}
    order by p.payment_date desc, p.id desc
    limit ${q.limit} offset ${q.offset}
  `.execute(db)
  const total = await sql<{ amount: string | null; count: number }>`
    select sum(p.amount)::text as amount, count(*)::int as count from payment p where ${where}
  `.execute(db)
  const t = total.rows[0]
  return {
    rows: rows.rows.map((r) => ({ ...r, id: Number(r.id) })),
    total: { amount: t?.amount ?? '0.00', count: Number(t?.count ?? 0) },
  }
}
