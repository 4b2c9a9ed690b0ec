// The LM3 survey form and the LM3 page's query string, checked with zod; messages in GOV.UK style.
import { z } from 'zod'
import { financialYearBounds, percentToShare, validateShares, type Lm3Field } from '../../../domain/spend/lm3.js'

/** Blank inputs arrive as '' from a GET form: treat them as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

const year = z
  .string({ message: 'Select the financial year' })
  .trim()
  .refine((v) => financialYearBounds(v) !== undefined, 'Select the financial year')

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/

function percentage(what: string) {
  return z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .regex(PERCENT, `Enter ${what} as a number from 0 to 100, like 25`)
    .refine((v) => Number(v) <= 100, `Enter ${what} as a number from 0 to 100, like 25`)
}

export const surveySchema = z
  .object({
    _csrf: z.string().optional(),
    supplierId: z.uuid('Choose the supplier you are answering for'),
    organisationId: z
      .string({ message: 'Select the organisation that paid you' })
      .trim()
      .min(1, 'Select the organisation that paid you')
      .max(64, 'Select the organisation that paid you'),
    year,
    localSupplierShare: percentage('the percentage spent with local suppliers'),
    staffCostShare: percentage('the percentage spent on staff'),
    localStaffShare: percentage('the percentage of staff costs paid to local people'),
  })
  .strict()
  // The one rule across fields (local suppliers plus staff within the income) comes from the domain.
  // zod runs this even when a field failed, so it only looks at three well-formed answers.
  .superRefine((form, ctx) => {
    const answers = [form.localSupplierShare, form.staffCostShare, form.localStaffShare]
    if (!answers.every((a) => typeof a === 'string' && PERCENT.test(a))) return
    const shares = {
      localSupplierShare: percentToShare(form.localSupplierShare)!,
      staffCostShare: percentToShare(form.staffCostShare)!,
      localStaffShare: percentToShare(form.localStaffShare)!,
    }
    for (const [field, message] of Object.entries(validateShares(shares)) as [Lm3Field, string][])
      ctx.addIssue({ code: 'custom', path: [field], message })
  })

export type SurveyForm = z.infer<typeof surveySchema>

/** Which answer to show in the form, when changing one; and, for people acting for several suppliers, which. */
export const surveyQuerySchema = z.object({
  supplierId: z.preprocess(blankAsAbsent, z.uuid().optional()).catch(undefined),
  organisationId: z.preprocess(blankAsAbsent, z.string().max(64).optional()).catch(undefined),
  year: z.preprocess(blankAsAbsent, year.optional()).catch(undefined),
})

export const reportQuerySchema = z.object({ year: z.preprocess(blankAsAbsent, year.optional()) })
