// The demo place's contracts registers: 80 contracts for the council and 30 each for the trust and the college,
// let to the suppliers each body pays most, so a contract's page shows real payments against its value. Start dates
// are fixed (before the demo's payment year); end and review dates are counted from the day the demo is loaded, so
// some contracts are always due soon, some reviews overdue, and a few contracts have just ended. Some contracts have
// variations, extensions or an early end, and a few withhold commercially confidential fields. Deterministic: the same
// seed and day give the same register.
import type { Actor } from '../domain/audit/audit.js'
import type { ConfidentialField, ContractDraft, ProcurementRoute, VariationKind } from '../domain/contracts/contract.js'
import { emptyContractDraft } from '../domain/contracts/contract.js'
import { addDays, addMonths, daysBetween } from '../domain/contracts/due.js'
import type { Services } from '../services.js'
import { Category, DEMO_SEED, mulberry32, sizeBandOf, type DemoPlaceData, type Rng } from './demo-data.js'

/** What each kind of supplier is contracted for: a title, its CPV code, and the department that buys it. */
const WORK: Record<Category, { title: string; cpv: string; department: string }[]> = {
  [Category.Construction]: [
    { title: 'Responsive housing repairs', cpv: '45453000', department: 'Housing' },
    { title: 'Kitchen and bathroom replacement programme', cpv: '45421151', department: 'Housing' },
    { title: 'Roof renewal works', cpv: '45261000', department: 'Estates' },
    { title: 'Footway and carriageway resurfacing', cpv: '45233223', department: 'Environment' },
  ],
  [Category.Facilities]: [
    { title: 'Integrated facilities management', cpv: '79993000', department: 'Estates' },
    { title: 'Lift and escalator maintenance', cpv: '50750000', department: 'Estates' },
    { title: 'Grounds maintenance', cpv: '77314000', department: 'Environment' },
  ],
  [Category.SocialCare]: [
    { title: 'Home care and support', cpv: '85312000', department: 'Adults Social Care' },
    { title: 'Supported living services', cpv: '85311000', department: 'Adults Social Care' },
    { title: 'Family support and early help', cpv: '85312310', department: "Children's Services" },
  ],
  [Category.It]: [
    { title: 'Case management system licences and support', cpv: '48000000', department: 'Resources' },
    { title: 'Network and telephony managed service', cpv: '72700000', department: 'Resources' },
    { title: 'Laptop and device supply', cpv: '30213100', department: 'Resources' },
  ],
  [Category.Catering]: [
    { title: 'School and staff catering', cpv: '55523100', department: 'Resources' },
    { title: 'Hospitality and events catering', cpv: '55520000', department: 'Resources' },
  ],
  [Category.Professional]: [
    { title: 'Legal services panel', cpv: '79100000', department: 'Resources' },
    { title: 'Internal audit services', cpv: '79212200', department: 'Resources' },
  ],
  [Category.Energy]: [
    { title: 'Electricity supply', cpv: '09310000', department: 'Estates' },
    { title: 'Gas supply', cpv: '09123000', department: 'Estates' },
  ],
  [Category.Transport]: [
    { title: 'Home to school transport', cpv: '60130000', department: "Children's Services" },
    { title: 'Fleet hire and maintenance', cpv: '50110000', department: 'Environment' },
  ],
  [Category.Printing]: [{ title: 'Print and mailing services', cpv: '79800000', department: 'Resources' }],
  [Category.Cleaning]: [
    { title: 'Office and building cleaning', cpv: '90910000', department: 'Estates' },
    { title: 'Waste collection and recycling', cpv: '90511000', department: 'Environment' },
  ],
  [Category.Security]: [{ title: 'Security guarding and key holding', cpv: '79713000', department: 'Estates' }],
  [Category.Consultancy]: [
    { title: 'Regeneration advisory services', cpv: '79411000', department: 'Place' },
    { title: 'Organisational development support', cpv: '79414000', department: 'Resources' },
  ],
  [Category.Medical]: [
    { title: 'Medical consumables', cpv: '33140000', department: 'Clinical Services' },
    { title: 'Wound care products', cpv: '33141110', department: 'Clinical Services' },
  ],
}

const ORGANISATIONS = [
  { id: 'islington-council', prefix: 'LBI-C', contracts: 80, domain: 'islington-council' },
  { id: 'islington-health', prefix: 'ICH-C', contracts: 30, domain: 'islington-health' },
  { id: 'islington-college', prefix: 'ICOL-C', contracts: 30, domain: 'islington-college' },
] as const

/** Named contract managers for the bodies whose people have no demo account. */
const MANAGERS = ['Amara Okafor', 'Tom Barker', 'Priya Shah', 'Niamh Kelly', 'Samuel Mensah', 'Grace Liu']

const DIRECT_REASONS = [
  'Extreme urgency after the previous supplier went into administration',
  'Only one supplier can maintain the installed system without voiding its warranty',
]

