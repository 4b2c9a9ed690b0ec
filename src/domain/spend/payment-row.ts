// One line of a payment file, read through a column mapping: a payment, a reason to reject it, or a line that is not a
// payment at all (blank, a repeated header). Pure: the import service streams rows through it.
import { parseAmount } from './amount.js'
import { SpendField, type ColumnMapping } from './columns.js'
import { parseDate, repairFusedDateAmount, type DateOptions, type DateResult } from './date.js'
import { classifyPayee, type PayeeKind } from './redaction.js'
import { decodeEntities, normaliseSupplierName } from './supplier-name.js'

export type ParsedPayment = {
  date: string
  pence: bigint
  payeeName: string
  /** Normalised for matching; empty for redacted payees and individuals, who are never matched or named. */
  payeeKey: string
  payeeKind: PayeeKind
  /** How the payee appears in the payment's idempotency key (row-key.ts). */
  payeeFingerprint: string
  transactionRef: string | null
  department: string | null
  expenseType: string | null
  category: string | null
  description: string | null
  capitalOrRevenue: string | null
  companyNumber: string | null
  charityNumber: string | null
  postcode: string | null
  /** What was repaired, when a row was accepted after a certain repair (for example a date and amount fused). */
  repaired: string | null
}

export type RowOutcome =
  | { kind: 'payment'; payment: ParsedPayment }
  | { kind: 'rejected'; reason: string }
  | { kind: 'skipped'; why: 'blank' | 'repeated-header' }

const MAX_TEXT = 500

function cell(cells: readonly string[], index: number | undefined): string {
  if (index === undefined) return ''
  return (cells[index] ?? '').trim()
}

// Whitespace that collapsing would change: a run of two or more, or any other than a plain space.
const UNTIDY_SPACE = /\s\s|[^\S ]/

function text(cells: readonly string[], index: number | undefined): string | null {
  const raw = cell(cells, index)
  // Most cells need neither step, and this runs for every text cell of every row of a file.
  const value = raw.includes('&') || UNTIDY_SPACE.test(raw) ? decodeEntities(raw).replace(/\s+/g, ' ').trim() : raw
  return value === '' ? null : value.slice(0, MAX_TEXT)
}

type Payee = { kind: PayeeKind; key: string; fingerprint: string }

/** Classifying and normalising a payee is the costly part of a row; files repeat a few thousand names, so cache them. */
export function payeeCache(limit = 200_000): (name: string) => Payee {
  const cache = new Map<string, Payee>()
  return (name) => {
    let payee = cache.get(name)
    if (!payee) {
      const kind = classifyPayee(name).kind
      // The same rule as row-key's payeeKeyOf: every redaction is one payee; anyone else by normalised name.
      const fingerprint = kind === 'redacted' ? 'redacted' : normaliseSupplierName(name)
      payee = { kind, key: kind === 'organisation' ? fingerprint : '', fingerprint }
      if (cache.size < limit) cache.set(name, payee)
    }
    return payee
  }
}

const uncached = payeeCache(0)

/**
 * Files repeat a few hundred dates thousands of times each, so cache their parsing too. An import must say how late a
 * payment date may be (`latest`): the importer knows today's date, domain code does not.
 */
export function dateCache(options: DateOptions & { latest: string }, limit = 100_000): (text: string) => DateResult {
  const cache = new Map<string, DateResult>()
  return (text) => {
    let date = cache.get(text)
    if (!date) {
      date = parseDate(text, options)
      if (cache.size < limit) cache.set(text, date)
    }
    return date
  }
}

/** Interprets one row. `header` is the header row, to recognise it when a file repeats it. */
export function interpretRow(
  cells: readonly string[],
  mapping: ColumnMapping['mapping'],
  header: readonly string[],
  payeeOf: (name: string) => Payee = uncached,
  dateOf: (text: string) => DateResult = parseDate,
): RowOutcome {
  if (cells.every((c) => c.trim() === '')) return { kind: 'skipped', why: 'blank' }
  if (cells.length === header.length && cells.every((c, i) => c.trim() === (header[i] ?? '').trim()))
    return { kind: 'skipped', why: 'repeated-header' }

  let dateText = cell(cells, mapping[SpendField.Date])
  let amountText = cell(cells, mapping[SpendField.Amount])
  const payee = text(cells, mapping[SpendField.Supplier])
  let repaired: string | null = null

  if (!dateText && !payee && amountText)
    return { kind: 'rejected', reason: 'Looks like a total row: only the amount is filled, so it is not a payment' }

  let date = dateOf(dateText)
  if (!date.ok && !amountText) {
    const fused = repairFusedDateAmount(dateText)
    if (fused) {
      repaired = `Date and amount were fused in one field ("${dateText}"): split into ${fused.date} and ${fused.amount}`
      dateText = fused.date
      amountText = fused.amount
      // Through dateOf, so a split-off date is held to the same latest date as any other.
      date = dateOf(dateText)
    }
  }
  if (!date.ok) return { kind: 'rejected', reason: date.reason }
  const amount = parseAmount(amountText)
  if (!amount.ok) return { kind: 'rejected', reason: amount.reason }
  if (amount.repaired) repaired = repaired ? `${repaired}; ${amount.repaired}` : amount.repaired

  const classification = payeeOf(payee ?? '')
  if (!payee && classification.kind !== 'redacted') return { kind: 'rejected', reason: 'Supplier name is missing' }
  const payeeKind = classification.kind
  return {
    kind: 'payment',
    payment: {
      date: date.date,
      pence: amount.pence,
      payeeName: payee ?? 'Not published',
      payeeKey: classification.key,
      payeeFingerprint: classification.fingerprint,
      payeeKind,
      transactionRef: text(cells, mapping[SpendField.TransactionRef]),
      department: text(cells, mapping[SpendField.Department]),
      expenseType: text(cells, mapping[SpendField.ExpenseType]),
      category: text(cells, mapping[SpendField.Category]),
      description: text(cells, mapping[SpendField.Description]),
      capitalOrRevenue: text(cells, mapping[SpendField.CapitalOrRevenue]),
      companyNumber: text(cells, mapping[SpendField.CompanyNumber]),
      charityNumber: text(cells, mapping[SpendField.CharityNumber]),
      postcode: text(cells, mapping[SpendField.Postcode]),
      repaired,
    },
  }
}
