import { describe, expect, it } from 'vitest'
import { emptyContractDraft, type Contract, type ContractSupplier } from './contract.js'
import { mapRegisterColumns } from './register-columns.js'
import { exportViewOf, transparencyCsvHeader, transparencyCsvRow } from './transparency-csv.js'
import {
  cpvCodesOfCell,
  DIRECT_AWARD_REASON_NOT_STATED,
  interpretRegisterRow,
  parseFlag,
  routeFromText,
  splitCell,
} from './register-row.js'

const HEADER = [
  'Reference',
  'Title',
  'Supplier Name',
  'Company Number',
  'SME',
  'VCSE',
  'Total Value',
  'Start Date',
  'End Date',
  'Procurement Route',
  'CPV Codes',
  'Contract Status',
]
const { mapping } = mapRegisterColumns(HEADER)
const row = (values: Partial<Record<(typeof HEADER)[number], string>>) =>
  interpretRegisterRow(
    HEADER.map((h) => values[h] ?? ''),
    mapping,
  )

describe('a register row', () => {
  it('reads £ signs, thousands separators, dd/mm/yyyy dates, Y/N flags and CPV check digits', () => {
    const outcome = row({
      Reference: ' C-001 ',
      Title: 'Grounds maintenance',
      'Supplier Name': 'Green &amp; Sons Ltd',
      'Company Number': '1234567',
      SME: 'Y',
      VCSE: 'No',
      'Total Value': '£1,250,000.50',
      'Start Date': '01/04/2025',
      'End Date': '31-Mar-2028',
      'Procurement Route': 'Open tender',
      'CPV Codes': '77310000-6; 45112710-5',
    })
    expect(outcome.kind).toBe('contract')
    if (outcome.kind !== 'contract') return
    expect(outcome.draft).toMatchObject({
      reference: 'C-001',
      title: 'Grounds maintenance',
      totalValue: '1250000.50',
      startDate: '2025-04-01',
      endDate: '2028-03-31',
      procurementRoute: 'open',
      cpvCodes: ['77310000', '45112710'],
      status: 'active',
    })
    expect(outcome.draft.suppliers).toEqual([
      {
        supplierId: null,
        name: 'Green & Sons Ltd',
        companyNumber: '01234567',
        charityNumber: null,
        otherRegistration: null,
        postcode: null,
        isSme: true,
        isVcse: false,
      },
    ])
  })

  it('splits several suppliers in one cell, with their numbers and flags in the same order', () => {
    const outcome = row({
      Reference: 'F-9',
      Title: 'Framework lot 2',
      'Supplier Name': 'Alpha Ltd; Beta CIC | Gamma LLP',
      'Company Number': '01111111;02222222;03333333',
      SME: 'Yes',
      VCSE: 'No;Yes;No',
    })
    expect(outcome.kind).toBe('contract')
    if (outcome.kind !== 'contract') return
    expect(outcome.draft.suppliers.map((s) => [s.name, s.companyNumber, s.isSme, s.isVcse])).toEqual([
      ['Alpha Ltd', '01111111', true, false],
      ['Beta CIC', '02222222', true, true],
      ['Gamma LLP', '03333333', true, false],
    ])
  })

  it('rejects with every reason at once, naming the field and the value', () => {
    const outcome = row({
      Reference: 'X',
      Title: 'Bad row',
      'Total Value': 'about ten grand',
      'Start Date': '31/02/2024',
      SME: 'Maybe',
    })
    expect(outcome).toEqual({
      kind: 'rejected',
      reason: expect.stringContaining('Total value “about ten grand” is not an amount in pounds'),
    })
    if (outcome.kind !== 'rejected') return
    expect(outcome.reason).toContain('Start date “31/02/2024” is not a real date')
    expect(outcome.reason).toContain('SME “Maybe” is not Yes or No')
  })

  it('applies the contract rules: end before start, unknown CPV code, missing title', () => {
    const ends = row({ Reference: 'A', Title: 'T', 'Start Date': '2025-05-01', 'End Date': '2025-04-01' })
    expect(ends).toEqual({ kind: 'rejected', reason: 'End date must be the same as or after the start date' })
    const cpv = row({ Reference: 'A', Title: 'T', 'CPV Codes': 'widgets' })
    expect(cpv).toEqual({
      kind: 'rejected',
      reason: 'CPV codes: “widgets” is not a CPV code (8 digits, like 45000000)',
    })
    expect(row({ Reference: 'A' })).toEqual({ kind: 'rejected', reason: 'Title is missing' })
  })

  it('records a direct award without a published reason as not stated, and keeps a reason given in the route', () => {
    const bare = row({ Reference: 'D1', Title: 'T', 'Procurement Route': 'Direct award' })
    expect(bare.kind === 'contract' && bare.draft.directAwardReason).toBe(DIRECT_AWARD_REASON_NOT_STATED)
    const waiver = row({ Reference: 'D2', Title: 'T', 'Procurement Route': 'Waiver - sole supplier' })
    expect(waiver.kind === 'contract' && [waiver.draft.procurementRoute, waiver.draft.directAwardReason]).toEqual([
      'direct',
      'Waiver - sole supplier',
    ])
  })

  it('refuses more suppliers in one row than a contract can hold, saying how many', () => {
    const names = Array.from({ length: 51 }, (_, i) => `Firm ${i + 1} Ltd`).join('; ')
    expect(row({ Reference: 'M', Title: 'T', 'Supplier Name': names })).toEqual({
      kind: 'rejected',
      reason: '51 suppliers are named in one row; a contract can have at most 50',
    })
  })

  it('treats blank rows and repeated headers as no contract', () => {
    expect(row({})).toEqual({ kind: 'blank' })
    expect(interpretRegisterRow(HEADER, mapping)).toEqual({ kind: 'header' })
  })

  it('reads terminated and cancelled statuses; live and expired come from the dates', () => {
    const t = row({ Reference: 'S', Title: 'T', 'Contract Status': 'Terminated early' })
    expect(t.kind === 'contract' && t.draft.status).toBe('terminated')
    const l = row({ Reference: 'S', Title: 'T', 'Contract Status': 'Live' })
    expect(l.kind === 'contract' && l.draft.status).toBe('active')
  })
})

