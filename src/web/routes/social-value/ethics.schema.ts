// The declaration form and the overview's query string, checked with zod; messages in GOV.UK style. What a
// declaration must hold depends on the standard (a statement link and year for modern slavery, the supply chain for
// the London Living Wage), so the rules are built for the standard being declared.
import { z } from 'zod'
import { ETHICAL_STANDARD_CODES, type EthicalStandardCode } from '../../../domain/social-value/ethical.js'
import type { DeclarationInput } from '../../../services/sv-ethics.service.js'
import type { FormErrors } from '../../support/forms.js'
import { blank, govukDate } from '../contracts/manage.schema.js'

const text = z.string().optional()
const dateFields = (name: string) => ({ [`${name}-day`]: text, [`${name}-month`]: text, [`${name}-year`]: text })

/** The shape every declaration form has; the rules come from `declarationRules`. */
export const declarationFormSchema = z
  .object({
    _csrf: text,
    supplierId: text,
    meets: text,
    coversSupplyChain: text,
    statementUrl: text,
    statementYear: text,
    evidenceUrl: text,
    evidenceNote: text,
    ...dateFields('declaredOn'),
    ...dateFields('expiresOn'),
  })
  .strict()

export type DeclarationForm = z.infer<typeof declarationFormSchema>

const isLink = (value: string) => /^https?:\/\/\S+\.\S+$/i.test(value) && URL.canParse(value)
const LINK_MESSAGE = 'must be a full web address, starting https://'
const MAX_NOTE = 2000

/**
 * The rules for declaring `standard`, as of `today`: whether it is met, then what the standard needs, evidence (a
 * link or a description, or for modern slavery the statement), the date signed (not in the future) and an optional
 * expiry after it. The result is the service's input.
 */
export function declarationRules(standard: EthicalStandardCode, today: string, who: string) {
  return declarationFormSchema.transform((f, ctx): DeclarationInput => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (f.meets !== 'yes' && f.meets !== 'no') issue('meets', `Select whether ${who} meets this standard`)
    const meets = f.meets !== 'no'
    let coversSupplyChain: boolean | null = null
    if (standard === 'london-living-wage' && meets) {
      if (f.coversSupplyChain !== 'yes' && f.coversSupplyChain !== 'no')
        issue('coversSupplyChain', 'Select whether the London Living Wage is paid across the supply chain')
      coversSupplyChain = f.coversSupplyChain === 'yes'
    }
    let statementUrl: string | null = null
    let statementYear: number | null = null
    if (standard === 'modern-slavery' && meets) {
      statementUrl = blank(f.statementUrl)
      if (!statementUrl) issue('statementUrl', 'Enter the link to the modern slavery statement')
      else if (!isLink(statementUrl)) issue('statementUrl', `The link to the statement ${LINK_MESSAGE}`)
      const year = blank(f.statementYear)
      const latest = Number(today.slice(0, 4)) + 1
      if (!year) issue('statementYear', 'Enter the year of the statement')
      else if (!/^\d{4}$/.test(year) || Number(year) < 2015 || Number(year) > latest)
        issue('statementYear', `The year of the statement must be a year from 2015 to ${latest}, like 2025`)
      else statementYear = Number(year)
    }
    const evidenceUrl = blank(f.evidenceUrl)
    const evidenceNote = blank(f.evidenceNote) ?? ''
    if (evidenceUrl && !isLink(evidenceUrl)) issue('evidenceUrl', `The link to the evidence ${LINK_MESSAGE}`)
    if (evidenceNote.length > MAX_NOTE)
      issue('evidenceNote', `The description of the evidence must be ${MAX_NOTE} characters or fewer`)
    if (meets && standard !== 'modern-slavery' && !evidenceUrl && !evidenceNote)
      issue('evidenceUrl', 'Enter a link to the evidence or describe it')
    const declaredOn = govukDate(ctx, 'declaredOn', 'date signed', f, true)
    if (declaredOn && declaredOn > today) issue('declaredOn', 'The date signed must be today or in the past')
    const expiresOn = govukDate(ctx, 'expiresOn', 'expiry date', f, false)
    if (declaredOn && expiresOn && expiresOn <= declaredOn)
      issue('expiresOn', 'The expiry date must be after the date signed')
    return {
      standard,
      meets,
      coversSupplyChain,
      statementUrl,
      statementYear,
      evidenceUrl,
      evidenceNote,
      declaredOn: declaredOn ?? '',
      expiresOn,
    }
  })
}

/** Date inputs are linked from the error summary by their first box, as the GOV.UK date input pattern asks. */
export function linkDateFields(errors: FormErrors): FormErrors {
  return {
    ...errors,
    list: errors.list.map((e) =>
      e.href === '#declaredOn' || e.href === '#expiresOn' ? { ...e, href: `${e.href}-day` } : e,
    ),
  }
}

/** Which standard a page is about, from its address; undefined when there is no such standard. */
export function standardOf(value: string): EthicalStandardCode | undefined {
  return (ETHICAL_STANDARD_CODES as readonly string[]).includes(value) ? (value as EthicalStandardCode) : undefined
}

const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

/**
 * The overview's filters: whose suppliers (on active contracts, or also paid in the last year), which (all, or those
 * with a gap), which kind of gap, which standard, a name.
 */
export const overviewQuerySchema = z.object({
  scope: z.preprocess(blankAsAbsent, z.enum(['contracts', 'paid']).optional()).catch(undefined),
  show: z.preprocess(blankAsAbsent, z.enum(['flagged', 'all']).optional()).catch(undefined),
  state: z
    .preprocess(blankAsAbsent, z.enum(['missing', 'expired', 'not-met', 'incomplete']).optional())
    .catch(undefined),
  standard: z
    .preprocess(
      blankAsAbsent,
      z.enum(ETHICAL_STANDARD_CODES as [EthicalStandardCode, ...EthicalStandardCode[]]).optional(),
    )
    .catch(undefined),
  q: z.preprocess(blankAsAbsent, z.string().trim().max(200).optional()).catch(undefined),
})

export type OverviewQuery = z.infer<typeof overviewQuerySchema>

/** Which supplier a person acting for several suppliers means (a page's query string or the form). */
export const supplierQuerySchema = z.object({
  supplierId: z.preprocess(blankAsAbsent, z.uuid().optional()).catch(undefined),
})
