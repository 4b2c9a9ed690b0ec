import { describe, expect, it } from 'vitest'
import {
  isRegisterHeader,
  mapRegisterColumns,
  REGISTER_COLUMNS,
  REGISTER_FIELDS,
  REGISTER_HEADERS,
  registerFieldOf,
} from './register-columns.js'

describe('register header recognition', () => {
  it('recognises every canonical header, so a cwb export imports again', () => {
    for (const field of REGISTER_FIELDS) expect(registerFieldOf(REGISTER_COLUMNS[field].header)).toBe(field)
    const { mapping, unused } = mapRegisterColumns([...REGISTER_HEADERS])
    expect(unused).toEqual([])
    expect(Object.keys(mapping)).toHaveLength(REGISTER_FIELDS.length)
  })

  it('reads the Transparency Code layout with the spellings councils use', () => {
    const { mapping } = mapRegisterColumns([
      'Reference No.',
      'Title',
      'Directorate',
      'Description of goods and/or services',
      'Supplier Name ',
      'Registered Company Number',
      'Contract Value (£)',
      'VAT that cannot be recovered',
      'Contract Start Date',
      'Contract End Date',
      'Review date',
      'Invitation to Quote or Tender',
      'SME (Y/N)',
      'VCSE (Y/N)',
    ])
    expect(mapping).toEqual({
      reference: 0,
      title: 1,
      department: 2,
      description: 3,
      supplierName: 4,
      companyNumber: 5,
      totalValue: 6,
      irrecoverableVat: 7,
      startDate: 8,
      endDate: 9,
      reviewDate: 10,
      procurementRoute: 11,
      sme: 12,
      vcse: 13,
    })
  })

  it('reads the LGA layout in CamelCase, snake_case and any order', () => {
    const { mapping, unused } = mapRegisterColumns([
      'OrganisationLabel',
      'OrganisationURI',
      'contract_reference_number',
      'OpenContractingID',
      'Title',
      'ContractStartDate',
      'ContractEndDate',
      'ContractValue',
      'SupplierName',
      'SupplierRegisteredCompanyNumber',
      'VCSESupplierType',
      'NominatedContactPointName',
    ])
    expect(mapping).toMatchObject({
      buyer: 0,
      reference: 2,
      ocid: 3,
      title: 4,
      startDate: 5,
      endDate: 6,
      totalValue: 7,
      supplierName: 8,
      companyNumber: 9,
      vcse: 10,
      ownerName: 11,
    })
    expect(unused).toEqual(['OrganisationURI'])
  })

  it('takes the first column when two name the same field, and reports the other as unused', () => {
    const { mapping, unused } = mapRegisterColumns(['Reference', 'Title', 'Value', 'Contract Value'])
    expect(mapping.totalValue).toBe(2)
    expect(unused).toEqual(['Contract Value'])
  })

  it('needs a reference, a title and one more field to call a row a header', () => {
    expect(isRegisterHeader(mapRegisterColumns(['Reference', 'Title', 'Supplier']).mapping)).toBe(true)
    expect(isRegisterHeader(mapRegisterColumns(['Reference', 'Title']).mapping)).toBe(false)
    expect(isRegisterHeader(mapRegisterColumns(['Contracts register 2025', '', '']).mapping)).toBe(false)
  })
})
