// Forms and query strings of the supplier pages, checked with zod; messages in GOV.UK style.
import { z } from 'zod'

const csrf = { _csrf: z.string().optional() }
/** Blank inputs arrive as '' from a GET form: treat them as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
const search = z.preprocess(blankAsAbsent, z.string().trim().max(200, 'Search for 200 characters or fewer').optional())

export const CHOOSE_MESSAGE = 'Select the supplier this payee is, or none of these'
/** The value of the "None of these" radio. */
export const NONE_OF_THESE = 'none'

/** The review decision: a candidate's or searched supplier's id, or NONE_OF_THESE. `q` keeps the search shown. */
export const decideSchema = z
  .object({
    ...csrf,
    choice: z.string({ message: CHOOSE_MESSAGE }).trim().min(1, CHOOSE_MESSAGE).max(100, CHOOSE_MESSAGE),
    q: search,
  })
  .strict()

export const reviewQuerySchema = z.object({ q: search })

export const listQuerySchema = z.object({
  q: search,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export const idSchema = z.uuid()
