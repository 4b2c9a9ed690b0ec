import { describe, expect, it } from 'vitest'
import { charityNumberOrgId, companyNumberOrgId, normaliseOrgId, parseOrgId } from './org-id.js'

describe('parseOrgId', () => {
  it('splits an identifier into the registry prefix and the registry’s own identifier', () => {
    expect(parseOrgId('GB-LAE-ISL')).toEqual({ ok: true, value: { scheme: 'GB-LAE', id: 'ISL' } })
    expect(parseOrgId(' gb-nhs-RKE ')).toEqual({ ok: true, value: { scheme: 'GB-NHS', id: 'RKE' } })
    expect(parseOrgId('GB-COH-01234567')).toEqual({ ok: true, value: { scheme: 'GB-COH', id: '01234567' } })
    expect(parseOrgId('GB-MPR-12345R')).toEqual({ ok: true, value: { scheme: 'GB-MPR', id: '12345R' } })
    expect(parseOrgId('XI-LEI-213800ABCDEF12345678')).toEqual({
      ok: true,
      value: { scheme: 'XI-LEI', id: '213800ABCDEF12345678' },
    })
  })

  it('takes the longest prefix, so GB-LANI is not GB-LAN', () => {
    expect(parseOrgId('GB-LANI-BEL')).toEqual({ ok: true, value: { scheme: 'GB-LANI', id: 'BEL' } })
  })

  it('refuses an unknown prefix, a missing value and blanks, saying what to write', () => {
    expect(parseOrgId('ISL')).toMatchObject({ ok: false, message: expect.stringContaining('GB-LAE') })
    expect(parseOrgId('US-EIN-123')).toMatchObject({ ok: false })
    expect(parseOrgId('GB-LAE-')).toMatchObject({ ok: false, message: expect.stringContaining('GB-LAE-') })
    expect(parseOrgId('GB-LAE-IS L')).toMatchObject({ ok: false })
    expect(parseOrgId('')).toMatchObject({ ok: false, message: 'Enter the organisation identifier, like GB-LAE-ISL' })
  })

  it('normalises case', () => {
    expect(normaliseOrgId('gb-lae-isl')).toBe('GB-LAE-ISL')
    expect(normaliseOrgId('nonsense')).toBeNull()
  })
})

describe('supplier registration numbers', () => {
  it('pads Companies House numbers to eight characters and keeps lettered prefixes', () => {
    expect(companyNumberOrgId('1234567')).toEqual({ scheme: 'GB-COH', id: '01234567' })
    expect(companyNumberOrgId('sc123456')).toEqual({ scheme: 'GB-COH', id: 'SC123456' })
    expect(companyNumberOrgId('458577871')).toBeNull()
    expect(companyNumberOrgId('N/A')).toBeNull()
  })

  it('files charities under the register they belong to', () => {
    expect(charityNumberOrgId('1123456')).toEqual({ scheme: 'GB-CHC', id: '1123456' })
    expect(charityNumberOrgId('1123456-1')).toEqual({ scheme: 'GB-CHC', id: '1123456' })
    expect(charityNumberOrgId('SC012345')).toEqual({ scheme: 'GB-SC', id: 'SC012345' })
    expect(charityNumberOrgId('NIC100002')).toEqual({ scheme: 'GB-NIC', id: '100002' })
    expect(charityNumberOrgId('pending')).toBeNull()
  })
})
