import { describe, expect, it } from 'vitest'
import { parseContractDraft, type Contract } from '../domain/contracts/contract.js'
import { addMonths, dueSoon, outstandingActions } from '../domain/contracts/due.js'
import { applyVariation } from '../domain/contracts/variation.js'
import { demoContracts } from './demo-contracts.js'
import { generateDemoPlace } from './demo-data.js'

const TODAY = '2026-11-22'
const data = generateDemoPlace()
const ids = data.suppliers.map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
const owners = new Map([['islington-council', ['11111111-1111-4111-8111-111111111111']]])
const contracts = demoContracts(data, ids, TODAY, owners)

const asContract = (c: (typeof contracts)[number], i: number): Contract => ({
  ...c.draft,
  id: `c-${i}`,
  organisationId: c.organisationId,
  category: null,
  source: 'manual',
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
})

/** A contract as the database holds it once its recorded change is applied. */
function asLoaded(c: (typeof contracts)[number], i: number): Contract {
  const contract = asContract(c, i)
  if (!c.change) return contract
  const outcome = applyVariation(contract, { ...c.change, newReviewDate: null, approvedBy: null })
  return outcome.ok ? { ...contract, ...outcome.draft } : contract
}

describe('the demo contracts registers', () => {
  it('has 80 contracts for the council and 30 each for the trust and the college, with unique references', () => {
    const count = (org: string) => contracts.filter((c) => c.organisationId === org).length
    expect([count('islington-council'), count('islington-health'), count('islington-college')]).toEqual([80, 30, 30])
    expect(new Set(contracts.map((c) => `${c.organisationId}/${c.draft.reference}`)).size).toBe(140)
  })

  it('is the same every time for the same day', () => {
    expect(demoContracts(data, ids, TODAY, owners)).toEqual(contracts)
  })

  it('passes the register’s own rules, and every recorded change applies', () => {
    contracts.forEach((c, i) => {
      const parsed = parseContractDraft(c.draft)
      expect(parsed.success, `${c.draft.reference}: ${parsed.error?.message}`).toBe(true)
      if (c.change) {
        const outcome = applyVariation(asContract(c, i), { ...c.change, newReviewDate: null, approvedBy: null })
        expect(outcome.ok, `${c.draft.reference}: ${JSON.stringify(!outcome.ok && outcome.errors)}`).toBe(true)
      }
    })
    const kinds = contracts.flatMap((c) => (c.change ? [c.change.kind] : []))
    expect(new Set(kinds)).toEqual(new Set(['variation', 'extension', 'termination']))
  })

  it('links every contract to a supplier the body paid, and some are worth less than a year’s payments', () => {
    let overspent = 0
    for (const c of contracts) {
      const index = ids.indexOf(c.draft.suppliers[0]!.supplierId!)
      const paid = data.payments
        .filter((p) => p.organisationId === c.organisationId && p.supplierIndex === index && p.amountPence > 0)
        .reduce((sum, p) => sum + p.amountPence, 0)
      expect(paid, c.draft.reference).toBeGreaterThan(0)
      if (Number(c.draft.totalValue) * 100 < paid) overspent++
    }
    expect(overspent).toBeGreaterThanOrEqual(6)
  })

  it('always has contracts due soon, overdue reviews, ended contracts and gaps to put right', () => {
    for (const org of ['islington-council', 'islington-health', 'islington-college']) {
      const mine = contracts.map(asLoaded).filter((c) => c.organisationId === org)
      const due = dueSoon(mine, TODAY, 9)
      expect(due.filter((d) => d.kind === 'end').length, org).toBeGreaterThanOrEqual(4)
      const outstanding = new Set(outstandingActions(mine, TODAY).map((a) => a.kind))
      expect(outstanding.has('overdue-review'), org).toBe(true)
      expect(outstanding.has('no-owner'), org).toBe(true)
    }
    const ended = contracts.filter((c) => c.draft.endDate! < TODAY && c.draft.endDate! >= addMonths(TODAY, -3))
    expect(ended.length).toBeGreaterThan(0)
    expect(contracts.filter((c) => c.draft.confidentialFields.length > 0).length).toBeGreaterThanOrEqual(8)
  })
})
