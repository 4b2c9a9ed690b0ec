import { describe, expect, it } from 'vitest'
import { emptyContractDraft, type Contract } from './contract.js'
import { applyVariation, type VariationInput } from './variation.js'

const base: Contract = {
  ...emptyContractDraft('C-1', 'Cleaning of council buildings'),
  totalValue: '120000.00',
  startDate: '2024-04-01',
  endDate: '2027-03-31',
  reviewDate: '2026-04-01',
  maxEndDate: '2029-03-31',
  id: '00000000-0000-0000-0000-000000000001',
  organisationId: 'org-a',
  category: null,
  source: 'manual',
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
}

const input = (over: Partial<VariationInput>): VariationInput => ({
  kind: 'variation',
  variedOn: '2026-01-10',
  reason: 'More sites',
  valueChange: '0.00',
  newEndDate: null,
  newReviewDate: null,
  approvedBy: 'Procurement board',
  ...over,
})

describe('applyVariation', () => {
  it('adds a value change to the total in exact pence', () => {
    const out = applyVariation({ ...base, totalValue: '0.10' }, input({ valueChange: '0.20' }))
    expect(out.ok && out.draft.totalValue).toBe('0.30')
    const cut = applyVariation(base, input({ valueChange: '-20000.01' }))
    expect(cut.ok && cut.record).toMatchObject({ previousTotalValue: '120000.00', newTotalValue: '99999.99' })
  })

  it('asks for something to change', () => {
    expect(applyVariation(base, input({}))).toEqual({
      ok: false,
      errors: { valueChange: 'Enter a change in value, a new end date or a new review date' },
    })
  })

  it('refuses a total below zero and a change to a contract with no value', () => {
    const below = applyVariation(base, input({ valueChange: '-120000.01' }))
    expect(below.ok || below.errors.valueChange).toMatch(/less than £0/)
    const none = applyVariation({ ...base, totalValue: null }, input({ valueChange: '10.00' }))
    expect(none.ok || none.errors.valueChange).toMatch(/no total value/)
  })

  it('extends to a later date within the extension options', () => {
    const out = applyVariation(base, input({ kind: 'extension', newEndDate: '2028-03-31', valueChange: '40000' }))
    expect(out.ok && out.draft).toMatchObject({ endDate: '2028-03-31', totalValue: '160000.00', status: 'active' })
    const early = applyVariation(base, input({ kind: 'extension', newEndDate: '2027-03-31' }))
    expect(early.ok || early.errors.newEndDate).toBe('New end date must be after the current end date, 31 March 2027')
    const far = applyVariation(base, input({ kind: 'extension', newEndDate: '2029-04-01' }))
    expect(far.ok || far.errors.newEndDate).toMatch(/latest end date the extension options allow, 31 March 2029/)
    const missing = applyVariation(base, input({ kind: 'extension' }))
    expect(missing.ok || missing.errors.newEndDate).toBe('Enter the new end date')
  })

  it('ends a contract early and marks it terminated', () => {
    const out = applyVariation(base, input({ kind: 'termination', newEndDate: '2026-06-30', valueChange: '-30000' }))
    expect(out.ok && out.draft).toMatchObject({ endDate: '2026-06-30', status: 'terminated', totalValue: '90000.00' })
    const later = applyVariation(base, input({ kind: 'termination', newEndDate: '2027-04-01' }))
    expect(later.ok || later.errors.newEndDate).toMatch(/on or before the current end date/)
    const more = applyVariation(base, input({ kind: 'termination', newEndDate: '2026-06-30', valueChange: '5' }))
    expect(more.ok || more.errors.valueChange).toMatch(/cannot add value/)
  })

  it('moves the latest end date when a variation goes beyond it, and refuses a stopped contract', () => {
    const out = applyVariation(base, input({ newEndDate: '2030-01-31' }))
    expect(out.ok && out.draft).toMatchObject({ endDate: '2030-01-31', maxEndDate: '2030-01-31' })
    const stopped = applyVariation({ ...base, status: 'terminated' }, input({ valueChange: '1' }))
    expect(stopped.ok || stopped.errors.kind).toMatch(/terminated/)
    const before = applyVariation(base, input({ variedOn: '2024-03-31', valueChange: '1' }))
    expect(before.ok || before.errors.variedOn).toMatch(/on or after the contract’s start date, 1 April 2024/)
  })
})
