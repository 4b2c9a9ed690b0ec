// Turning records from the reference registers (Companies House, the charity register, Co-operatives UK) into a
// supplier: the official name, identifiers, postcode, legal form and the flags they imply. One organisation can be in
// several registers (a charitable company is in both Companies House and the charity register), so records that
// share a company number are read together.
import { normalisePostcode } from '../geography/postcode.js'
import { normaliseSupplierName } from '../spend/supplier-name.js'
import {
  flagsForLegalForm,
  formatOrgId,
  LegalForm,
  mergeFlags,
  normaliseCharityNumber,
  normaliseCompanyNumber,
  normaliseMutualsNumber,
  OrgIdScheme,
  parseLegalForm,
  type SupplierFlags,
} from './supplier.js'

export const Register = { Company: 'company', Charity: 'charity', Coop: 'coop' } as const
export type Register = (typeof Register)[keyof typeof Register]

/** A record from one of the reference registers (ref_company, ref_charity, ref_coop). */
export type RegisterRecord = {
  register: Register
  /** The register's own key: company number, charity number or Co-ops UK id. */
  key: string
  name: string
  normalisedName: string
  postcode: string | null
  companyNumber: string | null
  charityNumber: string | null
  mutualsNumber: string | null
  /** Companies House company category, or the Co-ops UK legal form. */
  legalForm: string | null
  status: string | null
  ownership: string | null
}

/** What a supplier created from register records holds (its district is placed later, from the postcode). */
export type RegisterSupplier = {
  name: string
  normalisedName: string
  companyNumber: string | null
  charityNumber: string | null
  mutualsNumber: string | null
  postcode: string | null
  legalForm: LegalForm | null
  flags: SupplierFlags
}

/** One real organisation: records share an identity when they share a company number. */
export function registerIdentity(record: RegisterRecord): string {
  const company = normaliseCompanyNumber(record.companyNumber)
  if (company) return `company:${company}`
  return `${record.register}:${record.key}`
}

/** The org-id that names a register record in a review candidate list ('GB-COH-01234567', 'GB-CHC-1089464'). */
export function registerOrgId(record: RegisterRecord): string {
  const company = normaliseCompanyNumber(record.companyNumber)
  if (company) return formatOrgId(OrgIdScheme.Company, company)
  const charity = normaliseCharityNumber(record.charityNumber)
  if (charity) return formatOrgId(OrgIdScheme.Charity, charity)
  const mutual = normaliseMutualsNumber(record.mutualsNumber)
  if (mutual) return formatOrgId(OrgIdScheme.Mutual, mutual)
  return `coop:${record.key}`
}

const EMPLOYEE_OWNED = /\b(worker|employee|staff)s?\b/i

/** A supplier from the records of one organisation (all with the same identity), company record first. */
export function supplierFromRegister(records: readonly RegisterRecord[]): RegisterSupplier {
  const order: Register[] = [Register.Company, Register.Charity, Register.Coop]
  const sorted = [...records].sort((a, b) => order.indexOf(a.register) - order.indexOf(b.register))
  const first = sorted[0]
  if (!first) throw new Error('supplierFromRegister needs at least one record')
  const company = sorted.find((r) => r.register === Register.Company)
  const charity = sorted.find((r) => r.register === Register.Charity)
  const coop = sorted.find((r) => r.register === Register.Coop)
  const companyNumber = sorted.map((r) => normaliseCompanyNumber(r.companyNumber)).find(Boolean) ?? null
  let legalForm = parseLegalForm(company?.legalForm ?? coop?.legalForm)
  if (charity && (!legalForm || legalForm === LegalForm.PrivateLimited))
    legalForm = companyNumber ? LegalForm.CharitableCompany : legalForm
  return {
    name: first.name.trim(),
    normalisedName: normaliseSupplierName(first.name),
    companyNumber,
    charityNumber: normaliseCharityNumber(charity?.charityNumber ?? charity?.key),
    mutualsNumber: normaliseMutualsNumber(coop?.mutualsNumber),
    postcode: sorted.map((r) => normalisePostcode(r.postcode)).find(Boolean) ?? null,
    legalForm,
    flags: mergeFlags(
      flagsForLegalForm(legalForm),
      { isCharity: Boolean(charity) },
      { isCoop: Boolean(coop), isEmployeeOwned: Boolean(coop?.ownership && EMPLOYEE_OWNED.test(coop.ownership)) },
    ),
  }
}
