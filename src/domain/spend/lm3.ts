// The New Economics Foundation's Local Multiplier 3 (LM3): how much of an organisation's spend with a supplier goes
// round the home area again. Pure and exact: money in integer pence, shares in ten-thousandths, never floats.
//
//   R1 = the organisation's spend with the supplier in the period (from payments)
//   R2 = R1 × local share, where local share = local_supplier_share + staff_cost_share × local_staff_share
//   R3 = R2 × the same local share. A full LM3 would survey the local recipients of R2 as well; without that third
//        survey we assume they re-spend locally as the supplier does, a standard simplification (NEF, "The Money
//        Trail", 2002) that the LM3 page states.
//   LM3 = (R1 + R2 + R3) / R1, between 1.00 (nothing stays) and 3.00 (everything stays, twice).
import { formatPence } from './amount.js'
import { percentage } from './report.js'

/** A supplier's survey answers, as decimal strings from 0 to 1 with up to four decimals ("0.4500"). */
export type Lm3Shares = {
  /** Share of the contract income spent with suppliers in the organisation's home area. */
  localSupplierShare: string
  /** Share of the income that goes on staff costs. */
  staffCostShare: string
  /** Share of the staff costs paid to people living in the home area. */
  localStaffShare: string
}

export type Lm3Field = keyof Lm3Shares
export const LM3_FIELDS: readonly Lm3Field[] = ['localSupplierShare', 'staffCostShare', 'localStaffShare']

/** Rounds of spend in pounds (exact two-decimal strings), the local share as a percentage and LM3 to 2 decimals. */
export type Lm3Result = { r1: string; r2: string; r3: string; localShare: string; lm3: string | null }

export type Lm3Summary = {
  r1: string
  r2: string
  r3: string
  /** Σ(R1 + R2 + R3) / Σ R1 over the suppliers that answered; null when none did. */
  lm3: string | null
  answered: number
  paid: number
  /** All the organisation's spend with suppliers in the period, and the share of it the answers cover (one decimal). */
  paidAmount: string
  coverage: string
}

const SHARE_SCALE = 4
const ONE = 10_000n // a share of 1, in ten-thousandths
const ONE_SQUARED = ONE * ONE // the local share is a product of two shares: hundred-millionths

const LABELS: Record<Lm3Field, string> = {
  localSupplierShare: 'The percentage spent with local suppliers',
  staffCostShare: 'The percentage spent on staff',
  localStaffShare: 'The percentage of staff costs paid to local people',
}

/** An exact decimal string as an integer at `scale` decimals, rounded half away from zero; undefined if not a number. */
export function toScaled(value: string, scale: number): bigint | undefined {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim())
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined
  const fraction = match[3] ?? ''
  const kept = BigInt((match[2] || '0') + fraction.padEnd(scale, '0').slice(0, scale))
  const roundUp = fraction.length > scale && Number(fraction[scale]) >= 5
  const magnitude = roundUp ? kept + 1n : kept
  return match[1] === '-' ? -magnitude : magnitude
}

/** n / d rounded half away from zero (d > 0). */
function divideRounded(n: bigint, d: bigint): bigint {
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d)
  return n < 0n ? -magnitude : magnitude
}

/** An integer at `scale` decimals as a decimal string: 185n, 2 → "1.85". */
function fromScaled(value: bigint, scale: number): string {
  const sign = value < 0n ? '-' : ''
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0')
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}

function shareUnits(value: string): bigint {
  const units = toScaled(value, SHARE_SCALE)
  if (units === undefined) throw new Error(`Not a share: ${value}`)
  return units
}

/** local_supplier_share + staff_cost_share × local_staff_share, in hundred-millionths. */
function localShareUnits(shares: Lm3Shares): bigint {
  return (
    shareUnits(shares.localSupplierShare) * ONE + shareUnits(shares.staffCostShare) * shareUnits(shares.localStaffShare)
  )
}

/** (R1 + R2 + R3) / R1 to 2 decimals, or null when R1 is not positive (a ratio of refunds means nothing). */
function ratio(total: bigint, r1: bigint): string | null {
  return r1 > 0n ? fromScaled(divideRounded(total * 100n, r1), 2) : null
}

