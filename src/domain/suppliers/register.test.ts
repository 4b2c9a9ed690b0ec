import { describe, expect, it } from 'vitest'
import { registerIdentity, registerOrgId, supplierFromRegister, type RegisterRecord } from './register.js'
import { NO_FLAGS } from './supplier.js'

const record = (overrides: Partial<RegisterRecord>): RegisterRecord => ({
  register: 'company',
  key: '01234567',
  name: 'ACME WIDGETS LIMITED',
  normalisedName: 'acme widgets',
  postcode: null,
  companyNumber: '01234567',
  charityNumber: null,
  mutualsNumber: null,
  legalForm: 'Private Limited Company',
  status: 'Active',
  ownership: null,
  ...overrides,
})

describe('registerIdentity and registerOrgId', () => {
  it('treats records with the same company number as one organisation', () => {
    const charity = record({ register: 'charity', key: '1100001', charityNumber: '1100001', companyNumber: '1234567' })
    expect(registerIdentity(charity)).toBe(registerIdentity(record({})))
    expect(registerIdentity(record({ register: 'charity', key: '1100001', companyNumber: null }))).toBe(
      'charity:1100001',
    )
  })

  it('names a record by its org-id', () => {
    expect(registerOrgId(record({}))).toBe('GB-COH-01234567')
    expect(
      registerOrgId(record({ register: 'charity', key: '1100001', charityNumber: '1100001', companyNumber: null })),
    ).toBe('GB-CHC-1100001')
    expect(
      registerOrgId(record({ register: 'coop', key: 'R000123', companyNumber: null, mutualsNumber: 'IP30245R' })),
    ).toBe('GB-MPR-30245R')
    expect(registerOrgId(record({ register: 'coop', key: 'R000123', companyNumber: null }))).toBe('coop:R000123')
  })
})

describe('supplierFromRegister', () => {
  it('makes a company: official name, tidy postcode, legal form, no flags', () => {
    expect(supplierFromRegister([record({ postcode: 'ls14ap' })])).toEqual({
      name: 'ACME WIDGETS LIMITED',
      normalisedName: 'acme widgets',
      companyNumber: '01234567',
      charityNumber: null,
      mutualsNumber: null,
      postcode: 'LS1 4AP',
      legalForm: 'private-limited-company',
      flags: NO_FLAGS,
    })
  })

  it('reads a charitable company from its company and charity records together', () => {
    const s = supplierFromRegister([
      record({
        register: 'charity',
        key: '1100001',
        charityNumber: '1100001',
        name: 'Leeds Food Aid Trust',
        postcode: 'LS2 9AA',
      }),
      record({
        name: 'LEEDS FOOD AID TRUST',
        legalForm: 'PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)',
      }),
    ])
    expect(s).toMatchObject({
      name: 'LEEDS FOOD AID TRUST',
      charityNumber: '1100001',
      legalForm: 'charitable-company',
      postcode: 'LS2 9AA',
    })
    expect(s.flags.isCharity).toBe(true)
  })

  it('flags a co-operative, and a workers’ co-operative as employee-owned; a CIC as a social enterprise', () => {
    const coop = supplierFromRegister([
      record({ register: 'coop', key: 'R1', companyNumber: null, legalForm: 'Society', ownership: 'Workers' }),
    ])
    expect(coop).toMatchObject({
      legalForm: 'registered-society',
      flags: { ...NO_FLAGS, isCoop: true, isEmployeeOwned: true },
    })
    const cic = supplierFromRegister([record({ legalForm: 'Community Interest Company' })])
    expect(cic.flags).toMatchObject({ isCic: true, isSocialEnterprise: true })
  })

  it('needs a record', () => {
    expect(() => supplierFromRegister([])).toThrow()
  })
})
