import { describe, expect, it } from 'vitest'
import { mapVendorColumns, parseVendorRow, vendorRowKey } from './vendor-master.js'

const header = [
  '\uFEFFSupplier Name',
  'Company No.',
  'Charity number',
  'Post code',
  'No. of employees',
  'Annual turnover',
  'Legal form',
  'Charity',
  'CIC',
  'Co-operative',
  'Living Wage',
]

describe('mapVendorColumns', () => {
  it('finds columns by their usual names, whatever the case and punctuation', () => {
    expect(mapVendorColumns(header)).toEqual({
      name: 0,
      companyNumber: 1,
      charityNumber: 2,
      postcode: 3,
      employees: 4,
      turnover: 5,
      legalForm: 6,
      charity: 7,
      cic: 8,
      coop: 9,
      livingWage: 10,
    })
    expect(mapVendorColumns(['Vendor', 'CRN'])).toEqual({ name: 0, companyNumber: 1 })
  })
})

describe('parseVendorRow', () => {
  const mapping = mapVendorColumns(header)

  it('reads a full row', () => {
    const result = parseVendorRow(
      ['Hunslet Kitchen CIC', '7654321', '', 'ls10 1ab', '1,204', '£1.2m', 'CIC', 'no', 'yes', '', 'Y'],
      mapping,
    )
    expect(result).toEqual({
      ok: true,
      row: {
        name: 'Hunslet Kitchen CIC',
        normalisedName: 'hunslet kitchen',
        companyNumber: '07654321',
        charityNumber: null,
        postcode: 'LS10 1AB',
        employees: 1204,
        turnover: '1200000.00',
        legalForm: 'community-interest-company',
        flags: { isCic: true, isSocialEnterprise: true },
        livingWageAccredited: true,
      },
    })
  })

  it('gives every reason a row cannot be used', () => {
    const result = parseVendorRow(['', 'A1', '12', 'nowhere', '-3', 'lots', 'Trust fund', 'maybe', '', '', ''], mapping)
    expect(result).toEqual({
      ok: false,
      reasons: [
        'Supplier name is missing',
        'Company number "A1" is not a Companies House number',
        'Charity number "12" is not a charity number',
        'Postcode "nowhere" is not a UK postcode',
        'Employees must be a whole number, not "-3"',
        'Turnover must be an amount in pounds, not "lots"',
        'Legal form "Trust fund" is not one cwb recognises',
        'Charity must be yes or no, not "maybe"',
      ],
    })
  })

  it('keys a row by company number, then charity number, then name', () => {
    const row = (cells: string[]) => {
      const r = parseVendorRow(cells, mapping)
      if (!r.ok) throw new Error(r.reasons.join())
      return r.row
    }
    expect(vendorRowKey(row(['A Ltd', '1', '', '', '', '', '', '', '', '', '']))).toBe('company:00000001')
    expect(vendorRowKey(row(['A Trust', '', '1100001', '', '', '', '', '', '', '', '']))).toBe('charity:1100001')
    expect(vendorRowKey(row(['The A Trust', '', '', '', '', '', '', '', '', '', '']))).toBe('name:a trust')
  })
})
