import { describe, expect, it } from 'vitest'
import { contractOfProcess, readOcdsReleases, releasesOf, routeOf } from './ocds-read.js'

const supplierParty = {
  id: 'GB-COH-01234567',
  name: 'Acme Services Ltd',
  identifier: { scheme: 'GB-COH', id: '1234567', legalName: 'Acme Services Ltd' },
  address: { postalCode: ' n1 1aa' },
  details: { scale: 'sme', vcse: true },
  roles: ['supplier'],
}
const tender = (over: object = {}) => ({
  id: 'ISL-2025-001',
  title: 'Street cleansing',
  description: 'Cleansing of the borough’s streets',
  classification: { scheme: 'CPV', id: '90610000' },
  procurementMethod: 'open',
  procurementMethodDetails: 'Open procedure',
  ...over,
})
const award = (over: object = {}) => ({
  id: 'a1',
  status: 'active',
  value: { amount: 120000, currency: 'GBP' },
  suppliers: [{ id: 'GB-COH-01234567', name: 'Acme' }],
  contractPeriod: { startDate: '2025-04-01T00:00:00Z', endDate: '2027-03-31T23:59:59+01:00' },
  ...over,
})
const release = (over: object = {}) => ({
  ocid: 'ocds-abc-1',
  id: 'r1',
  date: '2025-03-01T10:00:00Z',
  tag: ['award'],
  buyer: { id: 'GB-LAE-ISL', name: 'London Borough of Islington' },
  parties: [supplierParty],
  tender: tender(),
  awards: [award()],
  ...over,
})

describe('OCDS packaging', () => {
  it('finds releases in packages, record packages, single records, arrays and single releases', () => {
    expect(releasesOf({ releases: [release(), release()] }, null)).toHaveLength(2)
    expect(releasesOf([release()], null)[0]!.where).toBe('release 1')
    expect(
      releasesOf({ records: [{ ocid: 'x', compiledRelease: release(), releases: [] }] }, 'r.json')[0],
    ).toMatchObject({ where: 'r.json, record 1' })
    expect(releasesOf({ ocid: 'x', compiledRelease: release(), releases: [{ url: 'linked' }] }, null)).toHaveLength(1)
    expect(releasesOf(release(), null)).toHaveLength(1)
    expect(releasesOf({ hello: 'world' }, null)).toEqual([])
  })
})

describe('a contracting process', () => {
  it('becomes a contract with its suppliers, SME and VCSE flags, value, period, CPV and route', () => {
    const result = contractOfProcess('ocds-abc-1', [release()])
    expect(result.kind).toBe('contract')
    if (result.kind !== 'contract') return
    expect(result.draft).toMatchObject({
      reference: 'ISL-2025-001',
      title: 'Street cleansing',
      totalValue: '120000.00',
      startDate: '2025-04-01',
      endDate: '2027-03-31',
      procurementRoute: 'open',
      cpvCodes: ['90610000'],
      ocid: 'ocds-abc-1',
      status: 'active',
    })
    expect(result.draft.suppliers).toEqual([
      {
        supplierId: null,
        name: 'Acme Services Ltd',
        companyNumber: '01234567',
        charityNumber: null,
        otherRegistration: null,
        postcode: 'N1 1AA',
        isSme: true,
        isVcse: true,
      },
    ])
  })

  it('lets the latest release win: a corrected award value replaces the first', () => {
    const first = release({ id: 'r1', date: '2025-03-11T10:01:01Z', awards: [award({ value: { amount: 10932000 } })] })
    const fix = release({ id: 'r2', date: '2025-03-11T10:32:13Z', awards: [award({ value: { amount: 109320 } })] })
    const merged = contractOfProcess('o', [first, fix])
    expect(merged.kind === 'contract' && merged.draft.totalValue).toBe('109320.00')
  })

  it('skips a process with no award, saying what notice it is', () => {
    expect(contractOfProcess('o', [release({ tag: ['tender'], awards: undefined })])).toEqual({
      kind: 'skipped',
      reason: 'No award: a tender notice, not a contract',
    })
  })

  it('reads OCDS 1.0 habits: integer ids, empty schemes, unknown values', () => {
    const old = release({
      tender: tender({ id: 1, procurementMethod: null, procurementMethodDetails: null }),
      parties: [{ id: 7, name: 'Old Firm', identifier: { scheme: '', id: '' }, roles: ['supplier'] }],
      awards: [award({ value: { amount: 0, currency: 'GBP' }, suppliers: [{ id: 7, name: 'Old Firm' }] })],
    })
    const merged = contractOfProcess('ocds-old-1', [old])
    expect(merged.kind).toBe('contract')
    if (merged.kind !== 'contract') return
    expect(merged.draft.reference).toBe('ocds-old-1')
    expect(merged.draft.totalValue).toBeNull()
    expect(merged.draft.suppliers[0]).toMatchObject({ name: 'Old Firm', companyNumber: null, isSme: null })
  })

  it('maps routes, with the direct award reason from the rationale or the details', () => {
    expect(
      routeOf(tender({ procurementMethod: 'selective', procurementMethodDetails: 'Restricted procedure' })),
    ).toEqual({
      route: 'restricted',
      reason: null,
    })
    expect(
      routeOf(tender({ procurementMethod: 'open', procurementMethodDetails: 'Call-off from a framework agreement' })),
    ).toEqual({ route: 'framework', reason: null })
    expect(
      routeOf(
        tender({ procurementMethod: 'limited', procurementMethodDetails: 'Single tender action (below threshold)' }),
      ),
    ).toEqual({ route: 'direct', reason: 'Single tender action (below threshold)' })
    expect(
      routeOf(
        tender({
          procurementMethod: 'direct',
          procurementMethodDetails: 'Direct award',
          procurementMethodRationale: 'Only one provider holds the licence',
        }),
      ),
    ).toEqual({ route: 'direct', reason: 'Only one provider holds the licence' })
  })
})

