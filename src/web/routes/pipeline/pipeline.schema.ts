// The pipeline's forms and query strings, checked with zod. The plan form arrives as text fields and a GOV.UK date
// input (day, month, year); it becomes a draft here, and the domain's rules (planDraftSchema) judge the draft, so the
// form, the service and file imports all apply the same rules and every problem is reported at once.
import { z } from 'zod'
import { VALUE_BANDS, type ValueBandId } from '../../../domain/contracts/contract.js'
import { CPV_DIVISIONS } from '../../../domain/contracts/cpv.js'
import { isRealDate, parsePlanDraft, PLAN_STATUSES, type Plan, type PlanStatus } from '../../../domain/pipeline/plan.js'
import { pipelineQuarter } from '../../../domain/pipeline/window.js'
import { asArray, type FormErrors } from '../../support/forms.js'

const text = z.string().optional()

/** The add and change form: every field is text; rules are checked on the draft it makes (see draftFromForm). */
export const planFormSchema = z.object({
  _csrf: text,
  reference: text,
  title: text,
  description: text,
  department: text,
  category: text,
  cpvCodes: text,
  estimatedValue: text,
  'expectedAdvertDate-day': text,
  'expectedAdvertDate-month': text,
  'expectedAdvertDate-year': text,
  'expectedStartDate-day': text,
  'expectedStartDate-month': text,
  'expectedStartDate-year': text,
  procurementRoute: text,
  lots: text,
  suitability: z.union([z.string(), z.array(z.string())]).optional(),
  contactName: text,
  contactEmail: text,
  status: text,
})
export type PlanForm = z.infer<typeof planFormSchema>

export const statusFormSchema = z.object({
  _csrf: text,
  status: z.enum(PLAN_STATUSES, 'Choose a status'),
})

const DATE_FIELDS = {
  expectedAdvertDate: { label: 'Expected advertisement date', required: true },
  expectedStartDate: { label: 'Expected contract start date', required: false },
} as const
type DateField = keyof typeof DATE_FIELDS