/** Frameworks a body would call off for each kind of work; kinds without one are tendered. */
const FRAMEWORKS: Partial<Record<Category, string>> = {
  [Category.Construction]: 'London Construction Programme Major Works Framework',
  [Category.Facilities]: 'Crown Commercial Service RM6232 Facilities Management and Workplace Services',
  [Category.Cleaning]: 'Crown Commercial Service RM6232 Facilities Management and Workplace Services',
  [Category.Security]: 'Crown Commercial Service RM6232 Facilities Management and Workplace Services',
  [Category.Energy]: 'YPO Energy Framework',
  [Category.It]: 'Crown Commercial Service RM6098 Technology Products and Associated Services',
  [Category.Medical]: 'NHS Supply Chain Clinical Consumables Framework',
  [Category.Professional]: 'Crown Commercial Service RM6179 Legal Services Panel',
}

export type DemoContract = {
  organisationId: string
  draft: ContractDraft
  /** A change recorded after the contract is added. */
  change?: { kind: VariationKind; variedOn: string; valueChange: string; newEndDate: string | null; reason: string }
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!
const pounds = (n: number) => (Math.round(n / 100) * 100).toFixed(2)

function routeFor(rng: Rng, value: number, i: number, category: Category): ProcurementRoute {
  if (i % 29 === 7) return 'direct'
  if (value < 25_000) return 'quotation'
  if (value > 1_000_000 && rng() < 0.3) return 'competitive'
  if (FRAMEWORKS[category] && rng() < 0.5) return 'framework'
  return rng() < 0.8 ? 'open' : 'restricted'
}

/**
 * The demo register for every organisation. `today` is the demo's day (ISO); `owners` are the accounts that may own
 * contracts, by organisation.
 */
export function demoContracts(
  data: DemoPlaceData,
  supplierIds: readonly string[],
  today: string,
  owners: ReadonlyMap<string, readonly string[]>,
  seed = DEMO_SEED,
): DemoContract[] {
  const rng = mulberry32(seed + 7)
  const out: DemoContract[] = []
  for (const org of ORGANISATIONS) {
    // The suppliers this body paid, most paid first, with what it paid them.
    const paid = new Map<number, number>()
    for (const p of data.payments)
      if (p.organisationId === org.id && p.supplierIndex !== null && p.amountPence > 0)
        paid.set(p.supplierIndex, (paid.get(p.supplierIndex) ?? 0) + p.amountPence)
    const top = [...paid.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])
    for (let i = 0; i < org.contracts; i++) {
      const [supplierIndex, paidPence] = top[i % top.length]!
      const supplier = data.suppliers[supplierIndex]!
      const work = pick(rng, WORK[supplier.category])
      const startYear = 2023 + Math.floor(rng() * 2)
      const startDate = `${startYear}-${pick(rng, ['04-01', '07-01', '10-01'])}`
      // Where the end falls: one in six within the due-soon window, a few just ended, the rest years away.
      const slot = i % 12
      const plannedEnd =
        slot === 0 || slot === 6
          ? addDays(today, 20 + Math.floor(rng() * 250))
          : slot === 3 && i % 24 === 3
            ? addDays(today, -(5 + Math.floor(rng() * 60)))
            : addDays(today, 300 + Math.floor(rng() * 1100))
      const endDate = plannedEnd > startDate ? plannedEnd : addMonths(startDate, 36)
      // Payments cover one year: the annual value is about that, and the total that over the contract's years. One
      // contract in twelve is worth less than a year's payments, so the overspend flag shows.
      const years = Math.max(1, daysBetween(startDate, endDate) / 365.25)
      const annual = Math.max(6_000, (paidPence / 100) * (0.9 + rng() * 0.5))
      const value = i % 12 === 5 ? Math.max(5_000, (paidPence / 100) * 0.8) : annual * years
      const reviewDate =
        i % 10 === 4
          ? addDays(today, -(10 + Math.floor(rng() * 80))) // overdue
          : i % 4 === 1
            ? addDays(today, 15 + Math.floor(rng() * 240))
            : null
      const hasOption = rng() < 0.4
      const route = routeFor(rng, value, i, supplier.category)
      const band = sizeBandOf(supplier.employees, supplier.turnover)
      const vcse = supplier.isCharity || supplier.isCic || supplier.isSocialEnterprise || supplier.isCoop
      const orgOwners = owners.get(org.id) ?? []
      const manager = MANAGERS[i % MANAGERS.length]!
      const owner =
        i % 17 === 9
          ? {} // nobody: an outstanding action
          : orgOwners.length > 0 && i % 5 !== 2
            ? { ownerUserId: orgOwners[i % orgOwners.length]! }
            : {
                ownerName: manager,
                ownerEmail: `${manager.toLowerCase().replace(/[^a-z]+/g, '.')}@${org.domain}.demo.cwb.localhost`,
              }
      const confidential: ConfidentialField[] =
        i % 13 === 6 ? ['totalValue', 'annualValue'] : i % 19 === 11 ? ['suppliers', 'description'] : []
      const draft: ContractDraft = {
        ...emptyContractDraft(`${org.prefix}-${startYear}-${String(i + 1).padStart(3, '0')}`, work.title),
        description: `${work.title} for ${org.id === 'islington-council' ? 'the council' : org.id === 'islington-health' ? 'the trust' : 'the college'}, let to ${supplier.name}.`,
        department: work.department,
        ...owner,
        totalValue: pounds(value),
        annualValue: pounds(value / years),
        startDate,
        endDate,
        reviewDate: reviewDate && reviewDate > startDate ? reviewDate : null,
        extensionOptions: hasOption ? 'One optional extension of up to 24 months' : null,
        procurementRoute: route,
        directAwardReason: route === 'direct' ? pick(rng, DIRECT_REASONS) : null,
        frameworkName: route === 'framework' ? (FRAMEWORKS[supplier.category] ?? null) : null,
        cpvCodes: [work.cpv],
        confidentialFields: confidential,
        suppliers: [
          {
            supplierId: supplierIds[supplierIndex]!,
            name: supplier.name,
            companyNumber: supplier.companyNumber,
            charityNumber: supplier.charityNumber,
            otherRegistration: null,
            postcode: supplier.postcode,
            isSme: band === null ? null : band !== 'large',
            isVcse: vcse ? true : supplier.legalForm ? false : null,
          },
        ],
        lots:
          value > 1_500_000 && i % 3 === 0
            ? [
                {
                  lotNumber: '1',
                  title: `${work.title}: north of the borough`,
                  description: null,
                  value: pounds(value * 0.55),
                },
                {
                  lotNumber: '2',
                  title: `${work.title}: south of the borough`,
                  description: null,
                  value: pounds(value * 0.45),
                },
              ]
            : [],
      }
      draft.maxEndDate = hasOption && draft.endDate ? addMonths(draft.endDate, 24) : null
      out.push({ organisationId: org.id, draft, change: changeFor(i, draft, today, rng) })
    }
  }
  return out
}

