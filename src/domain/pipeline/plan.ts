// A planned procurement on the forward pipeline: what an organisation expects to buy in the next 12 to 18 months,
// published early so local small businesses and voluntary organisations can get ready to bid ("meet the buyer").
// Pure: no I/O.
import { z } from 'zod'
import { categoryOfCpv, normaliseCpvCode } from '../contracts/cpv.js'
import { PROCUREMENT_ROUTES, type ProcurementRoute } from '../contracts/contract.js'

export const PLAN_STATUSES = ['planned', 'advertised', 'awarded', 'cancelled'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  planned: 'Planned',
  advertised: 'Advertised',
  awarded: 'Awarded',
  cancelled: 'Cancelled',
}

/** Everything an officer or an import states about a planned procurement. Money is a two-decimal string. */
export type PlanDraft = {
  reference: string
  title: string
  description: string | null
  department: string | null
  /** CPV codes, 8 digits; the first decides the category. */
  cpvCodes: string[]
  estimatedValue: string | null
  expectedAdvertDate: string
  expectedStartDate: string | null
  procurementRoute: ProcurementRoute | null
  /** How the work is split into lots, in words, so smaller organisations can see what they could bid for. */
  lots: string | null
  suitableForSme: boolean
  suitableForVcse: boolean
  /** A team, never a person: the pipeline is public. */
  contactName: string | null
  contactEmail: string | null
  status: PlanStatus
}

export type Plan = PlanDraft & {
  id: string
  organisationId: string
  /** The CPV division of the first code, e.g. "Construction work". */
  category: string | null
  createdAt: Date
  updatedAt: Date
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Whether a YYYY-MM-DD string is a date that exists (2027-02-30 does not). */
export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .nullable()
    .transform((v) => (v ? v : null))

const date = (missing: string, label: string) =>
  z.string(missing).trim().min(1, { error: missing, abort: true }).refine(isRealDate, `${label} must be a real date`)

/** The rules every planned procurement obeys, from the form or a file; messages in GOV.UK style. */
export const planDraftSchema = z
  .object({
    reference: z
      .string('Enter a reference')
      .trim()
      .min(1, 'Enter a reference')
      .max(100, 'Reference must be 100 characters or fewer'),
    title: z.string('Enter a title').trim().min(1, 'Enter a title').max(500, 'Title must be 500 characters or fewer'),
    description: optionalText(5000, 'Description'),
    department: optionalText(200, 'Department'),
    cpvCodes: z
      .array(z.string())
      .transform((codes, ctx) => {
        const out: string[] = []
        for (const code of codes) {
          const normalised = normaliseCpvCode(code)
          if (!normalised) {
            ctx.addIssue({ code: 'custom', message: `“${code}” is not a CPV code: enter 8 digits, like 45000000` })
            return z.NEVER
          }
          if (!out.includes(normalised)) out.push(normalised)
        }
        return out
      })
      .refine((codes) => codes.length > 0, 'Choose a category'),
    estimatedValue: z
      .string()
      .trim()
      .regex(/^\d{1,16}(\.\d{1,2})?$/, 'Estimated value must be an amount in pounds, like 75000 or 75000.50')
      .transform((v) => Number(v).toFixed(2))
      .nullable(),
    expectedAdvertDate: date('Enter the expected advertisement date', 'Expected advertisement date'),
    expectedStartDate: date('Enter the expected contract start date', 'Expected contract start date').nullable(),
    procurementRoute: z.enum(PROCUREMENT_ROUTES, 'Choose a procurement route from the list').nullable(),
    lots: optionalText(5000, 'Lots'),
    suitableForSme: z.boolean(),
    suitableForVcse: z.boolean(),
    contactName: optionalText(200, 'Contact team'),
    contactEmail: z
      .string()
      .trim()
      .max(254, 'Contact email address must be 254 characters or fewer')
      .pipe(z.email('Enter a contact email address in the correct format, like procurement@example.gov.uk'))
      .nullable(),
    status: z.enum(PLAN_STATUSES, 'Choose a status'),
  })
  .superRefine((p, ctx) => {
    if (p.expectedStartDate && p.expectedAdvertDate && p.expectedStartDate < p.expectedAdvertDate)
      ctx.addIssue({
        code: 'custom',
        path: ['expectedStartDate'],
        message: 'Expected contract start date must be the same as or after the expected advertisement date',
      })
  })

/** Checks a draft and returns it normalised (trimmed, money to two decimals, CPV codes to 8 digits). */
export function parsePlanDraft(input: unknown): z.ZodSafeParseResult<PlanDraft> {
  return planDraftSchema.safeParse(input) as z.ZodSafeParseResult<PlanDraft>
}

/** The category a plan is filed under: the CPV division of its first code. */
export function planCategory(draft: Pick<PlanDraft, 'cpvCodes'>): string | null {
  const first = draft.cpvCodes[0]
  return first ? categoryOfCpv(first) : null
}

/** Whether two drafts say the same thing (an import that changes nothing leaves a plan alone). */
export function samePlan(a: PlanDraft, b: PlanDraft): boolean {
  const keys = Object.keys(a) as (keyof PlanDraft)[]
  return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]))
}