/** Day, month and year → YYYY-MM-DD, or the GOV.UK date input message for what is wrong. */
export function dateFromParts(
  form: Record<string, unknown>,
  field: DateField,
): { date: string | null; error?: string } {
  const part = (p: string) => String(form[`${field}-${p}`] ?? '').trim()
  const [day, month, year] = [part('day'), part('month'), part('year')]
  const { label, required } = DATE_FIELDS[field]
  if (!day && !month && !year) return { date: null, error: required ? `Enter the ${label.toLowerCase()}` : undefined }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean)
  if (missing.length > 0) return { date: null, error: `${label} must include a ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { date: null, error: `${label} must be a real date` }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isRealDate(iso) ? { date: iso } : { date: null, error: `${label} must be a real date` }
}

/**
 * Which of a date's inputs to highlight: only the missing parts when some are given (GOV.UK date input pattern),
 * all three when the date is missing altogether or not a real date.
 */
export function datePartsInError(form: Record<string, unknown>, field: DateField): ('day' | 'month' | 'year')[] {
  const { error } = dateFromParts(form, field)
  if (!error) return []
  const parts = (['day', 'month', 'year'] as const).filter((p) => String(form[`${field}-${p}`] ?? '').trim() === '')
  return parts.length > 0 && parts.length < 3 ? parts : ['day', 'month', 'year']
}

/** CPV codes typed in one box: separated by commas, semicolons, spaces or new lines; check digits allowed. */
function codesOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean)
    .filter((c) => !/^-\d$/.test(c))
}

/**
 * The form as a draft's input: the chosen category is always the plan's category, so its division code goes first
 * unless a more precise code in the same division is given.
 */
export function draftInputFromForm(form: PlanForm) {
  const division = form.category && CPV_DIVISIONS[form.category] ? form.category : null
  const codes = codesOf(form.cpvCodes)
  const inDivision = division ? codes.filter((c) => c.startsWith(division)) : []
  const others = division ? codes.filter((c) => !c.startsWith(division)) : codes
  const cpvCodes = division ? [...(inDivision.length > 0 ? inDivision : [`${division}000000`]), ...others] : codes
  const suitability = asArray(form.suitability)
  const money = (form.estimatedValue ?? '').trim().replace(/^£\s*/, '').replace(/,/g, '')
  return {
    reference: form.reference ?? '',
    title: form.title ?? '',
    description: form.description ?? null,
    department: form.department ?? null,
    cpvCodes,
    estimatedValue: money === '' ? null : money,
    expectedAdvertDate: dateFromParts(form, 'expectedAdvertDate').date ?? '',
    expectedStartDate: dateFromParts(form, 'expectedStartDate').date,
    procurementRoute: form.procurementRoute ? form.procurementRoute : null,
    lots: form.lots ?? null,
    suitableForSme: suitability.includes('sme'),
    suitableForVcse: suitability.includes('vcse'),
    contactName: form.contactName ?? null,
    contactEmail: (form.contactEmail ?? '').trim() === '' ? null : (form.contactEmail ?? ''),
    status: form.status ?? '',
  }
}

/** Where each draft field's message goes on the form (the error summary links to the first input of a date). */
const FIELD_ANCHORS: Record<string, string> = {
  expectedAdvertDate: 'expectedAdvertDate-day',
  expectedStartDate: 'expectedStartDate-day',
  suitableForSme: 'suitability',
  suitableForVcse: 'suitability',
}

/** Order of the fields on the page, so the error summary lists problems top to bottom. */
const FIELD_ORDER = [
  'reference',
  'title',
  'description',
  'department',
  'category',
  'cpvCodes',
  'estimatedValue',
  'expectedAdvertDate',
  'expectedStartDate',
  'procurementRoute',
  'lots',
  'suitability',
  'contactName',
  'contactEmail',
  'status',
]

/** Turns field messages into the error summary and inline errors, in page order; a date links to its first wrong part. */
export function planFormErrors(messages: Record<string, string>, form?: PlanForm): FormErrors {
  const entries = Object.entries(messages).sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b))
  const anchor = (field: string) => {
    if (form && (field === 'expectedAdvertDate' || field === 'expectedStartDate'))
      return `${field}-${datePartsInError(form, field)[0] ?? 'day'}`
    return FIELD_ANCHORS[field] ?? field
  }
  return {
    list: entries.map(([field, text]) => ({ text, href: `#${anchor(field)}` })),
    fields: Object.fromEntries(entries.map(([field, text]) => [field, { text }])),
  }
}

/** Every problem with the form: the date inputs' own, then the domain's rules on the draft. */
export function checkPlanForm(form: PlanForm): Record<string, string> {
  const messages: Record<string, string> = {}
  for (const field of Object.keys(DATE_FIELDS) as DateField[]) {
    const { error } = dateFromParts(form, field)
    if (error) messages[field] = error
  }
  const input = draftInputFromForm(form)
  const parsed = parsePlanDraft(input)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      let field = String(issue.path[0] ?? 'reference')
      if (field === 'cpvCodes' && input.cpvCodes.length === 0) field = 'category'
      messages[field] ??= issue.message
    }
  if (form.category && !CPV_DIVISIONS[form.category]) messages.category = 'Choose a category from the list'
  return messages
}

/** A draft field's message keyed for the form (the service reports draft fields). */
export function formField(field: string): string {
  return field === 'suitableForSme' || field === 'suitableForVcse' ? 'suitability' : field
}

