// The social value catalogue: a framework groups outcomes under the three themes, each outcome has measures, and
// each measure has financial proxy values (£ per unit), each in force from a date until the next one. Frameworks
// are installation-wide; a licensed one may belong to one organisation, which alone sees and uses it.
import { z } from 'zod'
import { isIsoDate } from './period.js'
import { parseMoneyPence } from './quantity.js'

export const THEMES = ['economic', 'social', 'environmental'] as const
export type Theme = (typeof THEMES)[number]
export const THEME_LABELS: Record<Theme, string> = {
  economic: 'Economic',
  social: 'Social',
  environmental: 'Environmental',
}

export type ProxyValue = {
  validFrom: string
  /** £ per unit, two decimals. */
  value: string
  source: string
  sourceYear: string
  /** Where in the source, e.g. a Unit Cost Database line code. */
  reference: string
  /** True when the figure is a stated assumption rather than a published value. */
  isAssumption: boolean
  note: string
}

export type Measure = {
  code: string
  name: string
  unit: string
  description: string
  evidence: string
  proxies: ProxyValue[]
}

export type Outcome = { code: string; theme: Theme; name: string; measures: Measure[] }

export type Framework = {
  id: string
  name: string
  description: string
  licence: string
  ownerOrganisationId: string | null
  outcomes: Outcome[]
}

/**
 * The proxy value in force on a date: the one with the latest `validFrom` on or before it. A return or commitment
 * is valued at the proxy in force at the start of its period, so adding a newer proxy never changes past figures.
 */
export function proxyInForce<P extends { validFrom: string }>(proxies: readonly P[], date: string): P | undefined {
  let best: P | undefined
  for (const p of proxies) if (p.validFrom <= date && (!best || p.validFrom > best.validFrom)) best = p
  return best
}

const text = (max: number) => z.string().trim().max(max, `Must be ${max} characters or fewer`)
const required = (what: string, max: number) => text(max).min(1, `Enter the ${what}`)
const code = (what: string) =>
  required(what, 40).regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    `The ${what} may hold only letters, digits, '.', '_' and '-'`,
  )

export const proxyValueSchema = z.object({
  validFrom: z.string().refine(isIsoDate, 'Enter the date the proxy value applies from as YYYY-MM-DD'),
  value: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .refine((v) => parseMoneyPence(v) !== undefined, 'Enter the proxy value in pounds, like 10025 or 252.50'),
  source: required('source of the proxy value', 1000),
  sourceYear: text(40).default(''),
  reference: text(200).default(''),
  isAssumption: z.boolean().default(false),
  note: text(2000).default(''),
})

export const measureSchema = z.object({
  code: code('measure code'),
  name: required('measure name', 300),
  unit: required('unit', 100),
  description: text(4000).default(''),
  evidence: text(4000).default(''),
  proxies: z.array(proxyValueSchema).default([]),
})

export const outcomeSchema = z.object({
  code: code('outcome code'),
  theme: z.enum(THEMES, { error: 'The theme must be economic, social or environmental' }),
  name: required('outcome name', 300),
  measures: z.array(measureSchema).default([]),
})

export const frameworkSchema = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'The framework id must be lower-case letters, digits and hyphens'),
    name: required('framework name', 200),
    description: text(4000).default(''),
    licence: text(1000).default(''),
    ownerOrganisationId: z.string().trim().min(1).nullable().default(null),
    outcomes: z.array(outcomeSchema).min(1, 'A framework needs at least one outcome'),
  })
  .superRefine((f, ctx) => {
    const outcomes = new Set<string>()
    const measures = new Set<string>()
    f.outcomes.forEach((o, i) => {
      if (outcomes.has(o.code))
        ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'code'], message: `Outcome ${o.code} appears twice` })
      outcomes.add(o.code)
      o.measures.forEach((m, j) => {
        if (measures.has(m.code))
          ctx.addIssue({
            code: 'custom',
            path: ['outcomes', i, 'measures', j, 'code'],
            message: `Measure ${m.code} appears twice`,
          })
        measures.add(m.code)
        const dates = new Set<string>()
        m.proxies.forEach((p, k) => {
          if (dates.has(p.validFrom))
            ctx.addIssue({
              code: 'custom',
              path: ['outcomes', i, 'measures', j, 'proxies', k, 'validFrom'],
              message: `Measure ${m.code} has two proxy values from ${p.validFrom}`,
            })
          dates.add(p.validFrom)
        })
      })
    })
  })

/** Normalises a proxy value to two decimals ("252.5" → "252.50"). */
export function normaliseMoney(value: string): string {
  const pence = parseMoneyPence(value)!
  return `${pence / 100n}.${(pence % 100n).toString().padStart(2, '0')}`
}

/** Validates a framework (from JSON, or rows gathered from a CSV); messages name the place of each problem. */
export function parseFramework(input: unknown): { ok: true; framework: Framework } | { ok: false; errors: string[] } {
  const parsed = frameworkSchema.safeParse(input)
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.map((i) => `${describePath(input, i.path)}: ${i.message}`) }
  const f = parsed.data
  return {
    ok: true,
    framework: {
      ...f,
      outcomes: f.outcomes.map((o) => ({
        ...o,
        measures: o.measures.map((m) => ({
          ...m,
          proxies: [...m.proxies]
            .map((p) => ({ ...p, value: normaliseMoney(p.value) }))
            .sort((a, b) => a.validFrom.localeCompare(b.validFrom)),
        })),
      })),
    },
  }
}

