import { describe, expect, it } from 'vitest'
import {
  contractSpendPeriod,
  fromPence,
  linkedSupplierIds,
  spendAgainstContract,
  toPence,
} from './spend-against-contract.js'

describe('contractSpendPeriod', () => {
  it('runs from the start date to the current end date', () => {
    expect(
      contractSpendPeriod({ startDate: '2025-04-01', endDate: '2027-03-31', status: 'active' }, '2026-01-01'),
    ).toEqual({ from: '2025-04-01', to: '2027-03-31' })
  })

  it('runs to today without an end date, and not at all without a start date or when cancelled', () => {
    expect(contractSpendPeriod({ startDate: '2025-04-01', endDate: null, status: 'active' }, '2026-01-01')).toEqual({
      from: '2025-04-01',
      to: '2026-01-01',
    })
    expect(contractSpendPeriod({ startDate: null, endDate: '2027-01-01', status: 'active' }, '2026-01-01')).toBeNull()
    expect(
      contractSpendPeriod({ startDate: '2025-04-01', endDate: null, status: 'cancelled' }, '2026-01-01'),
    ).toBeNull()
  })
})

describe('linkedSupplierIds', () => {
  it('lists each linked supplier record once', () => {
    const s = (supplierId: string | null) => ({
      supplierId,
      name: 'x',
      companyNumber: null,
      charityNumber: null,
      otherRegistration: null,
      postcode: null,
      isSme: null,
      isVcse: null,
    })
    expect(linkedSupplierIds({ suppliers: [s('a'), s(null), s('b'), s('a')] })).toEqual(['a', 'b'])
  })
})

describe('pence', () => {
  it('reads and writes amounts exactly', () => {
    expect(toPence('1234.5')).toBe(123450n)
    expect(toPence('-0.01')).toBe(-1n)
    expect(toPence('99999999999999.99')).toBe(9999999999999999n)
    expect(fromPence(-123450n)).toBe('-1234.50')
    expect(fromPence(5n)).toBe('0.05')
    expect(() => toPence('12,00')).toThrow()
  })
})

describe('spendAgainstContract', () => {
  it('flags spend over the value, by how much', () => {
    expect(spendAgainstContract('100000.01', 3, '100000.00')).toEqual({
      spent: '100000.01',
      count: 3,
      value: '100000.00',
      overspend: true,
      overBy: '0.01',
      percentOfValue: 100,
    })
  })

  it('does not flag spend up to the value, or when the value is not known', () => {
    expect(spendAgainstContract('100000.00', 3, '100000').overspend).toBe(false)
    expect(spendAgainstContract('50000', 1, '200000').percentOfValue).toBe(25)
    expect(spendAgainstContract('500', 1, null)).toMatchObject({ overspend: false, value: null, percentOfValue: null })
    expect(spendAgainstContract('500', 1, '0')).toMatchObject({ overspend: true, percentOfValue: null })
  })
})
