// Query strings of the spend dashboard and its drill-down, checked with zod; messages in GOV.UK style.
import { z } from 'zod'
import { SIZE_BANDS, TIERS } from '../../../domain/spend/report.js'
import type { FormErrors } from '../../support/forms.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/
/** Date.parse rolls 2026-02-30 over to 2 March, so a real date must read back the same. */
const isRealDate = (v: string) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v

/**
 * Blank inputs arrive as '' from a GET form: treat them as absent. A parameter given twice (from=…&from=…) counts
 * once, with its last value, as when a person edits an address that already had it.
 */
const blankAsAbsent = (given: unknown) => {
  const value = Array.isArray(given) ? given.at(-1) : given
  return typeof value === 'string' && value.trim() === '' ? undefined : value
}

/** Two real dates in order (zod still runs this when a date itself failed, so only real dates are compared). */
const datesInOrder = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || !isRealDate(q.from) || !isRealDate(q.to) || q.from <= q.to
const outOfOrder = { message: 'The end date must be the same as or after the start date', path: ['to'] }

function dateField(name: string) {
  return z.preprocess(
    blankAsAbsent,
    z
      .string()
      .trim()
      .regex(DATE, `Enter the ${name} as a date like 2025-04-01`)
      .refine(isRealDate, `The ${name} must be a real date`)
      .optional(),
  )
}

const text = z.preprocess(blankAsAbsent, z.string().trim().max(200).optional())

/** The period and, for people in a network, whose spend: the organisation's own or the network's pooled. */
export const rangeQuerySchema = z
  .object({
    from: dateField('start date'),
    to: dateField('end date'),
    scope: z.preprocess(
      blankAsAbsent,
      z
        .string()
        .regex(/^network:[a-z0-9-]{2,63}$/, 'Choose your organisation or one of its networks')
        .optional(),
    ),
  })
  .refine(datesInOrder, outOfOrder)

export type RangeQuery = z.infer<typeof rangeQuerySchema>

/** Which payments a figure is made of: every filter the dashboard's links can set. */
export const paymentsQuerySchema = z
  .object({
    from: dateField('start date'),
    to: dateField('end date'),
    scope: rangeQuerySchema.shape.scope,
    tier: z.preprocess(blankAsAbsent, z.enum(TIERS).optional()),
    sizeBand: z.preprocess(blankAsAbsent, z.enum([...SIZE_BANDS, 'sme']).optional()),
    quarter: z.preprocess(
      blankAsAbsent,
      z
        .string()
        .regex(/^\d{4}-\d{2} Q[1-4]$/, 'Choose a quarter like 2025-26 Q1')
        .optional(),
    ),
    department: text,
    expenseType: text,
    category: text,
    supplierId: z.preprocess(blankAsAbsent, z.uuid('Choose a supplier from the report').optional()),
    vcse: z.preprocess(blankAsAbsent, z.enum(['vcse', 'charity', 'socialEnterprise', 'coop']).optional()),
    leakage: z.preprocess(blankAsAbsent, z.enum(['true']).optional()),
    unnamed: z.preprocess(blankAsAbsent, z.enum(['true']).optional()),
    page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
    format: z.preprocess(blankAsAbsent, z.enum(['csv']).optional()),
  })
  .refine(datesInOrder, outOfOrder)

export type PaymentsQuery = z.infer<typeof paymentsQuerySchema>

/** Errors for the error summary and the fields, one per field, in the order zod reports them. */
export function queryErrors(error: z.ZodError): FormErrors {
  const errors: FormErrors = { list: [], fields: {} }
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'from')
    if (errors.fields[field]) continue
    errors.fields[field] = { text: issue.message }
    errors.list.push({ text: issue.message, href: `#${field}` })
  }
  return errors
}
