// The demo's social value: commitments on some of the council's contracts for the financial year 2025-26, quarterly
// returns from their suppliers (mostly accepted; queried, rejected, awaiting review, and some not made), and ethical
// standards declarations (some complete, some missing or lapsed). Deterministic: everything follows from the
// contracts' order by reference. Without demo contracts it adds nothing.
import { listActiveContractsWithLeadSupplier } from '../db/repositories/contract.repository.js'
import type { Actor } from '../domain/audit/audit.js'
import type { EthicalStandardCode } from '../domain/social-value/ethical.js'
import type { Services } from '../services.js'
import { syncShippedFrameworks } from '../services/sv-framework.service.js'

const COUNCIL = 'islington-council'
const CONTRACTS = 8
const QUARTERS = [
  { start: '2025-04-01', end: '2025-06-30' },
  { start: '2025-07-01', end: '2025-09-30' },
  { start: '2025-10-01', end: '2025-12-31' },
  { start: '2026-01-01', end: '2026-03-31' },
] as const

/** Which measures each contract commits to (by position), with a quarterly target. */
const PLANS: readonly (readonly [code: string, target: number])[][] = [
  [
    ['ISL-E1', 3],
    ['ISL-E2', 1],
    ['ISL-N1', 12],
  ],
  [
    ['ISL-E7', 40000],
    ['ISL-S1', 10],
  ],
  [
    ['ISL-E4', 2],
    ['ISL-N3', 250],
  ],
  [
    ['ISL-E6', 25000],
    ['ISL-N1', 8],
  ],
  [
    ['ISL-E1', 1.5],
    ['ISL-S2', 60],
  ],
  [
    ['ISL-E8', 15000],
    ['ISL-N2', 120],
  ],
  [
    ['ISL-E3', 4],
    ['ISL-E5', 2],
  ],
  [
    ['ISL-N4', 6],
    ['ISL-S3', 5],
  ],
]

/** Delivered as a share of target, by contract: some on target, some close, some well short. */
const DELIVERY = [1.15, 1.0, 0.85, 1.05, 0.7, 1.2, 0.5, 0.95]
/** A little variation between quarters. */
const QUARTER_VARIATION = [0, 0.05, -0.05, 0.1]

type Outcome = 'accepted' | 'queried' | 'rejected' | 'submitted' | 'none'

/** Most returns accepted; one queried and one rejected; some awaiting review; two not made for the last quarter. */
function outcomeOf(contract: number, quarter: number): Outcome {
  if (quarter === 1 && contract === 2) return 'queried'
  if (quarter === 1 && contract === 5) return 'rejected'
  if (quarter === 2 && contract === 6) return 'submitted'
  if (quarter === 3 && (contract === 4 || contract === 7)) return 'none'
  if (quarter === 3 && contract === 1) return 'submitted'
  return 'accepted'
}

const DECLARED: readonly EthicalStandardCode[] = [
  'london-living-wage',
  'no-blacklisting',
  'modern-slavery',
  'no-damaging-products',
]

export async function loadDemoSocialValue(
  services: Services,
  actor: Actor,
): Promise<{ commitments: number; returns: number }> {
  const db = services.deps.db
  await syncShippedFrameworks(db)
  const chosen = await listActiveContractsWithLeadSupplier(db, COUNCIL, CONTRACTS)
  if (chosen.length === 0) return { commitments: 0, returns: 0 }
  const measures = new Map((await services.svFrameworks.measures('islington-2020')).map((m) => [m.code, m.id]))
  let commitments = 0
  let returns = 0
  for (const [i, contract] of chosen.entries()) {
    const supplier: Actor = { userId: null, label: `demo supplier on ${contract.reference}` }
    for (const [code, target] of PLANS[i]!) {
      const measureId = measures.get(code)!
      for (const [q, quarter] of QUARTERS.entries()) {
        await services.svReturns.saveCommitment(actor, COUNCIL, {
          contractId: contract.id,
          measureId,
          periodStart: quarter.start,
          periodEnd: quarter.end,
          targetQuantity: String(target),
        })
        commitments++
        const outcome = outcomeOf(i, q)
        if (outcome === 'none') continue
        const share = DELIVERY[i % DELIVERY.length]! + QUARTER_VARIATION[q]!
        const actual = (Math.round(target * share * 1000) / 1000).toFixed(3)
        const made = await services.svReturns.submitReturn(supplier, contract.supplierId, {
          contractId: contract.id,
          measureId,
          periodStart: quarter.start,
          periodEnd: quarter.end,
          actualQuantity: actual,
          description: `Quarterly return for ${code}: records kept on file`,
          links: [
            {
              url: `https://supplier.example.org/${contract.reference.toLowerCase()}/${code.toLowerCase()}-q${q + 1}`,
              description: 'Evidence pack',
            },
          ],
        })
        returns++
        if (outcome === 'submitted') continue
        const comment =
          outcome === 'queried'
            ? 'Please give the home postcode district of each person counted'
            : outcome === 'rejected'
              ? 'The evidence is for a different contract'
              : null
        await services.svReturns.reviewReturn(actor, COUNCIL, { returnId: made.id, decision: outcome, comment })
      }
    }
  }
  // Declarations: the first suppliers declare everything, later ones leave gaps or let them lapse.
  const suppliers = [...new Set(chosen.map((c) => c.supplierId))]
  for (const [i, supplierId] of suppliers.entries()) {
    const supplier: Actor = { userId: null, label: 'demo supplier' }
    for (const [j, standard] of DECLARED.entries()) {
      if ((i + j) % 4 === 3) continue // missing
      const lapsed = i % 3 === 2 && j === 0
      await services.svEthics.declare(supplier, supplierId, {
        standard,
        coversSupplyChain: standard === 'london-living-wage' ? i % 5 !== 4 : null,
        statementUrl:
          standard === 'modern-slavery' ? `https://supplier.example.org/${i}/modern-slavery-statement` : null,
        statementYear: standard === 'modern-slavery' ? 2025 : null,
        evidenceNote: 'Declared on the supplier portal',
        declaredOn: lapsed ? '2024-05-01' : '2025-05-01',
        expiresOn: lapsed ? '2025-04-30' : '2027-04-30',
      })
    }
    if (i % 2 === 0)
      await services.svEthics.declare(supplier, supplierId, {
        standard: 'safer-urban-driving',
        declaredOn: '2025-06-01',
        expiresOn: '2027-05-31',
      })
  }
  // The council's targets for the year: a baseline it expects and a stretch it aims for, set from what was promised.
  const year = await services.svReport.report({ organisationId: COUNCIL }, { from: '2025-04-01', to: '2026-03-31' })
  const share = (percent: bigint) =>
    String(((BigInt(year.committed.amount.replace('.', '')) * percent) / 100n / 100_000n) * 1000n)
  await services.svTargets.save(actor, COUNCIL, '2025-26', [
    { scope: 'total', baseline: share(60n), stretch: share(90n) },
  ])
  return { commitments, returns }
}