/** A plan's values for the change form. */
export function formValuesOf(plan: Plan): Record<string, unknown> {
  const division = plan.cpvCodes[0]?.slice(0, 2) ?? ''
  const [ay, am, ad] = plan.expectedAdvertDate.split('-')
  const [sy, sm, sd] = plan.expectedStartDate?.split('-') ?? []
  return {
    reference: plan.reference,
    title: plan.title,
    description: plan.description ?? '',
    department: plan.department ?? '',
    category: division,
    cpvCodes: plan.cpvCodes.filter((c) => c !== `${division}000000`).join(', '),
    estimatedValue: plan.estimatedValue ?? '',
    'expectedAdvertDate-day': String(Number(ad)),
    'expectedAdvertDate-month': String(Number(am)),
    'expectedAdvertDate-year': ay,
    'expectedStartDate-day': sd ? String(Number(sd)) : '',
    'expectedStartDate-month': sm ? String(Number(sm)) : '',
    'expectedStartDate-year': sy ?? '',
    procurementRoute: plan.procurementRoute ?? '',
    lots: plan.lots ?? '',
    suitability: [plan.suitableForSme && 'sme', plan.suitableForVcse && 'vcse'].filter(Boolean),
    contactName: plan.contactName ?? '',
    contactEmail: plan.contactEmail ?? '',
    status: plan.status,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Query strings of the lists: a filter that fails is reported and dropped, so the rest still applies.

const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
const lastOf = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value)
const field = <T extends z.ZodType>(schema: T) => z.preprocess((v) => blankAsAbsent(lastOf(v)), schema.optional())
const VALUE_BAND_IDS = VALUE_BANDS.map((b) => b.id) as [ValueBandId, ...ValueBandId[]]

const QUARTER = /^(\d{4})-(\d{2}) Q([1-4])$/

/** A quarter key ("2026-27 Q3") → its first and last days, or undefined when it is not one. */
export function quarterRange(key: string): { from: string; to: string } | undefined {
  const match = QUARTER.exec(key)
  if (!match) return undefined
  const startYear = Number(match[1])
  if ((startYear + 1) % 100 !== Number(match[2])) return undefined
  const q = Number(match[3])
  const month = (((q - 1) * 3 + 3) % 12) + 1
  const year = q === 4 ? startYear + 1 : startYear
  const { from, to } = pipelineQuarter(`${year}-${String(month).padStart(2, '0')}-01`)
  return { from, to }
}

export const listQuerySchema = z.object({
  status: field(z.enum(PLAN_STATUSES, 'Choose a status from the list')),
  department: field(z.string().trim().max(200, 'Choose a department from the list')),
  category: field(z.string().trim().max(200, 'Choose a category from the list')),
  quarter: field(
    z
      .string()
      .trim()
      .refine((v) => quarterRange(v) !== undefined, 'Choose a quarter from the list'),
  ),
})
export type ListQuery = z.infer<typeof listQuerySchema>

export const publicQuerySchema = z.object({
  category: field(z.string().trim().max(200, 'Choose a category from the list')),
  valueBand: field(z.enum(VALUE_BAND_IDS, 'Choose a value band from the list')),
  sme: field(z.enum(['yes'], 'Tick the box or leave it empty')),
  vcse: field(z.enum(['yes'], 'Tick the box or leave it empty')),
})
export type PublicQuery = z.infer<typeof publicQuerySchema>

/** Reads a list's query string: each failing filter is reported for the error summary and left out. */
export function readQuery<S extends z.ZodObject>(
  schema: S,
  raw: unknown,
): { query: z.infer<S>; errors: FormErrors | undefined } {
  const input: Record<string, unknown> = { ...((raw ?? {}) as Record<string, unknown>) }
  const messages: Record<string, string> = {}
  let parsed = schema.safeParse(input)
  for (let round = 0; !parsed.success && round < 10; round++) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '')
      messages[name] ??= issue.message
      delete input[name]
    }
    parsed = schema.safeParse(input)
  }
  const query = (parsed.success ? parsed.data : schema.parse({})) as z.infer<S>
  const entries = Object.entries(messages)
  return {
    query,
    errors:
      entries.length > 0
        ? {
            list: entries.map(([name, text]) => ({ text, href: `#${name}` })),
            fields: Object.fromEntries(entries.map(([name, text]) => [name, { text }])),
          }
        : undefined,
  }
}

export const isPlanStatus = (value: string): value is PlanStatus => (PLAN_STATUSES as readonly string[]).includes(value)
