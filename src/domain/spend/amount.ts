// Money amounts from spend files, parsed exactly. Amounts become integer pence (bigint) by working on the digit
// string, never through a JavaScript number: binary floats cannot hold 0.10 exactly, and a year of payments summed
// as floats drifts by pennies. Spreadsheet exports carry float noise ("2534.1999999999998"), which we round to
// pence (half away from zero) and report as a repair, so a caller can tell the published text was not to the penny.

export type AmountResult = { ok: true; pence: bigint; repaired?: string } | { ok: false; reason: string }

// "1234", "1234.5", ".5", "1,234.56" (commas only in proper groups of three).
const PLAIN = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/
// "1.2E3", "5e-2": the mantissa's digits and the exponent.
const SCIENTIFIC = /^(\d+)(?:\.(\d*))?e([+-]?\d{1,3})$/i

// The shape nearly every amount in a file has ("1234.56", "-12.5", "500"), read without the general rules below.
// Thirteen digits at most, so the pence are exact as a JavaScript number before they become a bigint.
const SIMPLE = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/

// No council or other public body makes a single payment anywhere near ten billion pounds (the largest in the files
// cwb was built on is under £100 million), so an amount that large is a typing error, such as a reference number
// pasted into the amount column.
const LARGEST_PENCE = 1_000_000_000_000n

/** Parse a published amount ("£1,234.56", "(1,234.56)", "12.00-", "2534.1999999999998") into pence. */
export function parseAmount(text: string): AmountResult {
  const result = readAmount(text)
  if (!result.ok || (result.pence < LARGEST_PENCE && result.pence > -LARGEST_PENCE)) return result
  const trimmed = text.replace(/\u00a0/g, ' ').trim()
  const pounds = formatPounds(result.pence)
  const read = pounds === trimmed ? `Amount ${pounds}` : `Amount "${trimmed}" (${pounds})`
  return { ok: false, reason: `${read} is larger than any single payment could be: check it` }
}

function readAmount(text: string): AmountResult {
  const simple = SIMPLE.exec(text)
  if (simple) {
    const pence = BigInt(Number(simple[2]) * 100 + Number((simple[3] ?? '').padEnd(2, '0')))
    return { ok: true, pence: simple[1] ? -pence : pence }
  }
  const trimmed = text.replace(/\u00a0/g, ' ').trim()
  if (trimmed === '') return { ok: false, reason: 'Amount is missing' }
  const notANumber = { ok: false, reason: `Amount "${trimmed}" is not a number` } as const

  const signed = splitSign(trimmed)
  if (!signed) return notANumber
  const body = signed.body.replace(/^£\s*/, '').replace(/^GBP\s*/i, '')
  if (body === '') return notANumber

  const digits = toDigits(body)
  if (!digits) return notANumber
  const { pence, extraDigits } = toPence(digits.whole, digits.fraction)
  const result: AmountResult = { ok: true, pence: signed.negative ? -pence : pence }
  const notes = [digits.note, extraDigits ? `rounded ${trimmed} to ${formatPence(result.pence)}` : undefined]
  const repaired = notes.filter((n) => n !== undefined).join('; ')
  return repaired === '' ? result : { ...result, repaired }
}

/** Peel off one sign marker: "(…)", a leading "-" (or "−"), or a trailing "-" as some ledgers print credits. */
function splitSign(text: string): { negative: boolean; body: string } | undefined {
  if (text.startsWith('(') && text.endsWith(')')) return { negative: true, body: text.slice(1, -1).trim() }
  const leading = /^[-−]\s*(.*)$/.exec(text) ?? /^£\s*[-−]\s*(.*)$/.exec(text)
  if (leading) return { negative: true, body: leading[1] ?? '' }
  const trailing = /^(.*?)\s*-$/.exec(text)
  if (trailing) return { negative: true, body: trailing[1] ?? '' }
  if (text.startsWith('+')) return { negative: false, body: text.slice(1).trim() }
  // Any other sign character (other than an exponent's, as in 1.2E-3) makes the text ambiguous.
  return /[−()]|(?<![eE])-/.test(text) ? undefined : { negative: false, body: text }
}

function toDigits(body: string): { whole: string; fraction: string; note?: string } | undefined {
  const plain = PLAIN.exec(body)
  if (plain && (plain[1] !== undefined || (plain[2] ?? '') !== '')) {
    return { whole: (plain[1] ?? '0').replace(/,/g, ''), fraction: plain[2] ?? '' }
  }
  const scientific = SCIENTIFIC.exec(body)
  if (!scientific) return undefined
  // Shift the decimal point in the digit string: 1.25E3 → "125" with the point moved 3 places right.
  const mantissa = `${scientific[1]}${scientific[2] ?? ''}`
  const point = (scientific[1] ?? '').length + Number(scientific[3])
  const padded = point > mantissa.length ? mantissa.padEnd(point, '0') : mantissa
  const whole = point <= 0 ? '0' : padded.slice(0, point)
  const fraction = point <= 0 ? '0'.repeat(-point) + mantissa : padded.slice(point)
  return { whole, fraction, note: `expanded ${body} from scientific notation` }
}

/** Whole and fraction digit strings → pence, rounding anything past the second decimal half away from zero. */
function toPence(whole: string, fraction: string): { pence: bigint; extraDigits: boolean } {
  const pence = BigInt(whole || '0') * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'))
  const rest = fraction.slice(2)
  if (rest === '' || /^0+$/.test(rest)) return { pence, extraDigits: false }
  return { pence: rest.charAt(0) >= '5' ? pence + 1n : pence, extraDigits: true }
}

/** Pence → "-1234.56" (two decimals, no thousands separators, minus sign for credits). */
export function formatPence(pence: bigint): string {
  const sign = pence < 0n ? '-' : ''
  const magnitude = pence < 0n ? -pence : pence
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`
}

/** Pence → "£1,234.56" (thousands separated, "−£12.00" for credits), as a person reads money. */
function formatPounds(pence: bigint): string {
  const [sign, digits] = pence < 0n ? ['−', formatPence(-pence)] : ['', formatPence(pence)]
  return `${sign}£${digits.replace(/\B(?=(\d{3})+\.)/g, ',')}`
}

/** Exact total of amounts in pence. */
export function sumPence(amounts: Iterable<bigint>): bigint {
  let total = 0n
  for (const amount of amounts) total += amount
  return total
}
