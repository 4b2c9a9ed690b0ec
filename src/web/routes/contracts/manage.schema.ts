// The forms of the add, edit and vary journeys, checked with zod; messages in GOV.UK style. Each question page's
// schema turns its answers into the contract fields it owns.
import { z } from 'zod'
import {
  CONFIDENTIAL_FIELDS,
  PROCUREMENT_ROUTES,
  VARIATION_KINDS,
  type ConfidentialField,
  type ProcurementRoute,
} from '../../../domain/contracts/contract.js'
import { normaliseCpvCode } from '../../../domain/contracts/cpv.js'
import { asArray } from '../../support/forms.js'

const text = z.string().optional()

type Ctx = z.core.$RefinementCtx

/** A trimmed answer, or null when blank. */
export const blank = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null)

/** Pounds as the form gives them ("£12,500.50"), as a two-decimal string; undefined when not an amount. */
export function parsePounds(value: string, signed = false): string | undefined {
  const cleaned = value.replace(/[£,\s]/g, '')
  const pattern = signed ? /^[-+]?\d{1,16}(\.\d{1,2})?$/ : /^\d{1,16}(\.\d{1,2})?$/
  if (!pattern.test(cleaned)) return undefined
  const negative = cleaned.startsWith('-')
  const [whole = '0', fraction = ''] = cleaned.replace(/^[-+]/, '').split('.')
  const amount = `${BigInt(whole)}.${(fraction + '00').slice(0, 2)}`
  return negative && amount !== '0.00' ? `-${amount}` : amount
}

function money(ctx: Ctx, field: string, label: string, value: string | undefined, required: boolean, signed = false) {
  const v = blank(value)
  if (v === null) {
    if (required) ctx.addIssue({ code: 'custom', path: [field], message: `Enter the ${label}` })
    return null
  }
  const amount = parsePounds(v, signed)
  if (amount === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: signed
        ? `${capitalise(label)} must be an amount in pounds, like 25000 or -1500.50`
        : `${capitalise(label)} must be an amount in pounds, like 12500 or 12500.50`,
    })
    return null
  }
  return amount
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * A GOV.UK date input (name-day, name-month, name-year) as an ISO date, with the pattern's error messages: what is
 * missing, or that it is not a real date.
 */
export function govukDate(
  ctx: Ctx,
  field: string,
  label: string,
  values: Record<string, unknown>,
  required: boolean,
): string | null {
  const part = (p: string) => String(values[`${field}-${p}`] ?? '').trim()
  const [day, month, year] = [part('day'), part('month'), part('year')]
  const issue = (message: string) => (ctx.addIssue({ code: 'custom', path: [field], message }), null)
  if (!day && !month && !year) return required ? issue(`Enter the ${label}`) : null
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean) as string[]
  if (missing.length > 0)
    return issue(`${capitalise(label)} must include a ${missing.join(' and ').replace(/ and (?=.* and )/, ', ')}`)
  if (![day, month, year].every((p) => /^\d+$/.test(p))) return issue(`${capitalise(label)} must be a real date`)
  if (year.length !== 4) return issue(`Year must include 4 numbers`)
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  const parsed = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso)
    return issue(`${capitalise(label)} must be a real date`)
  return iso
}

/** The day, month and year of an ISO date, for filling a date input again. */
export function dateParts(field: string, iso: string | null): Record<string, string> {
  if (!iso) return {}
  const [y, m, d] = iso.split('-')
  return { [`${field}-day`]: String(Number(d)), [`${field}-month`]: String(Number(m)), [`${field}-year`]: y! }
}

const dateFields = (name: string) => ({ [`${name}-day`]: text, [`${name}-month`]: text, [`${name}-year`]: text })

export const aboutSchema = z
  .object({
    _csrf: text,
    reference: text,
    title: text,
    description: text,
    department: text,
    ownerUserId: text,
    ownerName: text,
    ownerEmail: text,
    notes: text,
  })
  .strict()
  .transform((f, ctx) => {
    const reference = blank(f.reference)
    const title = blank(f.title)
    if (!reference) ctx.addIssue({ code: 'custom', path: ['reference'], message: 'Enter the contract’s reference' })
    else if (reference.length > 100)
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'Reference must be 100 characters or fewer' })
    if (!title) ctx.addIssue({ code: 'custom', path: ['title'], message: 'Enter the contract’s title' })
    else if (title.length > 500)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'Title must be 500 characters or fewer' })
    const ownerUserId = blank(f.ownerUserId)
    if (ownerUserId && !z.uuid().safeParse(ownerUserId).success)
      ctx.addIssue({ code: 'custom', path: ['ownerUserId'], message: 'Choose the contract’s owner from the list' })
    const ownerEmail = blank(f.ownerEmail)
    if (ownerEmail && !z.email().safeParse(ownerEmail).success)
      ctx.addIssue({
        code: 'custom',
        path: ['ownerEmail'],
        message: 'Enter an email address in the correct format, like name@example.org',
      })
    return {
      reference: reference ?? '',
      title: title ?? '',
      description: blank(f.description),
      department: blank(f.department),
      ownerUserId,
      ownerName: ownerUserId ? null : blank(f.ownerName),
      ownerEmail: ownerUserId ? null : ownerEmail,
      notes: blank(f.notes),
    }
  })

