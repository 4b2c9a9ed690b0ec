// Query strings and the settings form of the social value pages, checked with zod; messages in GOV.UK style.
import { z } from 'zod'
import { parseMoneyPence } from '../../../domain/social-value/quantity.js'
import { financialYearBounds } from '../../../domain/spend/lm3.js'
import { rangeQuerySchema } from '../spend/dashboard.schema.js'
import { quarterBounds } from './dashboard-context.js'

/** Blank inputs arrive as '' from a GET form: treat them as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

/** The period (from, to) and, for people in a network, whose social value: as on the spend dashboard. */
export { rangeQuerySchema }

/** The quarterly report: a financial quarter like 2026-27-Q2, or a period. */
export const reportQuerySchema = z.object({
  quarter: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .trim()
      .refine((v) => quarterBounds(v) !== undefined, 'Choose a financial quarter like 2026-27-Q2')
      .optional(),
  ),
})

const financialYear = z
  .string({ message: 'Choose a financial year' })
  .trim()
  .refine((v) => financialYearBounds(v) !== undefined, 'Choose a financial year like 2026-27')

export const yearQuerySchema = z.object({ year: z.preprocess(blankAsAbsent, financialYear.optional()) })

function wholeNumber(what: string, min: number, max: number) {
  const message = `Enter ${what} as a whole number from ${min} to ${max}`
  return z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .regex(/^\d{1,4}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message)
}

function pounds(what: string) {
  return z
    .string()
    .trim()
    .max(20, `Enter ${what} in pounds, like 250000`)
    .refine((v) => v === '' || parseMoneyPence(v) !== undefined, `Enter ${what} in pounds, like 250000 or 1,250.50`)
    .default('')
}

const SCOPE_WORDS = {
  total: 'all social value',
  economic: 'economic',
  social: 'social',
  environmental: 'environmental',
}
const targetFields = Object.fromEntries(
  Object.entries(SCOPE_WORDS).flatMap(([scope, words]) => [
    [`${scope}Baseline`, pounds(`the baseline target for ${words}`)],
    [`${scope}Stretch`, pounds(`the stretch target for ${words}`)],
  ]),
) as Record<`${keyof typeof SCOPE_WORDS}${'Baseline' | 'Stretch'}`, ReturnType<typeof pounds>>

export const settingsFormSchema = z
  .object({
    _csrf: z.string().optional(),
    year: financialYear,
    greenPercent: wholeNumber('the green threshold', 1, 1000),
    amberPercent: wholeNumber('the amber threshold', 0, 1000),
    dueDays: wholeNumber('the number of days returns are due after the period ends', 0, 365),
    reminderDaysBefore: wholeNumber('the number of days before the due date to remind suppliers', 0, 90),
    ...targetFields,
  })
  .strict()
  .refine((f) => typeof f.amberPercent !== 'number' || f.amberPercent <= f.greenPercent, {
    path: ['amberPercent'],
    message: 'The amber threshold must be the same as or lower than the green threshold',
  })

export type SettingsForm = z.infer<typeof settingsFormSchema>
