// Which payments count against a contract, and whether they run over its value. Pure: no I/O.
// The payments are the organisation's to the supplier records the contract is linked to, dated within the contract's
// period: from its start date to its current end date (after any extension), or to today while it has no end date.
import type { Contract } from './contract.js'

export type ContractSpendPeriod = { from: string; to: string }

/** The supplier records a contract's payments are looked up by (each once). */
export function linkedSupplierIds(contract: Pick<Contract, 'suppliers'>): string[] {
  return [...new Set(contract.suppliers.flatMap((s) => (s.supplierId ? [s.supplierId] : [])))]
}

/**
 * The period payments are counted in; null when the contract has no start date (nothing to count from) or is
 * cancelled (it never ran).
 */
export function contractSpendPeriod(
  contract: Pick<Contract, 'startDate' | 'endDate' | 'status'>,
  today: string,
): ContractSpendPeriod | null {
  if (!contract.startDate || contract.status === 'cancelled') return null
  return { from: contract.startDate, to: contract.endDate ?? (today > contract.startDate ? today : contract.startDate) }
}

/** A decimal string of pounds ("-12.5", "1000.00") as integer pence, exactly. */
export function toPence(value: string): bigint {
  const text = value.trim()
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not an amount: ${value}`)
  const negative = text.startsWith('-')
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.')
  // Half a penny and more rounds away from zero, as numeric(18,2) does.
  const pence =
    BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2)) + (Number(fraction[2] ?? '0') >= 5 ? 1n : 0n)
  return negative ? -pence : pence
}

/** Integer pence as a two-decimal string of pounds. */
export function fromPence(pence: bigint): string {
  const negative = pence < 0n
  const abs = negative ? -pence : pence
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

export type SpendAgainstContract = {
  /** Net total of the payments, two decimals. */
  spent: string
  count: number
  /** The contract's current total value, when known (and shown). */
  value: string | null
  /** True when the payments add up to more than the value. */
  overspend: boolean
  /** How far over, two decimals; null when not over. */
  overBy: string | null
  /** Spend as a whole-number percentage of the value; null without a value above zero. */
  percentOfValue: number | null
}

/**
 * Compares what has been paid with the contract's current total value. Pass `value: null` when the value is not
 * known or must not be shown (a withheld value on a public page): then there is never an overspend flag.
 */
export function spendAgainstContract(spent: string, count: number, value: string | null): SpendAgainstContract {
  const spentPence = toPence(spent)
  if (value === null)
    return { spent: fromPence(spentPence), count, value: null, overspend: false, overBy: null, percentOfValue: null }
  const valuePence = toPence(value)
  const over = spentPence - valuePence
  return {
    spent: fromPence(spentPence),
    count,
    value: fromPence(valuePence),
    overspend: over > 0n,
    overBy: over > 0n ? fromPence(over) : null,
    percentOfValue: valuePence > 0n ? Number((spentPence * 100n) / valuePence) : null,
  }
}
