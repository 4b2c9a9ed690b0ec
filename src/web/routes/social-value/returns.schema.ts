// The forms and query strings of the returns, review and commitment pages, checked with zod; messages in GOV.UK
// style. The services check the same rules again: these give each field its own message first.
import { z } from 'zod'
import { addDays, financialQuarterOf } from '../../../domain/social-value/period.js'
import { parseQuantity } from '../../../domain/social-value/quantity.js'
import { RAG_STATUSES } from '../../../domain/social-value/rag.js'
import { REVIEW_DECISIONS } from '../../../services/sv-returns.service.js'
import type { FormErrors } from '../../support/forms.js'
import { dateErrorHref, govukDate } from '../contracts/manage.schema.js'

/** Blank inputs arrive as '' from a GET form: treat them as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional())

export const RETURN_STATUSES = ['submitted', 'queried', 'rejected', 'accepted'] as const
export type ReturnStatus = (typeof RETURN_STATUSES)[number]

function quantity(what: string, example: string) {
  return z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .refine(
      (v) => parseQuantity(v) !== undefined,
      `Enter ${what} as a number of 0 or more with at most 3 decimal places, like ${example}`,
    )
}

/** One link per line: each must be a web address. */
const links = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  )
  .superRefine((lines, ctx) => {
    if (lines.length > 20) ctx.addIssue({ code: 'custom', message: 'Give at most 20 links' })
    const bad = lines.findIndex((l) => !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(l))
    if (bad >= 0)
      ctx.addIssue({
        code: 'custom',
        message: `Enter each link on its own line starting https://; line ${bad + 1} is not a web address`,
      })
  })

/** The text fields of the return form (the files come separately, from the multipart stream). */
export const returnFormSchema = z.object({
  actualQuantity: quantity('the figure you delivered', '12 or 12.5'),
  description: z.string().trim().max(4000, 'The description must be 4,000 characters or fewer').default(''),
  links,
})
export type ReturnForm = z.infer<typeof returnFormSchema>

export const decisionFormSchema = z
  .object({
    _csrf: z.string().optional(),
    decision: z.enum(REVIEW_DECISIONS, { message: 'Choose whether to accept, query or reject the return' }),
    comment: z.string().trim().max(4000, 'The comment must be 4,000 characters or fewer').default(''),
    version: z.coerce.number().int().positive(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision !== 'accepted' && !v.comment)
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: `Enter a comment saying why you ${v.decision === 'queried' ? 'query' : 'reject'} the return, so the supplier knows what to do`,
      })
  })

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a period from the list')

export const queueQuerySchema = z.object({
  status: optional(z.enum(RETURN_STATUSES, { message: 'Choose a status from the list' })),
  contractId: optional(z.uuid('Choose a contract from the list')),
  period: optional(isoDate),
  page: optional(z.coerce.number({ message: 'Choose a page' }).int('Choose a page').min(1, 'Choose a page')),
})

export const commitmentsQuerySchema = z.object({
  contractId: optional(z.uuid('Choose a contract from the list')),
  measureId: optional(z.uuid('Choose a measure from the list')),
  status: optional(z.enum(RAG_STATUSES, { message: 'Choose a status from the list' })),
})

/** The last day of the three months starting on a date (a quarter's end). */
export function quarterEnd(start: string): string {
  const [y, m] = start.split('-').map(Number) as [number, number]
  const next = new Date(Date.UTC(y, m - 1 + 3, 1)).toISOString().slice(0, 10)
  return addDays(next, -1)
}

/** Financial quarters from the start of last financial year to the end of the next, as { start, end, label }. */
export function quarterChoices(today: string) {
  const fy = Number(financialQuarterOf(today).slice(0, 4))
  const out: { start: string; end: string; label: string }[] = []
  for (let year = fy - 1; year <= fy + 1; year++)
    for (const month of ['04', '07', '10', '01']) {
      const start = `${month === '01' ? year + 1 : year}-${month}-01`
      out.push({ start, end: quarterEnd(start), label: financialQuarterOf(start) })
    }
  return out
}

const text = z.string().optional()

/**
 * The commitment form: a contract, a measure, the period (a financial quarter, or a start and end date) and the
 * target. A chosen quarter wins over dates typed as well.
 */
export const commitmentFormSchema = z
  .object({
    _csrf: text,
    contractId: text,
    measureId: text,
    quarter: text,
    'periodStart-day': text,
    'periodStart-month': text,
    'periodStart-year': text,
    'periodEnd-day': text,
    'periodEnd-month': text,
    'periodEnd-year': text,
    targetQuantity: text,
  })
  .strict()
  // Every field is optional text so that this runs whatever is missing, and the summary lists every problem at once.
  .transform((v, ctx) => {
    const uuid = z.uuid()
    const contractId = uuid.safeParse(v.contractId).data
    const measureId = uuid.safeParse(v.measureId).data
    if (!contractId) ctx.addIssue({ code: 'custom', path: ['contractId'], message: 'Choose a contract' })
    if (!measureId) ctx.addIssue({ code: 'custom', path: ['measureId'], message: 'Choose a measure' })
    let periodStart: string | null
    let periodEnd: string | null
    if (v.quarter && /^\d{4}-(01|04|07|10)-01$/.test(v.quarter)) {
      periodStart = v.quarter
      periodEnd = quarterEnd(v.quarter)
    } else {
      const hasDates = ['day', 'month', 'year'].some((p) =>
        String((v as Record<string, unknown>)[`periodStart-${p}`] ?? '').trim(),
      )
      periodStart = periodEnd = null
      if (!hasDates)
        ctx.addIssue({
          code: 'custom',
          path: ['quarter'],
          message: 'Choose a quarter, or enter the start and end dates',
        })
      else {
        periodStart = govukDate(ctx, 'periodStart', 'start of the period', v, true)
        periodEnd = govukDate(ctx, 'periodEnd', 'end of the period', v, true)
      }
      if (periodStart && periodEnd && periodEnd < periodStart)
        ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'The end of the period must be after its start' })
    }
    const target = quantity('the target', '12 or 12.5').safeParse(v.targetQuantity ?? '')
    if (!target.success)
      ctx.addIssue({ code: 'custom', path: ['targetQuantity'], message: target.error.issues[0]!.message })
    if (!contractId || !measureId || !periodStart || !periodEnd || !target.success) return z.NEVER
    return { contractId, measureId, periodStart, periodEnd, targetQuantity: target.data }
  })

/** Removing a commitment: the confirmation button sends nothing but the CSRF token. */
export const removeCommitmentFormSchema = z.object({ _csrf: text }).strict()

/** Date errors link to the box that needs attention, as the GOV.UK date input pattern asks. */
export function withDateHrefs(errors: FormErrors): FormErrors {
  return {
    ...errors,
    list: errors.list.map((e) =>
      e.href === '#periodStart' || e.href === '#periodEnd' ? { ...e, href: dateErrorHref(e.href.slice(1), e.text) } : e,
    ),
  }
}
