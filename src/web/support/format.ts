// Display formats, in GOV.UK style ("22 November 2026", "£1,234.50").
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
/** A calendar date (YYYY-MM-DD) names a day, not an instant: no time zone may move it (London's 1800s offset would). */
const calendarDateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // 12:07am, not 0:07am.
  hourCycle: 'h12',
  timeZone: 'Europe/London',
})
const numberFormat = new Intl.NumberFormat('en-GB')

function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

export function formatDate(value: Date | string | null | undefined): string {
  const date = toDate(value)
  if (!date) return ''
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? calendarDateFormat.format(date)
    : dateFormat.format(date)
}

export function formatDateTime(value: Date | string | null | undefined): string {
  const date = toDate(value)
  return date ? dateTimeFormat.format(date).replace(' am', 'am').replace(' pm', 'pm') : ''
}

/** Formats a decimal string or number of pounds: "1234.5" → "£1,234.50"; negatives as "−£12.00". */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const text = typeof value === 'number' ? value.toFixed(2) : value
  const negative = text.startsWith('-')
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '−' : ''}£${grouped}.${(fraction + '00').slice(0, 2)}`
}

export function formatNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  return numberFormat.format(Number(value))
}

/**
 * A count with its noun, singular for one: (1, "payment") → "1 payment", ("1,234", "payment") → "1,234 payments".
 * The count may already be formatted; the plural is the noun plus "s" unless given.
 */
export function formatCount(count: number | string | null | undefined, noun: string, plural = `${noun}s`): string {
  const text = typeof count === 'number' ? formatNumber(count) : (count ?? '0')
  return `${text} ${text.replace(/,/g, '') === '1' ? noun : plural}`
}
