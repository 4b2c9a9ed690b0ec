// A supplier: one record per real organisation (or sole trader) that anchors pay, however ledgers spell its name.
// Identifiers are shown in org-id.guide form (GB-COH company number, GB-CHC charity number, GB-MPR mutuals register
// number), and legal forms map to the flags the spend figures count (VCSE, social enterprise, co-operative …).
import { sizeBand, type SizeBand } from './size.js'

export const SupplierSource = {
  Manual: 'manual',
  Ledger: 'ledger',
  Register: 'register',
  VendorMaster: 'vendor-master',
} as const
export type SupplierSource = (typeof SupplierSource)[keyof typeof SupplierSource]

export type SupplierFlags = {
  isCharity: boolean
  isCic: boolean
  isSocialEnterprise: boolean
  isCoop: boolean
  isEmployeeOwned: boolean
  isPublicBody: boolean
  isIndividual: boolean
}
export type SupplierFlag = keyof SupplierFlags

export const FLAG_LABELS: Record<SupplierFlag, string> = {
  isCharity: 'Charity',
  isCic: 'Community interest company',
  isSocialEnterprise: 'Social enterprise',
  isCoop: 'Co-operative or mutual',
  isEmployeeOwned: 'Employee-owned',
  isPublicBody: 'Public body',
  isIndividual: 'Individual or sole trader',
}
export const SUPPLIER_FLAGS = Object.keys(FLAG_LABELS) as SupplierFlag[]

export const NO_FLAGS: SupplierFlags = {
  isCharity: false,
  isCic: false,
  isSocialEnterprise: false,
  isCoop: false,
  isEmployeeOwned: false,
  isPublicBody: false,
  isIndividual: false,
}

export type Supplier = {
  id: string
  name: string
  /** The name as matching compares it (normaliseSupplierName). */
  normalisedName: string
  companyNumber: string | null
  charityNumber: string | null
  mutualsNumber: string | null
  postcode: string | null
  /** ONS GSS code of the local authority district of the postcode. */
  districtCode: string | null
  /** Where the supplier trades from, when that differs from its registered address (e.g. from a vendor master). */
  tradingPostcode: string | null
  tradingDistrictCode: string | null
  overseas: boolean
  employees: number | null
  /** Annual turnover in pounds as a decimal string. */
  turnover: string | null
  legalForm: string | null
  flags: SupplierFlags
  livingWageAccredited: boolean
  category: string | null
  /** True when the record comes from an official register or a vendor master, not only from a ledger's spelling. */
  verified: boolean
  source: string
  sizeBand: SizeBand
}

/** Voluntary, community and social enterprise: charities, CICs, social enterprises and co-operatives. */
export function isVcse(flags: SupplierFlags): boolean {
  return flags.isCharity || flags.isCic || flags.isSocialEnterprise || flags.isCoop
}