export const valueSchema = z
  .object({
    _csrf: text,
    totalValue: text,
    annualValue: text,
    irrecoverableVat: text,
    extensionOptions: text,
    ...dateFields('startDate'),
    ...dateFields('endDate'),
    ...dateFields('reviewDate'),
    ...dateFields('maxEndDate'),
  })
  .strict()
  .transform((f, ctx) => {
    const values = f as Record<string, unknown>
    const out = {
      totalValue: money(ctx, 'totalValue', 'total value', f.totalValue, true),
      annualValue: money(ctx, 'annualValue', 'annual value', f.annualValue, false),
      irrecoverableVat: money(ctx, 'irrecoverableVat', 'irrecoverable VAT', f.irrecoverableVat, false),
      startDate: govukDate(ctx, 'startDate', 'start date', values, true),
      endDate: govukDate(ctx, 'endDate', 'end date', values, false),
      reviewDate: govukDate(ctx, 'reviewDate', 'review date', values, false),
      extensionOptions: blank(f.extensionOptions),
      maxEndDate: govukDate(ctx, 'maxEndDate', 'latest end date with extensions', values, false),
    }
    if (out.startDate && out.endDate && out.endDate < out.startDate)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'End date must be the same as or after the start date',
      })
    if (out.maxEndDate && !out.endDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'Enter the end date, as there is a latest end date' })
    if (out.endDate && out.maxEndDate && out.maxEndDate < out.endDate)
      ctx.addIssue({
        code: 'custom',
        path: ['maxEndDate'],
        message: 'Latest end date with extensions must be the same as or after the end date',
      })
    if (out.startDate && out.reviewDate && out.reviewDate < out.startDate)
      ctx.addIssue({ code: 'custom', path: ['reviewDate'], message: 'Review date must be after the start date' })
    return out
  })

export const procurementSchema = z
  .object({
    _csrf: text,
    procurementRoute: text,
    frameworkName: text,
    directAwardReason: text,
    cpvCodes: text,
  })
  .strict()
  .transform((f, ctx) => {
    const route = blank(f.procurementRoute)
    if (!route || !(PROCUREMENT_ROUTES as readonly string[]).includes(route))
      ctx.addIssue({ code: 'custom', path: ['procurementRoute'], message: 'Select how the contract was procured' })
    const directAwardReason = route === 'direct' ? blank(f.directAwardReason) : null
    if (route === 'direct' && !directAwardReason)
      ctx.addIssue({ code: 'custom', path: ['directAwardReason'], message: 'Enter the reason for the direct award' })
    const frameworkName = route === 'framework' ? blank(f.frameworkName) : null
    if (route === 'framework' && !frameworkName)
      ctx.addIssue({ code: 'custom', path: ['frameworkName'], message: 'Enter the name of the framework' })
    const cpvCodes: string[] = []
    for (const code of (f.cpvCodes ?? '').split(/[\s,;]+/).filter(Boolean)) {
      const normalised = normaliseCpvCode(code)
      if (!normalised) {
        ctx.addIssue({
          code: 'custom',
          path: ['cpvCodes'],
          message: `“${code}” is not a CPV code: enter 8 digits, like 45000000 or 90911200-8`,
        })
        break
      }
      if (!cpvCodes.includes(normalised)) cpvCodes.push(normalised)
    }
    return {
      procurementRoute: (route ?? null) as ProcurementRoute | null,
      frameworkName,
      directAwardReason,
      cpvCodes,
    }
  })

const yesNoUnknown = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : null)

export const supplierSchema = z
  .object({
    _csrf: text,
    supplierId: text,
    name: text,
    companyNumber: text,
    charityNumber: text,
    postcode: text,
    isSme: text,
    isVcse: text,
  })
  .strict()
  .transform((f, ctx) => {
    const name = blank(f.name)
    if (!name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter the supplier’s name' })
    const supplierId = blank(f.supplierId)
    if (supplierId && !z.uuid().safeParse(supplierId).success)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Find the supplier again' })
    const companyNumber = blank(f.companyNumber)?.toUpperCase() ?? null
    if (companyNumber && !/^[A-Z0-9]{1,8}$/.test(companyNumber))
      ctx.addIssue({
        code: 'custom',
        path: ['companyNumber'],
        message: 'Company number must be up to 8 letters and numbers, like 01234567 or SC123456',
      })
    const charityNumber = blank(f.charityNumber)
    if (charityNumber && charityNumber.length > 20)
      ctx.addIssue({
        code: 'custom',
        path: ['charityNumber'],
        message: 'Charity number must be 20 characters or fewer',
      })
    const postcode = blank(f.postcode)?.toUpperCase() ?? null
    if (postcode && postcode.length > 10)
      ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'Enter a real postcode, like N1 2UD' })
    return {
      supplierId,
      name: name ?? '',
      companyNumber,
      charityNumber,
      otherRegistration: null,
      postcode,
      isSme: yesNoUnknown(f.isSme),
      isVcse: yesNoUnknown(f.isVcse),
    }
  })

