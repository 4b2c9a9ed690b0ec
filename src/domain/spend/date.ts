// Payment dates from spend files, as ISO calendar dates (YYYY-MM-DD). Publishers write dates every which way:
// 27/09/2011, 13-Nov-2012, 17 July 2023, 2024-04-02T00:00:00, Excel serial numbers (43200, or 45078.041666 when a
// BST offset crept in), and one Oxford quarter lost its dates altogether ("00:00:00"). No time zones: a payment date
// is a calendar date, so we never go through local time.
import { parseAmount } from './amount.js'

export type DateResult = { ok: true; date: string } | { ok: false; reason: string }
export type DateOptions = {
  dayFirst?: boolean
  /**
   * The latest plausible payment date (YYYY-MM-DD), inclusive. A payment file records payments made, so a later date
   * is a typing error. The caller chooses it (domain code has no clock); without it there is no upper bound.
   */
  latest?: string
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
}

/** The months' names in English, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

const TIME = /(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.source
const ISO = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${TIME}`)
const NUMERIC = new RegExp(`^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})${TIME}`)
const NAMED_MONTH = /^(\d{1,2})(?:st|nd|rd|th)?[-\s]+([a-z]{3,9})[-\s,]+(\d{4}|\d{2})$/i
const TIME_ONLY = /^\d{1,2}:\d{2}(?::\d{2})?$/
const SERIAL = /^(\d{1,7})(?:\.\d+)?$/

// Excel's day 1 is 1900-01-01, and Excel (copying Lotus 1-2-3) believes 1900 was a leap year: serial 60 is the
// non-existent 29 February 1900, and every later serial is one day ahead of a true count from 1899-12-31.
const EXCEL_DAY_ZERO = Date.UTC(1899, 11, 31)
const EXCEL_FICTITIOUS_LEAP_DAY = 60
const EXCEL_LAST_SERIAL = 2958465 // 9999-12-31
const DAY_MS = 86_400_000

/** Parse a published payment date. Numeric dates are day-first (UK) unless `dayFirst: false`. */
export function parseDate(text: string, options: DateOptions = {}): DateResult {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, reason: 'Date is missing' }
  if (TIME_ONLY.test(trimmed)) return { ok: false, reason: 'Date is missing (the file has only a time)' }

  const iso = ISO.exec(trimmed)
  if (iso) return calendarDate(trimmed, Number(iso[1]), Number(iso[2]), Number(iso[3]), options.latest)

  const numeric = NUMERIC.exec(trimmed)
  if (numeric) {
    const [first, second] = [Number(numeric[1]), Number(numeric[2])]
    const [day, month] = options.dayFirst === false ? [second, first] : [first, second]
    return calendarDate(trimmed, fullYear(numeric[3] ?? ''), month, day, options.latest)
  }

  const named = NAMED_MONTH.exec(trimmed)
  const month = named ? MONTHS[(named[2] ?? '').toLowerCase()] : undefined
  if (named && month) return calendarDate(trimmed, fullYear(named[3] ?? ''), month, Number(named[1]), options.latest)

  const serial = SERIAL.exec(trimmed)
  if (serial) return excelSerialDate(trimmed, Number(serial[1]), options.latest)

  return { ok: false, reason: `Date "${trimmed}" is not in a recognised format` }
}

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the usual spreadsheet pivot). */
function fullYear(digits: string): number {
  const year = Number(digits)
  if (digits.length === 4) return year
  return year < 70 ? 2000 + year : 1900 + year
}

function calendarDate(text: string, year: number, month: number, day: number, latest?: string): DateResult {
  if (year < 1900 || year > 2099) return { ok: false, reason: `${text} has an implausible year (${year})` }
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  if (!valid) return { ok: false, reason: `${text} is not a real date` }
  const date = `${year}-${pad(month)}-${pad(day)}`
  // Both are YYYY-MM-DD with four-digit years, so comparing the strings compares the dates.
  if (latest !== undefined && date > latest) {
    // Say how the text was read: a two-digit year or an Excel serial does not show its year plainly.
    const words = inWords(year, month, day)
    const read = words === text ? text : `${text} (${words})`
    return {
      ok: false,
      reason: `${read} is after ${dateInWords(latest)}, later than any payment could be: check the year`,
    }
  }
  return { ok: true, date }
}

/** 2099, 1, 1 → "1 January 2099", as GOV.UK writes dates. */
function inWords(year: number, month: number, day: number): string {
  return `${day} ${MONTH_NAMES[month - 1] ?? month} ${year}`
}

/** "2027-12-31" → "31 December 2027". */
function dateInWords(isoDate: string): string {
  const [year = 0, month = 0, day = 0] = isoDate.split('-').map(Number)
  return inWords(year, month, day)
}

/** Whole days of an Excel serial; a fraction is a time of day (Lancashire Fire's 0.041666… is 01:00). */
function excelSerialDate(text: string, whole: number, latest?: string): DateResult {
  if (whole === EXCEL_FICTITIOUS_LEAP_DAY) {
    return { ok: false, reason: `${text} is Excel's 29 February 1900, which is not a real date` }
  }
  if (whole < 1 || whole > EXCEL_LAST_SERIAL) return { ok: false, reason: `${text} is not a real date` }
  const days = whole > EXCEL_FICTITIOUS_LEAP_DAY ? whole - 1 : whole
  const date = new Date(EXCEL_DAY_ZERO + days * DAY_MS)
  return calendarDate(text, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), latest)
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function pad(n: number): string {
  return n.toString().padStart(2, '0')
}

// A date with four-digit year has a fixed end, so an amount fused onto it ("17/07/20231234.56") can be cut off
// with certainty. A two-digit year cannot ("17/07/231234.56" could be 2023 or a year 2312), so we refuse those.
const FUSED = [
  /^(\d{1,2}\/\d{1,2}\/\d{4})\s*(\S.*)$/,
  /^(\d{1,2}-\d{1,2}-\d{4})\s*(\S.*)$/,
  /^(\d{4}-\d{2}-\d{2})\s*(\S.*)$/,
  /^(\d{1,2}-[a-z]{3}-\d{4})\s*(\S.*)$/i,
  /^(\d{1,2}\/\d{1,2}\/\d{2})\s+(\S.*)$/,
]

/** Split a field holding a date and an amount ("17/07/2023 1,234.56") when the split is certain; otherwise null. */
export function repairFusedDateAmount(text: string): { date: string; amount: string } | null {
  const trimmed = text.trim()
  for (const pattern of FUSED) {
    const match = pattern.exec(trimmed)
    if (!match) continue
    const [datePart, amountPart] = [match[1] ?? '', (match[2] ?? '').trim()]
    const date = parseDate(datePart)
    if (date.ok && parseAmount(amountPart).ok) return { date: date.date, amount: amountPart }
  }
  return null
}
