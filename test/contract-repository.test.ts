// The register's one write path: contracts with parties, search vectors that respect confidentiality, variations.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  findContract,
  findContractByReference,
  insertContract,
  insertVariation,
  listVariations,
  updateContract,
} from '../src/db/repositories/contract.repository.js'
import { emptyContractDraft, parseContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import { toPublicContract } from '../src/domain/contracts/public-view.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

let t: TestDb
let orgId: string

beforeAll(async () => {
  t = await createTestDb()
  const services = await createTestServices(t)
  orgId = 'islington'
  await services.organisations.add(SYSTEM_ACTOR, { id: orgId, name: 'Islington', type: 'council', home: ['E09000019'] })
})
afterAll(() => t.destroy())

function draft(overrides: Partial<ContractDraft>): ContractDraft {
  const parsed = parseContractDraft({ ...emptyContractDraft('R-1', 'Grounds maintenance'), ...overrides })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return parsed.data
}

async function publicMatches(term: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from contract where search_public @@ plainto_tsquery('english', ${term})`.execute(t.db)
  return r.rows[0]!.n
}

describe('contract repository', () => {
  it('saves a contract with suppliers and lots, and keeps withheld fields out of public search', async () => {
    const id = await insertContract(t.db, {
      organisationId: orgId,
      actorUserId: null,
      source: 'manual',
      draft: draft({
        reference: 'ISL-001',
        description: 'Mowing of parks and verges',
        totalValue: '125000',
        cpvCodes: ['77310000-6'],
        confidentialFields: ['suppliers'],
        suppliers: [
          {
            supplierId: null,
            name: 'Greenfingers Cooperative Ltd',
            companyNumber: null,
            charityNumber: null,
            otherRegistration: null,
            postcode: 'N1 1AA',
            isSme: true,
            isVcse: true,
          },
        ],
        lots: [{ lotNumber: '1', title: 'Parks', description: null, value: '100000' }],
      }),
    })
    const saved = await findContract(t.db, orgId, id)
    expect(saved?.totalValue).toBe('125000.00')
    expect(saved?.cpvCodes).toEqual(['77310000'])
    expect(saved?.category).toBe('Agricultural, forestry, horticultural, aquacultural and apicultural services')
    expect(saved?.suppliers.map((s) => s.name)).toEqual(['Greenfingers Cooperative Ltd'])
    expect(saved?.lots[0]?.value).toBe('100000.00')
    expect(toPublicContract(saved!).suppliers).toEqual([])
    expect(await publicMatches('mowing')).toBe(1)
    expect(await publicMatches('greenfingers')).toBe(0)

    expect(
      await updateContract(t.db, id, {
        organisationId: orgId,
        actorUserId: null,
        source: 'manual',
        expectedVersion: 1,
        draft: draft({ ...saved!, confidentialFields: [] }),
      }),
    ).toBe(true)
    expect(await publicMatches('greenfingers')).toBe(1)
    // A stale version is refused.
    expect(
      await updateContract(t.db, id, {
        organisationId: orgId,
        actorUserId: null,
        source: 'manual',
        expectedVersion: 1,
        draft: draft({ ...saved! }),
      }),
    ).toBe(false)
    expect((await findContractByReference(t.db, orgId, 'ISL-001'))?.version).toBe(2)

    await insertVariation(t.db, {
      contractId: id,
      kind: 'extension',
      variedOn: '2026-01-10',
      reason: 'Option taken',
      valueChange: '25000.00',
      previousTotalValue: '125000.00',
      newTotalValue: '150000.00',
      previousEndDate: '2026-03-31',
      newEndDate: '2027-03-31',
      previousReviewDate: null,
      newReviewDate: null,
      approvedBy: 'Director of Environment',
      recordedBy: null,
    })
    expect((await listVariations(t.db, id)).map((v) => v.valueChange)).toEqual(['25000.00'])
  })

  it('refuses a direct award without a reason and an end before the start', () => {
    const parsed = parseContractDraft({
      ...emptyContractDraft('R-2', 'X'),
      procurementRoute: 'direct',
      startDate: '2026-02-01',
      endDate: '2026-01-01',
    })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['directAwardReason', 'endDate'])
  })
})
