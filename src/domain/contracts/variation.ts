// Varying a contract: a change in value or dates, an extension, or an early end. The rules that decide whether a
// variation makes sense and what the contract looks like after it. Pure: no I/O.
import { fromPence, toPence } from './spend-against-contract.js'
import type { Contract, ContractDraft, VariationKind } from './contract.js'

export const VARIATION_KIND_LABELS: Record<VariationKind, string> = {
  variation: 'Variation',
  extension: 'Extension',
  termination: 'Early end (termination)',
}

export const VARIATION_KIND_HINTS: Record<VariationKind, string> = {
  variation: 'A change to the value, the end date or the review date agreed with the supplier',
  extension: 'Taking up an option to extend: a new, later end date, and any added value',
  termination: 'The contract ends before its end date',
}

/** What an officer states about a variation. Money is a signed two-decimal string; dates are ISO. */
export type VariationInput = {
  kind: VariationKind
  variedOn: string
  reason: string
  /** Signed change in total value, e.g. "25000.00" or "-1500.00"; "0.00" for none. */
  valueChange: string
  newEndDate: string | null
  newReviewDate: string | null
  approvedBy: string | null
}

export type VariationOutcome =
  | {
      ok: true
      /** The contract as it stands after the variation. */
      draft: ContractDraft
      record: {
        previousTotalValue: string | null
        newTotalValue: string | null
        previousEndDate: string | null
        newEndDate: string | null
        previousReviewDate: string | null
        newReviewDate: string | null
      }
    }
  | { ok: false; errors: Record<string, string> }

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const longDate = (iso: string) => DATE_FORMAT.format(new Date(`${iso}T00:00:00Z`))

/**
 * Checks a variation against the contract and works out the contract after it. Every problem is reported against
 * the field that causes it, in words for the person who fixes it.
 */
export function applyVariation(contract: Contract, input: VariationInput): VariationOutcome {
  const errors: Record<string, string> = {}
  const change = toPence(input.valueChange)
  const end = contract.endDate
  if (contract.status !== 'active')
    errors.kind = `This contract is ${contract.status}: it cannot be varied. Edit it to change its details.`

  if (contract.startDate && input.variedOn < contract.startDate)
    errors.variedOn = `Date of the variation must be on or after the contract’s start date, ${longDate(contract.startDate)}`

  if (input.kind === 'variation' && change === 0n && !input.newEndDate && !input.newReviewDate)
    errors.valueChange = 'Enter a change in value, a new end date or a new review date'

  if (input.kind === 'extension') {
    if (!input.newEndDate) errors.newEndDate = 'Enter the new end date'
    else if (end && input.newEndDate <= end)
      errors.newEndDate = `New end date must be after the current end date, ${longDate(end)}`
    else if (contract.maxEndDate && input.newEndDate > contract.maxEndDate)
      errors.newEndDate = `New end date must be on or before the latest end date the extension options allow, ${longDate(contract.maxEndDate)}. Record a variation if the contract has been changed to allow more.`
  }

  if (input.kind === 'termination') {
    if (!input.newEndDate) errors.newEndDate = 'Enter the date the contract ends'
    else if (end && input.newEndDate > end)
      errors.newEndDate = `Date the contract ends must be on or before the current end date, ${longDate(end)}`
    if (change > 0n) errors.valueChange = 'An early end cannot add value: enter 0 or a reduction'
  }

  if (input.newEndDate && contract.startDate && input.newEndDate < contract.startDate && !errors.newEndDate)
    errors.newEndDate = `New end date must be on or after the start date, ${longDate(contract.startDate)}`

  let newTotal: string | null = contract.totalValue
  if (change !== 0n) {
    if (contract.totalValue === null)
      errors.valueChange = 'The contract has no total value to change: edit the contract to record its value first'
    else {
      const total = toPence(contract.totalValue) + change
      if (total < 0n)
        errors.valueChange = `The change would make the total value less than £0 (it is now £${contract.totalValue})`
      else newTotal = fromPence(total)
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }

  const newEnd = input.newEndDate ?? end
  const newReview = input.newReviewDate ?? contract.reviewDate
  const draft: ContractDraft = {
    ...pickDraft(contract),
    totalValue: newTotal,
    endDate: newEnd,
    reviewDate: newReview,
    // A variation that moves the end beyond the old latest end date moves that too; an early end keeps it.
    maxEndDate: contract.maxEndDate && newEnd && newEnd > contract.maxEndDate ? newEnd : contract.maxEndDate,
    status: input.kind === 'termination' ? 'terminated' : contract.status,
  }
  return {
    ok: true,
    draft,
    record: {
      previousTotalValue: contract.totalValue,
      newTotalValue: newTotal,
      previousEndDate: end,
      newEndDate: newEnd,
      previousReviewDate: contract.reviewDate,
      newReviewDate: newReview,
    },
  }
}

/** The stated fields of a contract, without what the database adds. */
export function pickDraft(c: Contract): ContractDraft {
  return {
    reference: c.reference,
    title: c.title,
    description: c.description,
    department: c.department,
    ownerUserId: c.ownerUserId,
    ownerName: c.ownerName,
    ownerEmail: c.ownerEmail,
    totalValue: c.totalValue,
    annualValue: c.annualValue,
    irrecoverableVat: c.irrecoverableVat,
    startDate: c.startDate,
    endDate: c.endDate,
    reviewDate: c.reviewDate,
    extensionOptions: c.extensionOptions,
    maxEndDate: c.maxEndDate,
    procurementRoute: c.procurementRoute,
    directAwardReason: c.directAwardReason,
    frameworkName: c.frameworkName,
    cpvCodes: [...c.cpvCodes],
    status: c.status,
    ocid: c.ocid,
    confidentialFields: [...c.confidentialFields],
    notes: c.notes,
    suppliers: c.suppliers.map((s) => ({ ...s })),
    lots: c.lots.map((l) => ({ ...l })),
  }
}
