// A stable key per payment, so importing the same payment twice (a file re-uploaded, or a quarterly file that
// overlaps the monthly ones) stores it once. The rule:
// - With a transaction reference: organisation + reference + date + amount + payee. The reference alone is not
//   enough (Oxford reuses "46281108_1"-style numbers across series, and some files repeat a reference on several
//   lines), and the department or expense type are left out because publishers relabel them between files.
// - Without one: every field we have (organisation, date, amount, payee, department, expense type).
// - In both cases, plus the occurrence: the caller counts identical base keys within one file (1, 2, 3 …), so two
//   genuinely identical rows in a file stay two payments, while the same rows in a later file map onto them.
// The payee is normalised (and every redaction string becomes "redacted") so "REDACTED PERSONAL DATA" and
// "Redacted personal data" agree. The key is the canonical JSON itself, not a hash of it: it cannot collide, and
// a 32-bit hash over a 200,000-row file would (the birthday bound is around 77,000 rows).
import { PayeeKind, classifyPayee } from './redaction.js'
import { normaliseSupplierName } from './supplier-name.js'

export type PaymentIdentity = {
  organisationId: string
  transactionRef?: string | null
  /** ISO date, YYYY-MM-DD. */
  date: string
  pence: bigint
  payee: string
  /** The payee's key, when the caller has already classified and normalised it (see payeeKeyOf). */
  payeeKey?: string
  department?: string | null
  expenseType?: string | null
  /** 1 for the first row in a file with this base key, 2 for the next identical one, and so on. */
  occurrence?: number
}

/** The idempotency key for one payment row (see the rule above). */
export function paymentFingerprint(payment: PaymentIdentity): string {
  return `${baseKeyText(payment)},${payment.occurrence ?? 1}]`
}

/** The part of the key that identical rows share; count these per file to get each row's occurrence. */
export function paymentBaseKey(payment: Omit<PaymentIdentity, 'occurrence'>): string {
  return `${baseKeyText(payment)},0]`
}

/**
 * The key's JSON array up to its occurrence, written out string by string: the same text as JSON.stringify of the
 * array (a million-row file makes a million keys, and building an array to stringify each costs twice the time).
 */
function baseKeyText(payment: Omit<PaymentIdentity, 'occurrence'>): string {
  const ref = (payment.transactionRef ?? '').replace(/\s+/g, '').toUpperCase()
  const payee = JSON.stringify(payment.payeeKey ?? payeeKeyOf(payment.payee))
  const organisation = JSON.stringify(payment.organisationId)
  const pence = `"${payment.pence.toString()}"`
  const date = JSON.stringify(payment.date)
  return ref !== ''
    ? `["ref",${organisation},${JSON.stringify(ref)},${date},${pence},${payee}`
    : `["row",${organisation},${date},${pence},${payee},${JSON.stringify(textKey(payment.department))},${JSON.stringify(textKey(payment.expenseType))}`
}

/** How a payee appears in the key: its normalised name, or "redacted" for every redaction string. */
export function payeeKeyOf(payee: string): string {
  return classifyPayee(payee).kind === PayeeKind.Redacted ? 'redacted' : normaliseSupplierName(payee)
}

function textKey(text: string | null | undefined): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase()
}
