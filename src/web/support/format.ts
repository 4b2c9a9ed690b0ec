// Display formats, in GOV.UK style ("22 November 2026", "£1,234.50").
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
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
  return date ? dateFormat.format(date) : ''
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
