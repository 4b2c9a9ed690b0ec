// The shape of spend figures, and the pure steps that assemble them. Amounts are two-decimal strings throughout.
import { formatPence } from './amount.js'

export const TIERS = ['local', 'subRegional', 'regional', 'national', 'overseas', 'unknown'] as const
export type TierKey = (typeof TIERS)[number]
export const SIZE_BANDS = ['micro', 'small', 'medium', 'large', 'unknown'] as const
export type SizeBandKey = (typeof SIZE_BANDS)[number]

export const TIER_LABELS: Record<TierKey, string> = {
  local: 'Local (home area)',
  subRegional: 'Sub-regional (neighbours)',
  regional: 'Rest of the region',
  national: 'Rest of the UK',
  overseas: 'Overseas',
  unknown: 'Location not known',
}

export const SIZE_LABELS: Record<SizeBandKey | 'sme', string> = {
  micro: 'Micro (under 10 staff and under £2m turnover)',
  small: 'Small (under 50 staff and under £10m)',
  medium: 'Medium (under 250 staff and under £50m)',
  large: 'Large',
  unknown: 'Size not known',
  sme: 'All SMEs (micro, small and medium)',
}

export type Figure = { amount: string; count: number }
export type Labelled = Figure & { key: string; label: string }

export type SpendReport = {
  organisation: string
  organisations: string[]
  from: string
  to: string
  total: Figure
  byTier: Record<TierKey, Figure>
  bySize: Record<SizeBandKey | 'sme', Figure>
  vcse: { vcse: Figure; charity: Figure; socialEnterprise: Figure; coop: Figure }
  byQuarter: (Figure & { quarter: string; from: string; to: string })[]
  byDepartment: Labelled[]
  byExpenseType: Labelled[]
  topSuppliers: (Figure & {
    supplierId: string
    name: string
    tier: TierKey
    sizeBand: SizeBandKey
    district: string | null
  })[]
  individualsAndRedacted: Figure
  leakage: {
    total: Figure
    byCategory: Labelled[]
    bySupplier: (Figure & {
      supplierId: string
      name: string
      tier: TierKey
      category: string | null
      localAlternatives: { supplierId: string; name: string }[]
    })[]
  }
}

export const ZERO: Figure = { amount: '0.00', count: 0 }

/** Adds decimal-string amounts exactly (via pence). */
export function addFigures(...figures: Figure[]): Figure {
  let pence = 0n
  let count = 0
  for (const f of figures) {
    const [whole = '0', fraction = '00'] = f.amount.replace('-', '').split('.')
    const value = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
    pence += f.amount.startsWith('-') ? -value : value
    count += f.count
  }
  return { amount: formatPence(pence), count }
}

/** The UK public-sector financial year quarter of a date: April–June is Q1. "2025-26 Q1". */
export function financialQuarter(date: string): { quarter: string; from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number]
  const startYear = m >= 4 ? y : y - 1
  const q = Math.floor(((m + 8) % 12) / 3) + 1
  const startMonth = ((q - 1) * 3 + 3) % 12 // 3, 6, 9, 0 → months after January, zero-based
  const fromYear = q === 4 ? startYear + 1 : startYear
  const from = `${fromYear}-${String(startMonth + 1).padStart(2, '0')}-01`
  const end = new Date(Date.UTC(fromYear, startMonth + 3, 0))
  const to = `${end.getUTCFullYear()}-${String(end.getUTCMonth() + 1).padStart(2, '0')}-${String(end.getUTCDate()).padStart(2, '0')}`
  return { quarter: `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')} Q${q}`, from, to }
}

/** Share of a total as a percentage with one decimal, from decimal strings, without floating-point drift in the sum. */
export function percentage(part: string, whole: string): string {
  const toPence = (a: string) => {
    const [w = '0', f = '00'] = a.replace('-', '').split('.')
    const v = BigInt(w) * 100n + BigInt((f + '00').slice(0, 2))
    return a.startsWith('-') ? -v : v
  }
  const p = toPence(part)
  const t = toPence(whole)
  if (t === 0n) return '0.0'
  const tenths = (p * 1000n * 2n + t) / (2n * t) // rounded half up, in tenths of a per cent
  const sign = tenths < 0n ? '-' : ''
  const abs = tenths < 0n ? -tenths : tenths
  return `${sign}${abs / 10n}.${abs % 10n}`
}

/**
 * Financial quarters as whole numbers, so the database can group by them cheaply: quarter index = (year × 12 + month
 * − 4) ÷ 3, rounded down, counting from April of year 0. These turn an index into the quarter and back.
 */
export function quarterFromIndex(index: number): { quarter: string; from: string; to: string } {
  const startYear = Math.floor(index / 4)
  const firstMonth = (index % 4) * 3 + 4 // 4, 7, 10, 13 (January of the next year)
  const year = firstMonth > 12 ? startYear + 1 : startYear
  const month = firstMonth > 12 ? firstMonth - 12 : firstMonth
  return financialQuarter(`${year}-${String(month).padStart(2, '0')}-01`)
}

/** The index of a quarter label such as "2025-26 Q1", or null when it is not one. */
export function quarterIndexOf(label: string): number | null {
  const match = /^(\d{4})-(\d{2}) Q([1-4])$/.exec(label)
  if (!match) return null
  const startYear = Number(match[1])
  if ((startYear + 1) % 100 !== Number(match[2])) return null
  return startYear * 4 + Number(match[3]) - 1
}

/**
 * The whole calendar months inside a date range (both ends included, ISO dates): from `first` (a 1st of the month)
 * up to but not including `end` (another 1st), or null when the range holds no whole month. Monthly totals serve
 * those months; the days either side of them are read from the payments themselves.
 */
export function wholeMonths(from: string, to: string): { first: string; end: string } | null {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  const first = fd === 1 ? monthStart(fy, fm) : monthStart(fy, fm + 1)
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate()
  const end = td === lastDay ? monthStart(ty, tm + 1) : monthStart(ty, tm)
  return first < end ? { first, end } : null
}

function monthStart(year: number, month: number): string {
  return new Date(Date.UTC(year, month - 1, 1)).toISOString().slice(0, 10)
}
