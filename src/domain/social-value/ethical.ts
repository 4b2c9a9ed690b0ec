// Ethical standards: what a supplier declares about how it works. Islington's Progressive Procurement Strategy
// 2020/27 (section C2, "Ethical standards") makes five mandatory and encourages charters such as the End Violence at
// Work Charter, Electronics Watch and the Safer Urban Driving scheme. A declaration holds for a year unless it says
// otherwise; a supplier's latest declaration of each standard is the one that counts.
import { addDays } from './period.js'

export const ETHICAL_STANDARDS = [
  {
    code: 'london-living-wage',
    name: 'London Living Wage, paid by the supplier and across its supply chain',
    mandatory: true,
    careOnly: false,
  },
  { code: 'no-blacklisting', name: 'No blacklisting of trade union members', mandatory: true, careOnly: false },
  {
    code: 'modern-slavery',
    name: 'Modern slavery statement, with a link and the year',
    mandatory: true,
    careOnly: false,
  },
  {
    code: 'ethical-care-charter',
    name: "UNISON's Ethical Care Charter (care providers)",
    mandatory: true,
    careOnly: true,
  },
  {
    code: 'no-damaging-products',
    name: 'No environmentally damaging products where a reasonable alternative exists',
    mandatory: true,
    careOnly: false,
  },
  { code: 'end-violence-at-work', name: 'End Violence at Work Charter', mandatory: false, careOnly: false },
  { code: 'electronics-watch', name: 'Electronics Watch affiliation', mandatory: false, careOnly: false },
  { code: 'safer-urban-driving', name: 'Safer Urban Driving', mandatory: false, careOnly: false },
] as const

export type EthicalStandardCode = (typeof ETHICAL_STANDARDS)[number]['code']
export const ETHICAL_STANDARD_CODES: readonly EthicalStandardCode[] = ETHICAL_STANDARDS.map((s) => s.code)

/** How long a declaration holds when it names no expiry. */
export const DEFAULT_DECLARATION_DAYS = 365

export type Declaration = {
  standard: EthicalStandardCode
  meets: boolean
  coversSupplyChain: boolean | null
  statementUrl: string | null
  statementYear: number | null
  evidenceUrl: string | null
  evidenceNote: string
  declaredOn: string
  expiresOn: string | null
}

/**
 * Whether a contract is for care, by its CPV codes: division 85 "Health and social work services", group 853
 * "Social work and related services" (85300000 and below, which includes home care). Such contracts' suppliers
 * must hold the Ethical Care Charter.
 */
export function isCareContract(cpvCodes: readonly string[]): boolean {
  return cpvCodes.some((c) => c.replace(/\D/g, '').startsWith('853'))
}

/** When a declaration stops holding: its own expiry, else a year after it was made. */
export function declarationExpiry(d: Pick<Declaration, 'declaredOn' | 'expiresOn'>): string {
  return d.expiresOn ?? addDays(d.declaredOn, DEFAULT_DECLARATION_DAYS)
}

/** What a declaration must contain beyond the standard itself; null when it is complete. */
export function declarationProblem(d: Declaration): string | null {
  if (!d.meets) return null
  if (d.standard === 'modern-slavery') {
    if (!d.statementUrl) return 'Enter the link to the modern slavery statement'
    if (!d.statementYear) return 'Enter the year of the modern slavery statement'
  }
  if (d.standard === 'london-living-wage' && d.coversSupplyChain === null)
    return 'Say whether the London Living Wage is paid across the supply chain'
  return null
}

export type StandardState = 'met' | 'missing' | 'expired' | 'not-met' | 'incomplete' | 'not-applicable'

export type StandardCheck = {
  code: EthicalStandardCode
  name: string
  mandatory: boolean
  applies: boolean
  state: StandardState
  expiresOn: string | null
  /** Why it is not met, in words, when it is not. */
  reason: string | null
}

/**
 * Each standard's state for a supplier on a day, from its declarations (any order; the latest made counts). The
 * Ethical Care Charter applies only to care providers. `flags` lists the mandatory standards that apply and are not
 * met, for warnings on the supplier's and its contracts' pages.
 */
export function checkEthicalStandards(
  declarations: readonly (Declaration & { createdAt?: string })[],
  context: { isCareProvider: boolean; today: string },
): { standards: StandardCheck[]; flags: StandardCheck[] } {
  const latest = new Map<string, Declaration & { createdAt?: string }>()
  for (const d of declarations) {
    const seen = latest.get(d.standard)
    const key = (x: Declaration & { createdAt?: string }) => `${x.declaredOn}|${x.createdAt ?? ''}`
    if (!seen || key(d) >= key(seen)) latest.set(d.standard, d)
  }
  const standards = ETHICAL_STANDARDS.map((s): StandardCheck => {
    const applies = !s.careOnly || context.isCareProvider
    const d = latest.get(s.code)
    const base = { code: s.code, name: s.name, mandatory: s.mandatory, applies }
    if (!applies) return { ...base, state: 'not-applicable', expiresOn: null, reason: null }
    if (!d) return { ...base, state: 'missing', expiresOn: null, reason: 'No declaration' }
    const expiresOn = declarationExpiry(d)
    if (!d.meets) return { ...base, state: 'not-met', expiresOn, reason: 'The supplier declared it does not meet this' }
    const problem = declarationProblem(d)
    if (problem) return { ...base, state: 'incomplete', expiresOn, reason: problem }
    if (s.code === 'london-living-wage' && d.coversSupplyChain === false)
      return { ...base, state: 'not-met', expiresOn, reason: 'Not paid across the supply chain' }
    if (expiresOn < context.today) return { ...base, state: 'expired', expiresOn, reason: `Expired on ${expiresOn}` }
    return { ...base, state: 'met', expiresOn, reason: null }
  })
  return { standards, flags: standards.filter((s) => s.mandatory && s.applies && s.state !== 'met') }
}