export function sizeBandOfSupplier(s: Pick<Supplier, 'employees' | 'turnover'>): SizeBand {
  return sizeBand(s.employees, s.turnover)
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

export const OrgIdScheme = {
  Company: 'GB-COH',
  Charity: 'GB-CHC',
  ScottishCharity: 'GB-SC',
  NiCharity: 'GB-NIC',
  Mutual: 'GB-MPR',
} as const
export type OrgIdScheme = (typeof OrgIdScheme)[keyof typeof OrgIdScheme]
const SCHEMES = Object.values(OrgIdScheme) as string[]

const compact = (text: string) => text.toUpperCase().replace(/[\s.\-/]+/g, '')

/**
 * A Companies House number in its canonical 8-character form: digits padded with zeros ('123456' → '00123456'),
 * prefixed numbers padded after the prefix ('SC12345' → 'SC012345'). Null when it cannot be a company number.
 */
export function normaliseCompanyNumber(text: string | null | undefined): string | null {
  if (!text) return null
  const value = compact(text)
  if (/^\d{1,8}$/.test(value)) return /^0+$/.test(value) ? null : value.padStart(8, '0')
  const prefixed = /^([A-Z]{2})(\d{1,6})$/.exec(value)
  if (prefixed) return `${prefixed[1]}${prefixed[2]!.padStart(6, '0')}`
  return /^[A-Z0-9]{8}$/.test(value) && /\d/.test(value) ? value : null
}

/** A charity number: England and Wales numbers are 6 or 7 digits (with an optional '-1' subsidiary suffix dropped). */
export function normaliseCharityNumber(text: string | null | undefined): string | null {
  if (!text) return null
  const value = text.toUpperCase().replace(/\s+/g, '').replace(/-\d+$/, '')
  if (/^\d{5,8}$/.test(value)) return value.replace(/^0+(?=\d{6})/, '')
  if (/^SC\d{6}$/.test(value)) return value
  if (/^NIC?\d{6}$/.test(value)) return value.startsWith('NIC') ? value : `NIC${value.slice(2)}`
  return null
}

/** A Mutuals Public Register number, e.g. '30245R' (the FCA's 'IP' prefix is dropped). */
export function normaliseMutualsNumber(text: string | null | undefined): string | null {
  if (!text) return null
  const value = compact(text).replace(/^IP/, '')
  return /^\d{1,6}[A-Z]{0,2}$/.test(value) ? value : null
}

/** The org-id scheme of a normalised charity number. */
function charityScheme(number: string): OrgIdScheme {
  if (number.startsWith('SC')) return OrgIdScheme.ScottishCharity
  if (number.startsWith('NIC')) return OrgIdScheme.NiCharity
  return OrgIdScheme.Charity
}

export function formatOrgId(scheme: OrgIdScheme, id: string): string {
  return `${scheme}-${id}`
}

/** 'GB-COH-01234567' → { scheme: 'GB-COH', id: '01234567' }; identifiers are normalised; null when not one we know. */
export function parseOrgId(text: string): { scheme: OrgIdScheme; id: string } | null {
  const match = /^\s*(GB-[A-Z]{2,3})-(.+?)\s*$/i.exec(text)
  if (!match) return null
  const scheme = match[1]!.toUpperCase()
  if (!SCHEMES.includes(scheme)) return null
  const raw = match[2]!
  const id =
    scheme === OrgIdScheme.Company
      ? normaliseCompanyNumber(raw)
      : scheme === OrgIdScheme.Mutual
        ? normaliseMutualsNumber(raw)
        : normaliseCharityNumber(raw)
  return id ? { scheme: scheme as OrgIdScheme, id } : null
}

/** A supplier's identifiers in org-id form, company number first. */
export function orgIdsOf(s: Pick<Supplier, 'companyNumber' | 'charityNumber' | 'mutualsNumber'>): string[] {
  const ids: string[] = []
  if (s.companyNumber) ids.push(formatOrgId(OrgIdScheme.Company, s.companyNumber))
  if (s.charityNumber) ids.push(formatOrgId(charityScheme(s.charityNumber), s.charityNumber))
  if (s.mutualsNumber) ids.push(formatOrgId(OrgIdScheme.Mutual, s.mutualsNumber))
  return ids
}

// ---------------------------------------------------------------------------------------------------------------
// Legal forms

export const LegalForm = {
  PrivateLimited: 'private-limited-company',
  PublicLimited: 'public-limited-company',
  Llp: 'limited-liability-partnership',
  Partnership: 'partnership',
  CharitableCompany: 'charitable-company',
  Cio: 'charitable-incorporated-organisation',
  Cic: 'community-interest-company',
  RegisteredSociety: 'registered-society',
  Unincorporated: 'unincorporated-association',
  SoleTrader: 'sole-trader',
  PublicBody: 'public-body',
  Overseas: 'overseas-company',
} as const
export type LegalForm = (typeof LegalForm)[keyof typeof LegalForm]
const LEGAL_FORMS = Object.values(LegalForm) as string[]

export const LEGAL_FORM_LABELS: Record<LegalForm, string> = {
  'private-limited-company': 'Private limited company',
  'public-limited-company': 'Public limited company',
  'limited-liability-partnership': 'Limited liability partnership',
  partnership: 'Partnership',
  'charitable-company': 'Charitable company',
  'charitable-incorporated-organisation': 'Charitable incorporated organisation',
  'community-interest-company': 'Community interest company',
  'registered-society': 'Registered society (co-operative or community benefit)',
  'unincorporated-association': 'Unincorporated association',
  'sole-trader': 'Sole trader',
  'public-body': 'Public body',
  'overseas-company': 'Overseas company',
}

// Most specific first: Companies House writes a CIC as "Community Interest Company" and a charitable company as
// "PRI/LTD BY GUAR/NSC …"; the Co-ops UK register writes "Society", "Company", "Community Interest Company".
const LEGAL_FORM_PATTERNS: readonly [RegExp, LegalForm][] = [
  [/community interest company|\bc\.?i\.?c\b/, LegalForm.Cic],
  [/charitable incorporated organi[sz]ation|\bs?cio\b/, LegalForm.Cio],
  [
    /charitable company|charit(y|able).*\b(company|limited|ltd)\b|\b(company|limited|ltd)\b.*charit/,
    LegalForm.CharitableCompany,
  ],
  [
    /registered society|industrial (and|&) provident|community benefit|co-?operative society|\bbencom\b|^society$/,
    LegalForm.RegisteredSociety,
  ],
  [/limited liability partnership|\bllp\b/, LegalForm.Llp],
  [/public limited|\bplc\b/, LegalForm.PublicLimited],
  [/private (limited|unlimited)|\bltd\b|limited|pri\/|^company$/, LegalForm.PrivateLimited],
  [/sole trader|self[- ]employed|\bindividual\b/, LegalForm.SoleTrader],
  [/public (body|authority|sector)|local authority|\bcouncil\b|\bnhs\b|government|crown/, LegalForm.PublicBody],
  [/overseas|foreign/, LegalForm.Overseas],
  [/partnership/, LegalForm.Partnership],
  [/unincorporated|association|\bclub\b/, LegalForm.Unincorporated],
]

/** A legal form from a register's or vendor master's wording ('Private Limited Company', 'CIC', 'Society' …). */
export function parseLegalForm(text: string | null | undefined): LegalForm | null {
  if (!text) return null
  const value = text.trim().toLowerCase()
  if (value === '') return null
  if (LEGAL_FORMS.includes(value)) return value as LegalForm
  for (const [pattern, form] of LEGAL_FORM_PATTERNS) if (pattern.test(value)) return form
  return null
}

/** The flags a legal form implies. A CIC is a social enterprise; a registered society is counted as a co-op/mutual. */
export function flagsForLegalForm(form: LegalForm | null): Partial<SupplierFlags> {
  switch (form) {
    case LegalForm.Cic:
      return { isCic: true, isSocialEnterprise: true }
    case LegalForm.Cio:
    case LegalForm.CharitableCompany:
      return { isCharity: true }
    case LegalForm.RegisteredSociety:
      return { isCoop: true }
    case LegalForm.PublicBody:
      return { isPublicBody: true }
    case LegalForm.SoleTrader:
      return { isIndividual: true }
    default:
      return {}
  }
}

/** Flags from several sources, any one of which may set a flag; none clears one. */
export function mergeFlags(...parts: readonly Partial<SupplierFlags>[]): SupplierFlags {
  const flags = { ...NO_FLAGS }
  for (const part of parts) for (const flag of SUPPLIER_FLAGS) if (part[flag]) flags[flag] = true
  return flags
}
