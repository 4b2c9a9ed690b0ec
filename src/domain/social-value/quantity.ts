// Quantities and money for social value, exactly: a quantity has at most three decimal places and is held as an
// integer number of thousandths; money is held in integer pence. Nothing passes through floating point.
import { formatPence } from '../spend/amount.js'

const QUANTITY = /^(\d{1,13})(?:\.(\d{1,3}))?$/
const MONEY = /^(\d{1,12})(?:\.(\d{1,2}))?$/

/** "12.5" → 12500n thousandths; undefined when it is not a plain non-negative number with at most 3 decimals. */
export function parseQuantity(text: string): bigint | undefined {
  const m = QUANTITY.exec(text.trim().replace(/,/g, ''))
  if (!m) return undefined
  return BigInt(m[1]!) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'))
}

/** 12500n → "12.5"; trailing zeros dropped, as people write quantities. */
export function formatQuantity(thousandths: bigint): string {
  const whole = thousandths / 1000n
  const frac = (thousandths % 1000n).toString().padStart(3, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : `${whole}`
}

/** "£10,025.50", "10025.5" → 1002550n pence; undefined when it is not a non-negative amount with at most 2 decimals. */
export function parseMoneyPence(text: string): bigint | undefined {
  const m = MONEY.exec(text.trim().replace(/^£/, '').replace(/,/g, ''))
  if (!m) return undefined
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))
}

/**
 * The value in pence of a quantity at a proxy value: quantity × £ per unit, rounded half up to the penny once, per
 * line (each commitment or return), before any sum.
 */
export function valuePence(quantityThousandths: bigint, proxyPence: bigint): bigint {
  return (quantityThousandths * proxyPence + 500n) / 1000n
}

export { formatPence }
