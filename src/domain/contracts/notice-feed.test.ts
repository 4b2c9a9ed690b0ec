import { describe, expect, it } from 'vitest'
import { interpretNotice, isNoticeFeed, splitAwardedSuppliers } from './notice-feed.js'

const notice = (over: object = {}) => ({
  id: '8ebf71a6-05d5-472e-aabf-2a732ef1cb6c',
  title: 'Padiham Town Hall - Repairs and Refurbishment',
  description: 'General building and repair works',
  organisation: 'Burnley Borough Council',
  status: 'awarded',
  notice_type: 'Contract',
  awarded_date: '2017-02-23',
  value_low: 300000,
  value_high: 0,
  awarded_value: 729152.35,
  awarded_supplier: 'B&amp;E Boys Ltd',
  awarded_to_sme: true,
  cpv_codes: '45000000',
  postcode: '',
  ...over,
})

describe('the Contracts Finder notice feed', () => {
  it('turns an awarded notice into a contract, decoding entities', () => {
    const outcome = interpretNotice(notice(), 1)
    expect(outcome.kind).toBe('contract')
    if (outcome.kind !== 'contract') return
    expect(outcome.draft).toMatchObject({
      reference: '8ebf71a6-05d5-472e-aabf-2a732ef1cb6c',
      totalValue: '729152.35',
      cpvCodes: ['45000000'],
      notes: 'Awarded on 2017-02-23 (Contracts Finder notice)',
    })
    expect(outcome.draft.suppliers.map((s) => [s.name, s.isSme])).toEqual([['B&E Boys Ltd', true]])
    expect(outcome.buyer).toBe('Burnley Borough Council')
  })

  it('knows "NOT AWARDED TO SUPPLIER" is no supplier and 0 is an unknown value', () => {
    const outcome = interpretNotice(notice({ awarded_supplier: 'NOT AWARDED TO SUPPLIER', awarded_value: 0 }), 2)
    expect(outcome.kind === 'contract' && [outcome.draft.suppliers, outcome.draft.totalValue]).toEqual([[], null])
  })

  it('skips notices that were not awarded, with the reason', () => {
    expect(interpretNotice(notice({ status: 'closed' }), 3)).toMatchObject({
      kind: 'skipped',
      reason: 'Not awarded: the notice is closed, not a contract',
    })
  })

  it('leaves out other buyers when filtered', () => {
    expect(interpretNotice(notice(), 4, { buyer: 'chorley' })).toEqual({ kind: 'left-out', position: 4 })
    expect(interpretNotice(notice(), 4, { buyer: 'BURNLEY' }).kind).toBe('contract')
  })

  it('splits several suppliers on commas, but not before a bare legal suffix', () => {
    expect(splitAwardedSuppliers('A E Yates,J D R Construction &amp; Groundwork Ltd,Smith, Ltd')).toEqual([
      'A E Yates',
      'J D R Construction & Groundwork Ltd',
      'Smith, Ltd',
    ])
  })

  it('recognises the feed', () => {
    expect(isNoticeFeed({ meta: {}, contracts: [notice()] })).toBe(true)
    expect(isNoticeFeed({ releases: [] })).toBe(false)
  })
})
