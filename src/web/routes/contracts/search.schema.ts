// The query string of the register's search and filters (public and internal), checked with zod, and the links
// built back from it: a filter that fails is reported and left out, so the rest of the search still works.
import { z } from 'zod'
import { VALUE_BANDS, type ContractLifeStatus, type ValueBandId } from '../../../domain/contracts/contract.js'
import { CONTRACT_SORTS, type ContractSort } from '../../../domain/contracts/search-query.js'
import type { FormErrors } from '../../support/forms.js'

export const PAGE_SIZE = 20

const DATE = /^\d{4}-\d{2}-\d{2}$/
/** Date.parse rolls 2026-02-30 over to 2 March, so a real date must read back the same. */
const isRealDate = (v: string) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v
/** Blank inputs arrive as '' from a GET form: treat them as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
/** A field repeated in the query string arrives as an array: the last one wins, as in a form. */
const lastOf = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value)
const field = <T extends z.ZodType>(schema: T) => z.preprocess((v) => blankAsAbsent(lastOf(v)), schema.optional())

function dateField(name: string) {
  return field(
    z
      .string()
      .trim()
      .regex(DATE, `Enter the ${name} as a date like 2025-04-01`)
      .refine(isRealDate, `The ${name} must be a real date`),
  )
}

const LIFE_STATUSES = [
  'live',
  'not-started',
  'expired',
  'terminated',
  'cancelled',
] as const satisfies readonly ContractLifeStatus[]
const VALUE_BAND_IDS = VALUE_BANDS.map((b) => b.id) as [ValueBandId, ...ValueBandId[]]
const yes = field(z.enum(['yes'], 'Tick the box or leave it empty'))

export const registerQuerySchema = z.object({
  q: field(z.string().trim().max(200, 'Search words must be 200 characters or fewer')),
  department: field(z.string().trim().max(200)),
  category: field(z.string().trim().max(200)),
  valueBand: field(z.enum(VALUE_BAND_IDS, 'Choose a value band from the list')),
  status: field(z.enum(LIFE_STATUSES, 'Choose a status from the list')),
  startFrom: dateField('earliest start date'),
  startTo: dateField('latest start date'),
  endFrom: dateField('earliest end date'),
  endTo: dateField('latest end date'),
  sme: yes,
  vcse: yes,
  supplierId: field(z.uuid('Choose a supplier from the register')),
  sort: field(z.enum(CONTRACT_SORTS, 'Choose an order from the list')),
  page: z.preprocess(lastOf, z.coerce.number().int().min(1).max(100_000).catch(1)),
})

export type RegisterQueryInput = z.infer<typeof registerQuerySchema>

const RANGES = [
  ['startFrom', 'startTo', 'The latest start date must be the same as or after the earliest'],
  ['endFrom', 'endTo', 'The latest end date must be the same as or after the earliest'],
] as const

/**
 * Reads the query string. Each filter that fails is reported (for the error summary) and dropped, so the search
 * still runs on the rest. `allowCancelled` is false on the public register, where cancelled contracts are not shown.
 */
export function readRegisterQuery(
  raw: unknown,
  options: { allowCancelled: boolean },
): { query: RegisterQueryInput; errors: FormErrors | undefined } {
  const input: Record<string, unknown> = { ...((raw ?? {}) as Record<string, unknown>) }
  const errors: FormErrors = { list: [], fields: {} }
  const report = (name: string, text: string) => {
    if (errors.fields[name]) return
    errors.fields[name] = { text }
    errors.list.push({ text, href: `#${name}` })
    delete input[name]
  }
  if (!options.allowCancelled && lastOf(input.status) === 'cancelled') report('status', 'Choose a status from the list')
  let parsed = registerQuerySchema.safeParse(input)
  // Each round drops the fields that failed, so this ends within one round per field.
  for (let round = 0; !parsed.success && round < FILTER_KEYS.length; round++) {
    for (const issue of parsed.error.issues) report(String(issue.path[0] ?? 'q'), issue.message)
    parsed = registerQuerySchema.safeParse(input)
  }
  const query = parsed.success ? parsed.data : registerQuerySchema.parse({})
  for (const [from, to, message] of RANGES) {
    const a = query[from]
    const b = query[to]
    if (a && b && a > b) {
      report(to, message)
      query[to] = undefined
    }
  }
  return { query, errors: errors.list.length > 0 ? errors : undefined }
}

/** The search the query asks for, for the service. */
export function toRegisterSearch(query: RegisterQueryInput, organisationId: string) {
  return {
    organisationId,
    text: query.q,
    department: query.department,
    category: query.category,
    valueBand: query.valueBand,
    status: query.status,
    startFrom: query.startFrom,
    startTo: query.startTo,
    endFrom: query.endFrom,
    endTo: query.endTo,
    sme: query.sme ? true : undefined,
    vcse: query.vcse ? true : undefined,
    supplierId: query.supplierId,
    sort: query.sort as ContractSort | undefined,
    page: query.page,
    pageSize: PAGE_SIZE,
  }
}

const FILTER_KEYS = [
  'q',
  'department',
  'category',
  'valueBand',
  'status',
  'startFrom',
  'startTo',
  'endFrom',
  'endTo',
  'sme',
  'vcse',
  'supplierId',
  'sort',
] as const

/** The search as a query string (without the page unless given), for links that keep it. */
export function registerQueryString(query: RegisterQueryInput, extra: { page?: number; sort?: string } = {}): string {
  const params = new URLSearchParams()
  for (const key of FILTER_KEYS) {
    const value = key === 'sort' && extra.sort !== undefined ? extra.sort : query[key]
    if (value) params.set(key, String(value))
  }
  if (extra.page && extra.page > 1) params.set('page', String(extra.page))
  return params.toString()
}

/** Whether anything narrows the search (to offer "Clear filters"). */
export function hasFilters(query: RegisterQueryInput): boolean {
  return FILTER_KEYS.some((key) => key !== 'sort' && Boolean(query[key]))
}

type PaginationItem = { number?: number; href?: string; current?: boolean; ellipsis?: boolean }

/** govukPagination's arguments: the first and last pages, the current one and its neighbours, with ellipses. */
export function paginationOf(page: number, pages: number, href: (page: number) => string) {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b)
  const items: PaginationItem[] = []
  let previous = 0
  for (const n of shown) {
    if (n - previous > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
    previous = n
  }
  return {
    items: pages > 1 ? items : [],
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  }
}