function describePath(input: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = []
  let node: unknown = input
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined
    if (typeof key === 'number') {
      const named = node && typeof node === 'object' ? (node as { code?: unknown; validFrom?: unknown }) : undefined
      const label =
        typeof named?.code === 'string'
          ? named.code
          : typeof named?.validFrom === 'string'
            ? named.validFrom
            : `#${key + 1}`
      parts.push(label)
    } else if (i === path.length - 1 || typeof path[i + 1] !== 'number') parts.push(String(key))
  }
  return parts.length ? parts.join(' › ') : 'framework'
}

/** The CSV layout of a framework: one row per proxy value (or one per measure that has none). */
export const FRAMEWORK_CSV_COLUMNS = [
  'framework_id',
  'framework_name',
  'framework_description',
  'framework_licence',
  'framework_owner',
  'theme',
  'outcome_code',
  'outcome_name',
  'measure_code',
  'measure_name',
  'unit',
  'description',
  'evidence',
  'proxy_valid_from',
  'proxy_value',
  'proxy_source',
  'proxy_source_year',
  'proxy_reference',
  'proxy_is_assumption',
  'proxy_note',
] as const
export type FrameworkCsvColumn = (typeof FRAMEWORK_CSV_COLUMNS)[number]

/** A framework as CSV rows (header first), in catalogue order. */
export function frameworkToCsvRows(f: Framework): string[][] {
  const rows: string[][] = [[...FRAMEWORK_CSV_COLUMNS]]
  const head = [f.id, f.name, f.description, f.licence, f.ownerOrganisationId ?? '']
  for (const o of f.outcomes)
    for (const m of o.measures) {
      const measure = [o.theme, o.code, o.name, m.code, m.name, m.unit, m.description, m.evidence]
      if (m.proxies.length === 0) rows.push([...head, ...measure, '', '', '', '', '', '', ''])
      for (const p of m.proxies)
        rows.push([
          ...head,
          ...measure,
          p.validFrom,
          p.value,
          p.source,
          p.sourceYear,
          p.reference,
          p.isAssumption ? 'yes' : 'no',
          p.note,
        ])
    }
  return rows
}

/**
 * Gathers CSV rows (keyed by column) into one framework's structure for `parseFramework`. Row problems that the
 * structure cannot show (a missing column, two frameworks in one file, a yes/no that is neither) come back as errors
 * naming the row.
 */
export function frameworkFromCsvRows(
  rows: { rowNumber: number; values: Partial<Record<FrameworkCsvColumn, string>> }[],
): { ok: true; input: unknown } | { ok: false; errors: string[] } {
  const errors: string[] = []
  if (rows.length === 0) return { ok: false, errors: ['The file has no rows'] }
  const first = rows[0]!.values
  const framework = {
    id: first.framework_id ?? '',
    name: first.framework_name ?? '',
    description: first.framework_description ?? '',
    licence: first.framework_licence ?? '',
    ownerOrganisationId: first.framework_owner ? first.framework_owner : null,
    outcomes: [] as { code: string; theme: string; name: string; measures: Record<string, unknown>[] }[],
  }
  const outcomes = new Map<string, (typeof framework.outcomes)[number]>()
  const measures = new Map<string, { proxies: unknown[] }>()
  for (const { rowNumber, values: v } of rows) {
    if ((v.framework_id ?? '') !== framework.id) {
      errors.push(`Row ${rowNumber}: every row must be for framework ${framework.id}, not ${v.framework_id ?? ''}`)
      continue
    }
    const outcomeCode = v.outcome_code ?? ''
    let outcome = outcomes.get(outcomeCode)
    if (!outcome) {
      outcome = { code: outcomeCode, theme: v.theme ?? '', name: v.outcome_name ?? '', measures: [] }
      outcomes.set(outcomeCode, outcome)
      framework.outcomes.push(outcome)
    } else if (outcome.theme !== (v.theme ?? '') || outcome.name !== (v.outcome_name ?? '')) {
      errors.push(`Row ${rowNumber}: outcome ${outcomeCode} has a different theme or name from an earlier row`)
    }
    const measureCode = v.measure_code ?? ''
    let measure = measures.get(measureCode)
    if (!measure) {
      measure = {
        code: measureCode,
        name: v.measure_name ?? '',
        unit: v.unit ?? '',
        description: v.description ?? '',
        evidence: v.evidence ?? '',
        proxies: [],
      } as { proxies: unknown[] }
      measures.set(measureCode, measure)
      outcome.measures.push(measure as Record<string, unknown>)
    }
    const hasProxy = Boolean(v.proxy_valid_from || v.proxy_value || v.proxy_source)
    if (!hasProxy) continue
    const flag = (v.proxy_is_assumption ?? '').trim().toLowerCase()
    if (!['', 'yes', 'no', 'true', 'false', 'y', 'n'].includes(flag)) {
      errors.push(`Row ${rowNumber}: proxy_is_assumption must be yes or no`)
      continue
    }
    measure.proxies.push({
      validFrom: v.proxy_valid_from ?? '',
      value: v.proxy_value ?? '',
      source: v.proxy_source ?? '',
      sourceYear: v.proxy_source_year ?? '',
      reference: v.proxy_reference ?? '',
      isAssumption: ['yes', 'true', 'y'].includes(flag),
      note: v.proxy_note ?? '',
    })
  }
  return errors.length ? { ok: false, errors } : { ok: true, input: framework }
}

/**
 * RFC 4180 text of rows. The framework file is for exchange between installations, so cells are written exactly
 * as held (no spreadsheet formula guard, which would change them on the way back in).
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('')
}
