import { describe, expect, it } from 'vitest'
import { emptyContractDraft, type Contract } from './contract.js'
import { REGISTER_HEADERS, mapRegisterColumns, isRegisterHeader } from './register-columns.js'
import { exportVariationOf, exportViewOf, transparencyCsvHeader, transparencyCsvRow } from './transparency-csv.js'

const contract = (fields: Partial<Contract> = {}): Contract => ({
  ...emptyContractDraft('R-1', 'Grounds maintenance'),
  id: '00000000-0000-4000-8000-000000000001',
  organisationId: 'org-a',
  category: null,
  source: 'manual',
  version: 3,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-02-01T00:00:00Z'),
  ...fields,
})

const cell = (c: Contract, header: string, audience: 'public' | 'internal' = 'internal') =>
  transparencyCsvRow(exportViewOf(c, audience), { organisationName: 'Org A', audience, today: '2026-01-01' })[
    transparencyCsvHeader(audience).indexOf(header)
  ]

describe('transparencyCsvHeader', () => {
  it('uses the register importer’s own column names, so the importer recognises every field', () => {
    const header = transparencyCsvHeader('internal')
    const { mapping, unused } = mapRegisterColumns(header)
    expect(isRegisterHeader(mapping)).toBe(true)
    expect(Object.keys(mapping)).toHaveLength(REGISTER_HEADERS.length)
    expect(unused).toEqual([])
  })

  it('has no owner or postcode columns for the public', () => {
    expect(transparencyCsvHeader('public')).not.toEqual(
      expect.arrayContaining(['Contract Owner', 'Contract Owner Email', 'Supplier Postcode']),
    )
    expect(transparencyCsvHeader('internal')).toEqual(
      expect.arrayContaining(['Contract Owner', 'Contract Owner Email', 'Supplier Postcode']),
    )
  })
})

describe('transparencyCsvRow', () => {
  const suppliers = [
    {
      supplierId: null,
      name: 'A Ltd',
      companyNumber: '01234567',
      charityNumber: null,
      otherRegistration: null,
      postcode: 'N1 1AA',
      isSme: true,
      isVcse: null,
    },
    {
      supplierId: null,
      name: 'B Trust',
      companyNumber: null,
      charityNumber: '1123456',
      otherRegistration: null,
      postcode: null,
      isSme: null,
      isVcse: true,
    },
  ]

  it('keeps each supplier’s details in its own position, “Not known” holding the place of an unknown flag', () => {
    const c = contract({ suppliers })
    expect(cell(c, 'Supplier Name')).toBe('A Ltd; B Trust')
    expect(cell(c, 'Supplier Company Number')).toBe('01234567; ')
    expect(cell(c, 'Supplier Charity Number')).toBe('; 1123456')
    expect(cell(c, 'SME')).toBe('Yes; Not known')
    expect(cell(c, 'VCSE')).toBe('Not known; Yes')
    expect(cell(contract(), 'SME')).toBe('')
  })

  it('writes dates as YYYY-MM-DD, money as plain pounds and pence, and the route and status in words', () => {
    const c = contract({
      totalValue: '1234567.50',
      startDate: '2025-04-01',
      endDate: '2025-12-31',
      procurementRoute: 'framework',
      cpvCodes: ['77310000', '45112710'],
    })
    expect(cell(c, 'Total Value')).toBe('1234567.50')
    expect(cell(c, 'Start Date')).toBe('2025-04-01')
    expect(cell(c, 'Procurement Route')).toBe('Call-off from a framework')
    expect(cell(c, 'CPV Codes')).toBe('77310000; 45112710')
    expect(cell(c, 'Contract Status')).toBe('Ended')
    expect(cell(contract({ status: 'terminated' }), 'Contract Status')).toBe('Terminated')
  })

  it('leaves withheld fields blank for the public and names them, and never shows owners', () => {
    const c = contract({
      suppliers,
      totalValue: '50000.00',
      ownerEmail: 'owner@example.org',
      notes: 'note',
      confidentialFields: ['totalValue', 'suppliers'],
    })
    expect(cell(c, 'Total Value', 'public')).toBe('')
    expect(cell(c, 'Supplier Name', 'public')).toBe('')
    expect(cell(c, 'Withheld Fields', 'public')).toBe('suppliers; totalValue')
    const row = transparencyCsvRow(exportViewOf(c, 'public'), {
      organisationName: 'Org A',
      audience: 'public',
      today: '2026-01-01',
    })
    expect(row.join('|')).not.toMatch(/owner@example\.org|note|A Ltd|50000/)
    // The organisation's own export has everything, and says what is withheld from the public.
    expect(cell(c, 'Total Value')).toBe('50000.00')
    expect(cell(c, 'Contract Owner Email')).toBe('owner@example.org')
    expect(cell(c, 'Withheld Fields')).toBe('suppliers; totalValue')
  })
})

describe('exportVariationOf', () => {
  it('never carries who approved or recorded a variation', () => {
    const variation = {
      id: 'v1',
      contractId: 'c1',
      kind: 'variation' as const,
      variedOn: '2025-06-01',
      reason: 'More work',
      valueChange: '100.00',
      previousTotalValue: '900.00',
      newTotalValue: '1000.00',
      previousEndDate: null,
      newEndDate: null,
      previousReviewDate: null,
      newReviewDate: null,
      approvedBy: 'A Director',
      recordedBy: '00000000-0000-4000-8000-000000000009',
      createdAt: new Date(),
    }
    for (const audience of ['public', 'internal'] as const) {
      const v = exportVariationOf(contract(), variation, audience)
      expect(v).not.toHaveProperty('approvedBy')
      expect(v).not.toHaveProperty('recordedBy')
    }
    const withheld = exportVariationOf(contract({ confidentialFields: ['totalValue'] }), variation, 'public')
    expect(withheld).toMatchObject({ valueChange: null, previousTotalValue: null, newTotalValue: null })
  })
})
