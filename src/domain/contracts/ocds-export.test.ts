import { describe, expect, it } from 'vitest'
import { emptyContractDraft, type Contract, type ContractVariation } from './contract.js'
import {
  contractReleases,
  describeVariation,
  ocidOf,
  procurementCategoryOfCpv,
  prune,
  recordPackageText,
  releasePackageText,
  type OcdsExportContext,
} from './ocds-export.js'
import { exportVariationOf, exportViewOf } from './transparency-csv.js'

const contract = (fields: Partial<Contract> = {}): Contract => ({
  ...emptyContractDraft('R-1', 'Grounds maintenance'),
  id: '00000000-0000-4000-8000-000000000001',
  organisationId: 'org-a',
  category: null,
  source: 'manual',
  version: 1,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-02-01T10:20:30.456Z'),
  ...fields,
})

const variation = (fields: Partial<ContractVariation> = {}): ContractVariation => ({
  id: 'v1',
  contractId: '00000000-0000-4000-8000-000000000001',
  kind: 'variation',
  variedOn: '2025-06-01',
  reason: 'More sites',
  valueChange: '0.00',
  previousTotalValue: null,
  newTotalValue: null,
  previousEndDate: null,
  newEndDate: null,
  previousReviewDate: null,
  newReviewDate: null,
  approvedBy: null,
  recordedBy: null,
  createdAt: new Date('2025-06-01T09:00:00Z'),
  ...fields,
})

const ctx = (audience: 'public' | 'internal'): OcdsExportContext => ({
  audience,
  ocidPrefix: 'ocds-abc123',
  organisation: { id: 'org-a', name: 'Org A', orgIdentifier: null },
  packageUri: 'https://cwb.example.org/x.json',
  publisherUri: null,
  publicationPolicy: null,
  publishedDate: '2025-06-01T09:00:00Z',
  today: '2025-07-01',
})

describe('ocidOf', () => {
  it('keeps a contract’s own ocid and otherwise prefixes its id', () => {
    expect(ocidOf({ ocid: 'ocds-b5fd17-1', id: 'x' }, 'ocds-abc123')).toBe('ocds-b5fd17-1')
    expect(ocidOf({ ocid: null, id: 'x' }, 'ocds-abc123')).toBe('ocds-abc123-x')
  })
})

describe('procurementCategoryOfCpv', () => {
  it('reads goods, works and services from the CPV division', () => {
    expect(procurementCategoryOfCpv('45210000')).toBe('works')
    expect(procurementCategoryOfCpv('30200000')).toBe('goods')
    expect(procurementCategoryOfCpv('48000000')).toBe('goods')
    expect(procurementCategoryOfCpv('85000000')).toBe('services')
    expect(procurementCategoryOfCpv('50000000')).toBe('services')
  })
})

describe('describeVariation', () => {
  it('says what changed, in words, with signed money', () => {
    expect(
      describeVariation(
        variation({
          kind: 'extension',
          previousEndDate: '2026-03-31',
          newEndDate: '2027-03-31',
          previousTotalValue: '100000.00',
          newTotalValue: '95000.50',
          valueChange: '-4999.50',
        }),
      ),
    ).toBe(
      'Extension: end date changed from 2026-03-31 to 2027-03-31; total value changed from £100,000.00 to £95,000.50 (−£4,999.50).',
    )
    expect(describeVariation(variation({ kind: 'termination' }))).toBe('Termination.')
    expect(describeVariation(variation({ newReviewDate: '2026-01-01' }))).toBe(
      'Variation: review date set to 2026-01-01.',
    )
  })
})

describe('prune', () => {
  it('drops nulls, blanks and empty objects and arrays but keeps false and zero', () => {
    expect(prune({ a: null, b: '', c: [], d: {}, e: { f: null }, g: false, h: 0, i: [null, 1] })).toEqual({
      g: false,
      h: 0,
      i: [1],
    })
  })
})

describe('contractReleases', () => {
  it('gives an amendment release per variation before the current state, each with a stable id', () => {
    const c = contract({ totalValue: '1000.00', startDate: '2025-01-01', endDate: '2026-12-31' })
    const v = variation({ previousTotalValue: '800.00', newTotalValue: '1000.00', valueChange: '200.00' })
    const releases = contractReleases(
      { contract: exportViewOf(c, 'internal'), variations: [exportVariationOf(c, v, 'internal')] },
      ctx('internal'),
    )
    expect(releases.map((r) => [r.id, r.date, r.tag])).toEqual([
      [`ocds-abc123-${c.id}-amendment-v1`, '2025-06-01T00:00:00Z', ['contractAmendment']],
      [`ocds-abc123-${c.id}-20250201T102030456Z`, '2025-06-01T00:00:00Z', ['award', 'contract']],
    ])
  })

  it('never writes a withheld value, supplier or reason, not even as zero or blank', () => {
    const c = contract({
      totalValue: '1000.00',
      procurementRoute: 'direct',
      directAwardReason: 'Only one provider',
      suppliers: [
        {
          supplierId: null,
          name: 'Hidden Ltd',
          companyNumber: '01234567',
          charityNumber: null,
          otherRegistration: null,
          postcode: null,
          isSme: true,
          isVcse: null,
        },
      ],
      confidentialFields: ['totalValue', 'suppliers', 'directAwardReason'],
    })
    const v = variation({ previousTotalValue: '800.00', newTotalValue: '1000.00', valueChange: '200.00' })
    const text = JSON.stringify(
      contractReleases(
        { contract: exportViewOf(c, 'public'), variations: [exportVariationOf(c, v, 'public')] },
        ctx('public'),
      ),
    )
    expect(text).not.toMatch(/Hidden|01234567|Only one provider|"amount"|"value"|"suppliers"|"supplier"/)
    expect(text).toContain('"procurementMethod":"direct"')
  })
})

describe('releasePackageText and recordPackageText', () => {
  it('write a package a release or record at a time, as one valid JSON document', () => {
    const inputs = ['1', '2'].map((n) => {
      const c = contract({ id: `00000000-0000-4000-8000-00000000000${n}`, totalValue: '10.00' })
      return { contract: exportViewOf(c, 'public'), variations: [] }
    })
    const releases = [...releasePackageText(inputs, ctx('public'))]
    expect(releases).toHaveLength(4)
    const pkg = JSON.parse(releases.join(''))
    expect(pkg).toMatchObject({ uri: 'https://cwb.example.org/x.json', version: '1.1' })
    expect(pkg.releases.map((r: { tag: string[] }) => r.tag)).toEqual([
      ['award', 'contract'],
      ['award', 'contract'],
    ])
    const records = JSON.parse([...recordPackageText(inputs, ctx('public'))].join(''))
    expect(records.records.map((r: { ocid: string }) => r.ocid)).toEqual(
      inputs.map((i) => `ocds-abc123-${i.contract.id}`),
    )
    expect(JSON.parse([...releasePackageText([], ctx('public'))].join('')).releases).toEqual([])
  })
})
