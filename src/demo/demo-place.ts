// The demo place: a council, an NHS trust and a college in Islington, a few hundred generated suppliers, a year of
// payments, and one sign-in account per role. Loaded on the first boot of an empty embedded database.
import { insertPayments, type NewPayment } from '../db/repositories/payment.repository.js'
import { insertSuppliers } from '../db/repositories/supplier.repository.js'
import type { MembershipRole } from '../domain/access/roles.js'
import { SYSTEM_ACTOR, type Actor } from '../domain/audit/audit.js'
import type { Services } from '../services.js'
import { loadDemoContracts } from './demo-contracts.js'
import { loadDemoPipeline } from './demo-pipeline.js'
import { loadDemoSocialValue } from './demo-social-value.js'
import {
  AreaKind,
  DEMO_ORGANISATIONS,
  DEMO_SEED,
  ISLINGTON,
  demoAccountSupplierIndex,
  generateDemoPlace,
  type DemoPlaceData,
} from './demo-data.js'

/** The password of every demo account. The demo is for trying cwb out on one machine, never for real data. */
export const DEMO_PASSWORD = 'demo-place-password'

export const DEMO_NETWORK = { id: 'islington-anchors', name: 'Islington Anchor Network' } as const

const DEMO_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'demo loader' }
const COUNCIL = 'islington-council'

/**
 * Real org-id identifiers where the demo body is a real one: Islington Council is ISL in the Local Authorities
 * (England) register. The demo trust and college are made up, so they have none.
 */
const DEMO_ORG_IDENTIFIERS: Readonly<Record<string, string>> = { 'islington-council': 'GB-LAE-ISL' }

export type DemoAccount = {
  email: string
  name: string
  role: MembershipRole | 'admin'
  /** The organisation the role is held in (org roles only). */
  organisation?: string
  /** Further organisations where the same role is granted. */
  alsoIn?: readonly string[]
  description: string
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'admin@demo.cwb.localhost',
    name: 'Demo Administrator',
    role: 'admin',
    description: 'Installation administrator: organisations, networks, people and roles',
  },
  {
    email: 'orgadmin@demo.cwb.localhost',
    name: 'Demo Organisation Administrator',
    role: 'org_admin',
    organisation: COUNCIL,
    description: "Organisation administrator at Islington Council: the council's people and settings",
  },
  {
    email: 'officer@demo.cwb.localhost',
    name: 'Demo Officer',
    role: 'officer',
    organisation: COUNCIL,
    description: 'Procurement and contract management officer at Islington Council',
  },
  {
    email: 'analyst@demo.cwb.localhost',
    name: 'Demo Analyst',
    role: 'analyst',
    organisation: COUNCIL,
    description: 'Community wealth analyst at Islington Council: loads payment files, works with the figures',
  },
  {
    email: 'viewer@demo.cwb.localhost',
    name: 'Demo Viewer',
    role: 'viewer',
    organisation: COUNCIL,
    description: 'Councillor or scrutiny member at Islington Council: reads everything, changes nothing',
  },
  {
    email: 'supplier@demo.cwb.localhost',
    name: 'Demo Supplier',
    role: 'supplier',
    description: 'Acts for one local small business in the supplier registry',
  },
  {
    email: 'network@demo.cwb.localhost',
    name: 'Demo Network Analyst',
    role: 'analyst',
    organisation: COUNCIL,
    alsoIn: ['islington-health', 'islington-college'],
    description: 'Analyst in all three Islington anchors: switches between organisations',
  },
]

export type DemoPlaceSummary = { organisations: string[]; suppliers: number; payments: number; accounts: number }

/**
 * Loads the demo place into a database with no organisations. Suppliers and payments go in one transaction; the
 * organisations, network and accounts go through the services, so they are validated and audited like any other.
 */
export async function loadDemoPlace(services: Services, options: { seed?: number } = {}): Promise<DemoPlaceSummary> {
  const data = generateDemoPlace(options.seed ?? DEMO_SEED)

  for (const org of DEMO_ORGANISATIONS)
    await services.organisations.add(DEMO_ACTOR, {
      id: org.id,
      name: org.name,
      type: org.type,
      home: [ISLINGTON],
      orgIdentifier: DEMO_ORG_IDENTIFIERS[org.id] ?? null,
    })
  const organisations = DEMO_ORGANISATIONS.map((o) => o.id)
  await services.organisations.addNetwork(DEMO_ACTOR, {
    ...DEMO_NETWORK,
    description: 'The council, the community health trust and the college, working together for Islington',
    memberIds: organisations,
  })

  const { supplierIds, payments } = await services.deps.db.transaction().execute(async (trx) => {
    const supplierIds = await insertSuppliers(trx, data.suppliers)
    const rows: NewPayment[] = data.payments.map(({ supplierIndex, amountPence: _pence, ...payment }) => ({
      ...payment,
      supplierId: supplierIndex === null ? null : supplierIds[supplierIndex]!,
    }))
    return { supplierIds, payments: await insertPayments(trx, rows) }
  })

  const supplierId = supplierIds[demoAccountSupplierIndex(data)]!
  for (const account of DEMO_ACCOUNTS) {
    const { user } = await services.users.add(DEMO_ACTOR, {
      email: account.email,
      name: account.name,
      role: account.role,
      organisationId: account.organisation,
      supplierId: account.role === 'supplier' ? supplierId : undefined,
      password: DEMO_PASSWORD,
    })
    if (account.role === 'admin' || account.role === 'supplier') continue
    for (const organisationId of account.alsoIn ?? [])
      await services.users.grant(DEMO_ACTOR, { userId: user.id, role: account.role, organisationId })
  }

  for (const answer of demoLm3Answers(data, demoAccountSupplierIndex(data)))
    await services.lm3.submit(DEMO_ACTOR, { ...answer, supplierId: supplierIds[answer.supplierIndex]! })

  await loadDemoContracts(services, DEMO_ACTOR, data, supplierIds)
  await loadDemoPipeline(services, DEMO_ACTOR)
  await loadDemoSocialValue(services, DEMO_ACTOR)

  await services.system.markDemoLoaded({ loadedAt: services.deps.clock.now().toISOString(), organisations })
  return { organisations, suppliers: supplierIds.length, payments, accounts: DEMO_ACCOUNTS.length }
}

const LM3_ANSWERS = 15

/**
 * LM3 survey answers for 2025-26 from the council's fifteen most often paid suppliers (not the demo supplier's own,
 * which is left for trying the survey out). Deterministic: the shares come from each supplier's index, a little
 * higher for suppliers in the home area, and never more than the whole income between local suppliers and staff.
 */
export function demoLm3Answers(data: DemoPlaceData, skip: number) {
  const counts = new Map<number, number>()
  for (const p of data.payments)
    if (p.organisationId === COUNCIL && p.supplierIndex !== null && p.supplierIndex !== skip)
      counts.set(p.supplierIndex, (counts.get(p.supplierIndex) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, LM3_ANSWERS)
    .map(([supplierIndex]) => {
      const local = data.suppliers[supplierIndex]!.area === AreaKind.Home ? 15 : 0
      const localSupplier = 10 + ((supplierIndex * 37) % 41) + local
      const staff = Math.min(20 + ((supplierIndex * 53) % 31), 100 - localSupplier)
      const localStaff = 20 + ((supplierIndex * 29) % 61) + local
      return {
        supplierIndex,
        organisationId: COUNCIL,
        periodStart: '2025-04-01',
        periodEnd: '2026-03-31',
        percentages: {
          localSupplierShare: String(localSupplier),
          staffCostShare: String(staff),
          localStaffShare: String(localStaff),
        },
      }
    })
}
