// What a search of the contracts register asks for, and how the words someone types become a full-text query.
// Pure: no I/O.
import type { ContractLifeStatus, ValueBandId } from './contract.js'

export const CONTRACT_SORTS = ['relevance', 'end', 'start', 'value', 'title'] as const
export type ContractSort = (typeof CONTRACT_SORTS)[number]

export const CONTRACT_SORT_LABELS: Record<ContractSort, string> = {
  relevance: 'Best match',
  start: 'Newest first',
  end: 'Ending soonest',
  value: 'Highest value',
  title: 'Title (A to Z)',
}

/**
 * One search of an organisation's register. The public audience searches and filters on what the public may see
 * only: a withheld value never matches a value band and sorts as unknown; withheld suppliers never match the SME,
 * VCSE or supplier filters; cancelled contracts are not on the public register.
 */
export type ContractSearch = {
  audience: 'public' | 'internal'
  organisationId: string
  text?: string
  department?: string
  category?: string
  valueBand?: ValueBandId
  status?: ContractLifeStatus
  startFrom?: string
  startTo?: string
  endFrom?: string
  endTo?: string
  sme?: boolean
  vcse?: boolean
  supplierId?: string
  /** ISO date the life status is computed on. */
  today: string
  /** From 1. */
  page: number
  pageSize: number
  sort?: ContractSort
}

/** What decides which contracts a search matches (and so how many): everything but its order and page. */
export function matchConditions(q: ContractSearch): Omit<ContractSearch, 'page' | 'pageSize' | 'sort'> {
  const { page: _page, pageSize: _pageSize, sort: _sort, ...conditions } = q
  return conditions
}

/** The most words a search uses: more add nothing but cost. */
const MAX_WORDS = 8

/** The words of a search: letters and digits only, lower case, so nothing typed can become a query operator. */
export function searchWords(text: string | undefined): string[] {
  if (!text) return []
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return words.slice(0, MAX_WORDS)
}

/**
 * A query for PostgreSQL's to_tsquery: every word must match, and the last one also as the start of a word, so
 * "ground" finds "grounds" while someone is still typing. Undefined when there is nothing to search for.
 */
export function prefixTsQuery(text: string | undefined): string | undefined {
  const words = searchWords(text)
  if (words.length === 0) return undefined
  return words.map((w, i) => (i === words.length - 1 ? `'${w}':*` : `'${w}'`)).join(' & ')
}

/** The default order: best match when searching for words, otherwise the newest contracts first. */
export function effectiveSort(q: Pick<ContractSearch, 'text' | 'sort'>): ContractSort {
  const hasWords = searchWords(q.text).length > 0
  if (!q.sort) return hasWords ? 'relevance' : 'start'
  if (q.sort === 'relevance' && !hasWords) return 'start'
  return q.sort
}

/** How many pages a total fills, at least one. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar day (YYYY-MM-DD) an instant falls on in the UK, which is the day a contract's dates mean. */
export function ukCalendarDay(instant: Date): string {
  return londonDay.format(instant)
}
