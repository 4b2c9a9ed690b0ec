import { describe, expect, it } from 'vitest'
import {
  flagsForLegalForm,
  formatOrgId,
  isVcse,
  LegalForm,
  mergeFlags,
  NO_FLAGS,
  normaliseCharityNumber,
  normaliseCompanyNumber,
  normaliseMutualsNumber,
  OrgIdScheme,
  orgIdsOf,
  parseLegalForm,
  parseOrgId,
} from './supplier.js'

describe('identifiers', () => {
  it.each([
    ['1234567', '01234567'],
    [' 0123 4567 ', '01234567'],
    ['sc12345', 'SC012345'],
    ['OC301234', 'OC301234'],
    ['NI012345', 'NI012345'],
    ['00000000', null],
    ['not a number', null],
    ['', null],
  ])('company number %j → %j', (text, expected) => {
    expect(normaliseCompanyNumber(text)).toBe(expected)
  })

  it.each([
    ['1089464', '1089464'],
    ['220949-1', '220949'],
    ['sc012345', 'SC012345'],
    ['NI100002', 'NIC100002'],
    ['12', null],
  ])('charity number %j → %j', (text, expected) => {
    expect(normaliseCharityNumber(text)).toBe(expected)
  })

  it('reads mutuals register numbers with or without the IP prefix', () => {
    expect(normaliseMutualsNumber('IP30245R')).toBe('30245R')
    expect(normaliseMutualsNumber('7595')).toBe('7595')
    expect(normaliseMutualsNumber('R0000123-4')).toBeNull()
  })

  it('formats and parses org-ids', () => {
    expect(formatOrgId(OrgIdScheme.Company, '01234567')).toBe('GB-COH-01234567')
    expect(parseOrgId('gb-coh-1234567')).toEqual({ scheme: 'GB-COH', id: '01234567' })
    expect(parseOrgId('GB-CHC-1089464')).toEqual({ scheme: 'GB-CHC', id: '1089464' })
    expect(parseOrgId('GB-MPR-30245R')).toEqual({ scheme: 'GB-MPR', id: '30245R' })
    expect(parseOrgId('GB-XYZ-1')).toBeNull()
    expect(parseOrgId('GB-COH-nonsense')).toBeNull()
    expect(parseOrgId('3f2a…')).toBeNull()
  })

  it('lists a supplier’s identifiers in org-id form, with the right charity scheme', () => {
    expect(orgIdsOf({ companyNumber: '01234567', charityNumber: '1089464', mutualsNumber: '30245R' })).toEqual([
      'GB-COH-01234567',
      'GB-CHC-1089464',
      'GB-MPR-30245R',
    ])
    expect(orgIdsOf({ companyNumber: null, charityNumber: 'SC012345', mutualsNumber: null })).toEqual([
      'GB-SC-SC012345',
    ])
  })
})

describe('legal forms', () => {
  it.each([
    ['Private Limited Company', LegalForm.PrivateLimited],
    ['PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)', LegalForm.PrivateLimited],
    ['Community Interest Company', LegalForm.Cic],
    ['CIC', LegalForm.Cic],
    ['Charitable Incorporated Organisation', LegalForm.Cio],
    ['Charitable company limited by guarantee', LegalForm.CharitableCompany],
    ['Society', LegalForm.RegisteredSociety],
    ['Industrial and Provident Society', LegalForm.RegisteredSociety],
    ['Company', LegalForm.PrivateLimited],
    ['LLP', LegalForm.Llp],
    ['Public Limited Company', LegalForm.PublicLimited],
    ['Local authority', LegalForm.PublicBody],
    ['Sole trader', LegalForm.SoleTrader],
    ['Unincorporated', LegalForm.Unincorporated],
    ['community-interest-company', LegalForm.Cic],
    ['Something else', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(parseLegalForm(text)).toBe(expected)
  })

  it('turns legal forms into flags', () => {
    expect(flagsForLegalForm(LegalForm.Cic)).toEqual({ isCic: true, isSocialEnterprise: true })
    expect(flagsForLegalForm(LegalForm.Cio)).toEqual({ isCharity: true })
    expect(flagsForLegalForm(LegalForm.RegisteredSociety)).toEqual({ isCoop: true })
    expect(flagsForLegalForm(LegalForm.PublicBody)).toEqual({ isPublicBody: true })
    expect(flagsForLegalForm(LegalForm.SoleTrader)).toEqual({ isIndividual: true })
    expect(flagsForLegalForm(null)).toEqual({})
  })

  it('merges flags from several sources, and counts VCSE', () => {
    const flags = mergeFlags({ isCharity: true }, { isCoop: false }, { isEmployeeOwned: true })
    expect(flags).toEqual({ ...NO_FLAGS, isCharity: true, isEmployeeOwned: true })
    expect(isVcse(flags)).toBe(true)
    expect(isVcse(mergeFlags({ isEmployeeOwned: true }))).toBe(false)
  })
})