export const removeSchema = z.object({ _csrf: text, index: z.coerce.number().int().min(0) }).strict()

export const lotSchema = z
  .object({ _csrf: text, lotNumber: text, lotTitle: text, lotValue: text })
  .strict()
  .transform((f, ctx) => {
    const lotNumber = blank(f.lotNumber)
    const title = blank(f.lotTitle)
    if (!lotNumber) ctx.addIssue({ code: 'custom', path: ['lotNumber'], message: 'Enter the lot number' })
    else if (lotNumber.length > 20)
      ctx.addIssue({ code: 'custom', path: ['lotNumber'], message: 'Lot number must be 20 characters or fewer' })
    if (!title) ctx.addIssue({ code: 'custom', path: ['lotTitle'], message: 'Enter the lot’s title' })
    return {
      lotNumber: lotNumber ?? '',
      title: title ?? '',
      description: null,
      value: money(ctx, 'lotValue', 'lot’s value', f.lotValue, false),
    }
  })

export const confidentialSchema = z
  .object({ _csrf: text, confidentialFields: z.union([z.string(), z.array(z.string())]).optional() })
  .strict()
  .transform((f, ctx) => {
    const chosen = asArray(f.confidentialFields)
    const bad = chosen.filter((c) => !(CONFIDENTIAL_FIELDS as readonly string[]).includes(c))
    if (bad.length > 0)
      ctx.addIssue({ code: 'custom', path: ['confidentialFields'], message: 'Select from the fields listed' })
    return { confidentialFields: chosen.filter((c) => !bad.includes(c)) as ConfidentialField[] }
  })

export const emptyFormSchema = z.object({ _csrf: text }).strict()

export const varyKindSchema = z
  .object({ _csrf: text, kind: text })
  .strict()
  .transform((f, ctx) => {
    if (!f.kind || !(VARIATION_KINDS as readonly string[]).includes(f.kind))
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'Select what kind of change this is' })
    return { kind: f.kind as (typeof VARIATION_KINDS)[number] }
  })

export const varyDetailsSchema = z
  .object({
    _csrf: text,
    reason: text,
    approvedBy: text,
    valueChange: text,
    ...dateFields('variedOn'),
    ...dateFields('newEndDate'),
    ...dateFields('newReviewDate'),
  })
  .strict()
  .transform((f, ctx) => {
    const values = f as Record<string, unknown>
    const reason = blank(f.reason)
    if (!reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter the reason for the change' })
    else if (reason.length > 2000)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Reason must be 2,000 characters or fewer' })
    return {
      variedOn: govukDate(ctx, 'variedOn', 'date of the change', values, true) ?? '',
      reason: reason ?? '',
      approvedBy: blank(f.approvedBy),
      valueChange: money(ctx, 'valueChange', 'change in value', f.valueChange, false, true) ?? '0.00',
      newEndDate: govukDate(ctx, 'newEndDate', 'new end date', values, false),
      newReviewDate: govukDate(ctx, 'newReviewDate', 'new review date', values, false),
    }
  })

export const settingsSchema = z
  .object({ _csrf: text, reminderMonths: text, dueSoonMonths: text })
  .strict()
  .transform((f, ctx) => {
    const parts = (f.reminderMonths ?? '').split(/[\s,;]+/).filter(Boolean)
    const months = parts.map(Number)
    if (parts.length === 0)
      ctx.addIssue({ code: 'custom', path: ['reminderMonths'], message: 'Enter at least one lead time, like 9, 6, 3' })
    else if (months.some((m) => !Number.isInteger(m) || m < 1 || m > 36))
      ctx.addIssue({
        code: 'custom',
        path: ['reminderMonths'],
        message: 'Lead times must be whole numbers of months from 1 to 36, separated by commas, like 9, 6, 3',
      })
    const due = Number(blank(f.dueSoonMonths) ?? NaN)
    if (!Number.isInteger(due) || due < 1 || due > 36)
      ctx.addIssue({
        code: 'custom',
        path: ['dueSoonMonths'],
        message: 'Due soon window must be a whole number of months from 1 to 36',
      })
    return { reminderMonths: months, dueSoonMonths: due }
  })

/** A link to the first box of a date input with an error, as the error summary should give. */
export function dateErrorHref(field: string, message: string): string {
  if (/must include a month/.test(message)) return `#${field}-month`
  if (/must include a year|^Year must/.test(message)) return `#${field}-year`
  return `#${field}-day`
}

export const DATE_FIELDS = [
  'startDate',
  'endDate',
  'reviewDate',
  'maxEndDate',
  'variedOn',
  'newEndDate',
  'newReviewDate',
]