describe('cell readers', () => {
  it('reads flags', () => {
    expect(['Yes', 'Y', 'TRUE', '1', 'SME', 'micro'].map((t) => parseFlag(t))).toEqual(
      Array(6).fill({ ok: true, value: true }),
    )
    expect(['No', 'n', 'false', '0', 'Large'].map((t) => parseFlag(t))).toEqual(
      Array(5).fill({ ok: true, value: false }),
    )
    expect(parseFlag('')).toEqual({ ok: true, value: null })
    expect(parseFlag('perhaps')).toEqual({ ok: false })
  })

  it('maps route words to routes', () => {
    expect(routeFromText('Call-off from a framework agreement')).toBe('framework')
    expect(routeFromText('Competitive quotation (below threshold)')).toBe('quotation')
    expect(routeFromText('Single tender action (below threshold)')).toBe('direct')
    expect(routeFromText('Negotiated procedure without prior publication (above threshold)')).toBe('direct')
    expect(routeFromText('Restricted procedure')).toBe('restricted')
    expect(routeFromText('Competitive procedure with negotiation (above threshold)')).toBe('competitive')
    expect(routeFromText('Open procedure (above threshold)')).toBe('open')
    expect(routeFromText('Published invitation to tender')).toBe('open')
    expect(routeFromText('Not specified')).toBeNull()
    expect(routeFromText('Grant agreement')).toBe('other')
  })

  it('finds CPV codes however they are written', () => {
    expect(cpvCodesOfCell('45000000-7 - Construction work')).toEqual(['45000000'])
    expect(cpvCodesOfCell('http://cpv.data.ac.uk/code-72000000')).toEqual(['72000000'])
    expect(cpvCodesOfCell('77211300 77211400')).toEqual(['77211300', '77211400'])
    expect(splitCell('A;B | C\nD')).toEqual(['A', 'B', 'C', 'D'])
  })
})

describe('a register exported by cwb', () => {
  const contract = (over: Partial<Contract>): Contract => ({
    ...emptyContractDraft('R-1', 'Title'),
    id: '00000000-0000-4000-8000-000000000001',
    organisationId: 'org',
    category: null,
    source: 'manual',
    version: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  })
  const supplier = (over: Partial<ContractSupplier>): ContractSupplier => ({
    supplierId: null,
    name: 'Supplier Ltd',
    companyNumber: null,
    charityNumber: null,
    otherRegistration: null,
    postcode: null,
    isSme: null,
    isVcse: null,
    ...over,
  })
  const contracts = [
    contract({
      reference: 'ISL-100',
      title: 'Community meals',
      department: 'Adult Social Care',
      description: 'Meals on wheels; lunch clubs',
      totalValue: '310000.00',
      annualValue: '103333.33',
      irrecoverableVat: '0.00',
      startDate: '2025-10-01',
      endDate: '2028-09-30',
      reviewDate: '2027-09-30',
      extensionOptions: 'Two one-year extensions',
      maxEndDate: '2030-09-30',
      procurementRoute: 'direct',
      directAwardReason: 'Only provider in the borough',
      cpvCodes: ['55521100', '85311000'],
      ocid: 'ocds-abc-100',
      ownerName: 'A Officer',
      ownerEmail: 'a.officer@example.org',
      confidentialFields: ['annualValue', 'description'],
      suppliers: [
        supplier({ name: 'Catering CIC', charityNumber: null, companyNumber: null, isSme: true, isVcse: true }),
        supplier({ name: 'Angel Meals Limited', companyNumber: '01234567', postcode: 'N1 1AA', isSme: null }),
        supplier({ name: 'Mutual Co-op', otherRegistration: 'GB-MPR-1234R', isSme: false, isVcse: true }),
      ],
    }),
    contract({ reference: 'ISL-101', title: 'Grant agreement', procurementRoute: 'other', status: 'terminated' }),
  ]

  it('reads back what it wrote, field by field', () => {
    const header = transparencyCsvHeader('internal')
    const { mapping, unused } = mapRegisterColumns(header)
    expect(unused).toEqual([])
    for (const c of contracts) {
      const cells = transparencyCsvRow(exportViewOf(c, 'internal'), {
        organisationName: 'Islington Council',
        audience: 'internal',
        today: '2026-01-01',
      })
      const outcome = interpretRegisterRow(cells, mapping)
      expect(outcome.kind).toBe('contract')
      if (outcome.kind !== 'contract') continue
      const {
        id: _id,
        organisationId: _o,
        category: _c,
        source: _s,
        version: _v,
        createdAt: _a,
        updatedAt: _u,
        ...draft
      } = c
      expect(outcome.draft).toEqual({ ...draft, ownerUserId: null, notes: null, lots: [] })
      expect(outcome.buyer).toBe('Islington Council')
    }
  })
})