describe('contracts and awards', () => {
  it('prefers the contracts’ value and period to the award’s, and reads a terminated contract', () => {
    const merged = contractOfProcess('o', [
      release({
        contracts: [
          {
            id: 'c1',
            awardID: 'a1',
            status: 'terminated',
            value: { amount: 99000.5, currency: 'GBP' },
            period: { startDate: '2025-05-01', endDate: '2026-04-30', maxExtentDate: '2027-04-30' },
          },
        ],
      }),
    ])
    expect(merged.kind === 'contract' && merged.draft).toMatchObject({
      totalValue: '99000.50',
      startDate: '2025-05-01',
      endDate: '2026-04-30',
      maxEndDate: '2027-04-30',
      status: 'terminated',
    })
  })

  it('sums the awards of one release (lots) and lists every supplier once', () => {
    const merged = contractOfProcess('o', [
      release({
        awards: [award(), award({ id: 'a2', value: { amount: 30000.25, currency: 'GBP' } })],
      }),
    ])
    expect(merged.kind === 'contract' && [merged.draft.totalValue, merged.draft.suppliers.length]).toEqual([
      '150000.25',
      1,
    ])
  })

  it('keeps the first 50 suppliers of a process that names more, and says so', () => {
    const refs = Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, name: `Provider ${i}` }))
    const merged = contractOfProcess('o', [release({ parties: [], awards: [award({ suppliers: refs })] })])
    expect(merged.kind === 'contract' && [merged.draft.suppliers.length, merged.warning]).toEqual([
      50,
      '60 suppliers are named; the register keeps the first 50',
    ])
  })

  it('leaves out values in other currencies rather than calling them pounds', () => {
    const merged = contractOfProcess('o', [release({ awards: [award({ value: { amount: 5000, currency: 'EUR' } })] })])
    expect(merged.kind === 'contract' && merged.draft.totalValue).toBeNull()
  })
})

describe('reading releases', () => {
  it('says when a record only links to its releases', () => {
    const result = readOcdsReleases(
      releasesOf(
        { records: [{ ocid: 'x', releases: [{ url: 'https://example.org/r1.json', date: '2025-01-01' }] }] },
        null,
      ),
    )
    expect(result.withoutOcid[0]!.reason).toContain('links to a release (https://example.org/r1.json)')
  })

  it('merges releases by ocid and filters by buyer, counting the processes left out', () => {
    const result = readOcdsReleases(
      [
        { release: release({ ocid: 'a' }), position: 1, where: 'release 1' },
        { release: release({ ocid: 'a', id: 'r2' }), position: 2, where: 'release 2' },
        {
          release: release({ ocid: 'b', buyer: { id: 'X', name: 'Camden Council' } }),
          position: 3,
          where: 'release 3',
        },
      ],
      { buyer: 'islington' },
    )
    expect(result.leftOutByBuyer).toBe(1)
    expect(result.outcomes.map((o) => [o.kind, o.ocid])).toEqual([['contract', 'a']])
  })
})