/** Some contracts have had their value varied, some have been extended, and a few ended early. */
function changeFor(i: number, d: ContractDraft, today: string, rng: Rng): DemoContract['change'] {
  const variedOn = addMonths(d.startDate!, 12)
  if (variedOn > today) return undefined
  if (i % 37 === 20)
    return {
      kind: 'termination',
      variedOn,
      valueChange: '0.00',
      newEndDate: addMonths(d.startDate!, 18) < d.endDate! ? addMonths(d.startDate!, 18) : d.endDate!,
      reason: 'Ended by agreement after the service was brought in house',
    }
  if (d.maxEndDate && i % 3 === 0) {
    // Added with the original end date; the extension takes it to the date above, within the option.
    const extendedTo = d.endDate!
    d.endDate = addMonths(extendedTo, -12) > d.startDate! ? addMonths(extendedTo, -12) : extendedTo
    if (d.endDate === extendedTo) return undefined
    return {
      kind: 'extension',
      variedOn: d.endDate < today && addDays(d.endDate, -30) > d.startDate! ? addDays(d.endDate, -30) : variedOn,
      valueChange: pounds(Number(d.annualValue ?? '0')),
      newEndDate: extendedTo,
      reason: 'Extension option taken up: the service performs well and re-procurement is planned',
    }
  }
  if (i % 7 === 3)
    return {
      kind: 'variation',
      variedOn,
      valueChange: pounds(Number(d.totalValue) * (0.05 + rng() * 0.1)),
      newEndDate: null,
      reason: 'Additional sites brought into scope',
    }
  return undefined
}

/** Adds the demo registers through the contracts service, so they are validated and audited like any other. */
export async function loadDemoContracts(
  services: Services,
  actor: Actor,
  data: DemoPlaceData,
  supplierIds: readonly string[],
): Promise<number> {
  const today = services.contractRegister.today()
  const owners = new Map<string, string[]>()
  for (const org of ORGANISATIONS) {
    const people = await services.contracts.people(org.id)
    // Officers and administrators own contracts; analysts and viewers do not.
    owners.set(
      org.id,
      people.filter((p) => /^(officer|orgadmin)@/.test(p.email)).map((p) => p.id),
    )
  }
  const contracts = demoContracts(data, supplierIds, today, owners)
  for (const { organisationId, draft, change } of contracts) {
    const contract = await services.contracts.create(actor, organisationId, draft)
    if (!change) continue
    await services.contracts.vary(
      actor,
      organisationId,
      contract.id,
      { ...change, newReviewDate: null, approvedBy: 'Contracts and Procurement Board' },
      contract.version,
    )
  }
  return contracts.length
}
