// Payments (spend lines) made by an organisation. The only place that writes payment SQL.
import type { Insertable } from 'kysely'
import type { Db } from '../database.js'
import type { PaymentTable } from '../schema.js'

const CHUNK = 500
/** Money as a decimal string with exactly two places: what numeric(16, 2) holds, with no floating point on the way. */
const AMOUNT = /^-?\d{1,14}\.\d{2}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

type NewPaymentRow = Insertable<PaymentTable>

/** A payment to add. */
export type NewPayment = {
  organisationId: string
  /** The resolved supplier, or null (redacted payees, or not yet matched). */
  supplierId: string | null
  payeeName: string
  isRedacted?: boolean
  /** The calendar day, 'YYYY-MM-DD'. */
  paymentDate: string
  /** Pounds as a decimal string with two places, e.g. '1234.50' or '-200.00' for a credit note. */
  amount: string
  transactionRef?: string | null
  department?: string | null
  expenseType?: string | null
  category?: string | null
  /** Identifies the payment within its organisation, so loading the same line twice adds it once. */
  fingerprint: string
}

function newPaymentToRow(p: NewPayment): NewPaymentRow {
  if (!AMOUNT.test(p.amount))
    throw new Error(`A payment amount must be a decimal string with two places, not ${p.amount}`)
  if (!DATE.test(p.paymentDate)) throw new Error(`A payment date must be YYYY-MM-DD, not ${p.paymentDate}`)
  return {
    organisation_id: p.organisationId,
    supplier_id: p.supplierId,
    payee_name: p.payeeName,
    is_redacted: p.isRedacted ?? false,
    payment_date: p.paymentDate,
    amount: p.amount,
    transaction_ref: p.transactionRef ?? null,
    department: p.department ?? null,
    expense_type: p.expenseType ?? null,
    category: p.category ?? null,
    fingerprint: p.fingerprint,
  }
}

/**
 * Adds payments in batches of 500, skipping any whose (organisation, fingerprint) is already stored.
 * Returns how many were added. Run it inside a transaction to make a whole load all-or-nothing.
 */
export async function insertPayments(db: Db, rows: readonly NewPayment[]): Promise<number> {
  const all = rows.map(newPaymentToRow)
  let inserted = 0
  for (let i = 0; i < all.length; i += CHUNK) {
    const result = await db
      .insertInto('payment')
      .values(all.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['organisation_id', 'fingerprint']).doNothing())
      // Counting returned rows works the same on PostgreSQL and PGlite, whatever each reports as affected rows.
      .returning('id')
      .execute()
    inserted += result.length
  }
  return inserted
}

/** How many payments are stored, for one organisation or for all. */
export async function countPayments(db: Db, organisationId?: string): Promise<number> {
  let query = db.selectFrom('payment').select((eb) => eb.fn.countAll<number>().as('n'))
  if (organisationId !== undefined) query = query.where('organisation_id', '=', organisationId)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}