/** R1, R2, R3 and LM3 for one supplier. Each round is rounded to the penny before the next is taken from it. */
export function calculateLm3(input: { r1: string; shares: Lm3Shares }): Lm3Result {
  const r1 = toScaled(input.r1, 2)
  if (r1 === undefined) throw new Error(`Not an amount: ${input.r1}`)
  const local = localShareUnits(input.shares)
  const r2 = divideRounded(r1 * local, ONE_SQUARED)
  const r3 = divideRounded(r2 * local, ONE_SQUARED)
  return {
    r1: formatPence(r1),
    r2: formatPence(r2),
    r3: formatPence(r3),
    localShare: fromScaled(divideRounded(local, ONE_SQUARED / 10_000n), 2),
    lm3: ratio(r1 + r2 + r3, r1),
  }
}

/**
 * The organisation's LM3 over the suppliers that answered and were paid in the period (R1 > 0): Σ(R1+R2+R3) / Σ R1,
 * with how many answered out of how many were paid, and the share of all spend with suppliers they cover.
 */
export function aggregateLm3(results: readonly Lm3Result[], paid: { suppliers: number; amount: string }): Lm3Summary {
  const counted = results.filter((r) => (toScaled(r.r1, 2) ?? 0n) > 0n)
  const sum = (key: 'r1' | 'r2' | 'r3') => counted.reduce((total, r) => total + (toScaled(r[key], 2) ?? 0n), 0n)
  const [r1, r2, r3] = [sum('r1'), sum('r2'), sum('r3')]
  return {
    r1: formatPence(r1),
    r2: formatPence(r2),
    r3: formatPence(r3),
    lm3: ratio(r1 + r2 + r3, r1),
    answered: counted.length,
    paid: paid.suppliers,
    paidAmount: paid.amount,
    coverage: percentage(formatPence(r1), paid.amount),
  }
}

/**
 * Problems with a set of shares, by field, in GOV.UK style (the form asks for percentages, so the messages do):
 * each from 0 to 1 with at most four decimals, and local suppliers plus staff no more than the whole income.
 */
export function validateShares(shares: Lm3Shares): Partial<Record<Lm3Field, string>> {
  const errors: Partial<Record<Lm3Field, string>> = {}
  for (const field of LM3_FIELDS) {
    const value = shares[field].trim()
    const units = /^-?\d*(\.\d{0,4})?$/.test(value) ? toScaled(value, SHARE_SCALE) : undefined
    if (units === undefined) errors[field] = `${LABELS[field]} must be a number, like 25`
    else if (units < 0n || units > ONE) errors[field] = `${LABELS[field]} must be between 0 and 100`
  }
  if (!errors.localSupplierShare && !errors.staffCostShare) {
    const spent = shareUnits(shares.localSupplierShare) + shareUnits(shares.staffCostShare)
    if (spent > ONE)
      errors.staffCostShare =
        'The percentages spent with local suppliers and on staff must add up to 100 or less, as they are parts of the same income'
  }
  return errors
}

/** A percentage from the form ("12.5") as a share ("0.1250"); undefined when it is not a number. */
export function percentToShare(percent: string): string | undefined {
  const hundredths = toScaled(percent, 2)
  return hundredths === undefined ? undefined : fromScaled(hundredths, SHARE_SCALE)
}

/** A share ("0.1250") as a percentage for the form ("12.5"), without trailing zeros. */
export function shareToPercent(share: string): string {
  return fromScaled(shareUnits(share), 2)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')
}

/** The UK public-sector financial year a date falls in: "2025-26" for 2025-04-01 to 2026-03-31. */
export function financialYearOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  const start = m >= 4 ? y : y - 1
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`
}

/** The first and last days of a financial year ("2025-26"); undefined unless the label is one. */
export function financialYearBounds(label: string): { from: string; to: string } | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(label)
  if (!match) return undefined
  const start = Number(match[1])
  if ((start + 1) % 100 !== Number(match[2])) return undefined
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` }
}
