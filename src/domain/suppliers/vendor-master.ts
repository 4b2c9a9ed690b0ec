// A vendor master: an organisation's own list of its suppliers, exported from its finance system. Columns are found
// by name ("Supplier Name", "Company No", "Charity", "Living Wage" …) and every row is checked; a file with any bad row
// is refused whole, with the reason for each.
import { z } from 'zod'
import { normalisePostcode } from '../geography/postcode.js'
import { normaliseSupplierName } from '../spend/supplier-name.js'
import {
  flagsForLegalForm,
  mergeFlags,
  normaliseCharityNumber,
  normaliseCompanyNumber,
  parseLegalForm,
  type LegalForm,
  type SupplierFlags,
} from './supplier.js'

export const VendorField = {
  Name: 'name',
  CompanyNumber: 'companyNumber',
  CharityNumber: 'charityNumber',
  Postcode: 'postcode',
  Employees: 'employees',
  Turnover: 'turnover',
  LegalForm: 'legalForm',
  Charity: 'charity',
  Cic: 'cic',
  SocialEnterprise: 'socialEnterprise',
  Coop: 'coop',
  EmployeeOwned: 'employeeOwned',
  PublicBody: 'publicBody',
  LivingWage: 'livingWage',
} as const
export type VendorField = (typeof VendorField)[keyof typeof VendorField]

const SYNONYMS: Record<VendorField, readonly string[]> = {
  name: [
    'name',
    'supplier name',
    'supplier',
    'vendor name',
    'vendor',
    'company name',
    'organisation name',
    'organization name',
    'payee name',
  ],
  companyNumber: [
    'company number',
    'company no',
    'company reg no',
    'company registration number',
    'companies house number',
    'crn',
    'registered number',
    'registration number',
  ],
  charityNumber: [
    'charity number',
    'charity no',
    'registered charity number',
    'charity registration number',
    'charity reg no',
  ],
  postcode: ['postcode', 'post code', 'postal code', 'supplier postcode'],
  employees: [
    'employees',
    'number of employees',
    'no of employees',
    'staff',
    'headcount',
    'head count',
    'employee count',
  ],
  turnover: ['turnover', 'annual turnover', 'turnover gbp', 'revenue'],
  legalForm: ['legal form', 'legal status', 'company type', 'organisation type', 'entity type'],
  charity: ['charity', 'is charity', 'registered charity'],
  cic: ['cic', 'community interest company', 'is cic'],
  socialEnterprise: ['social enterprise', 'is social enterprise'],
  coop: ['co operative', 'cooperative', 'co op', 'coop', 'mutual', 'co operative or mutual'],
  employeeOwned: ['employee owned', 'is employee owned'],
  publicBody: ['public body', 'public sector', 'is public body'],
  livingWage: [
    'living wage',
    'living wage accredited',
    'living wage employer',
    'real living wage',
    'london living wage',
  ],
}

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

export type VendorMapping = Partial<Record<VendorField, number>>

/** Which column holds each field; the first column whose header is a known name for it wins. */
export function mapVendorColumns(header: readonly string[]): VendorMapping {
  const mapping: VendorMapping = {}
  header.forEach((cell, index) => {
    const name = normaliseHeader(cell)
    for (const [field, names] of Object.entries(SYNONYMS) as [VendorField, readonly string[]][])
      if (mapping[field] === undefined && names.includes(name)) mapping[field] = index
  })
  return mapping
}

export type VendorMasterRow = {
  name: string
  normalisedName: string
  companyNumber: string | null
  charityNumber: string | null
  postcode: string | null
  employees: number | null
  /** Pounds as a decimal string with two places. */
  turnover: string | null
  legalForm: LegalForm | null
  /** Only flags the row sets to yes: a "no" never clears what a register says. */
  flags: Partial<SupplierFlags>
  livingWageAccredited: boolean
}

const YES = new Set(['yes', 'y', 'true', '1', 'x'])
const NO = new Set(['no', 'n', 'false', '0'])
const MULTIPLIERS: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000, bn: 1_000_000_000 }

const text = z.string().trim()
const optional = <T>(label: string, parse: (value: string) => T | null, problem: (value: string) => string) =>
  text.transform((value, ctx) => {
    if (value === '') return null
    const parsed = parse(value)
    if (parsed === null) {
      ctx.addIssue({ code: 'custom', message: problem(value), path: [label] })
      return z.NEVER
    }
    return parsed
  })

const flag = (label: string) =>
  text.transform((value, ctx) => {
    const v = value.toLowerCase()
    if (v === '' || NO.has(v)) return false
    if (YES.has(v)) return true
    ctx.addIssue({ code: 'custom', message: `${label} must be yes or no, not "${value}"` })
    return z.NEVER
  })

function parseTurnover(value: string): string | null {
  const match = /^£?\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn)?$/i.exec(value.replace(/\s+/g, ''))
  if (!match) return null
  const pounds = Number(match[1]!.replace(/,/g, '')) * MULTIPLIERS[(match[2] ?? '').toLowerCase()]!
  return Number.isFinite(pounds) && pounds < 1e14 ? pounds.toFixed(2) : null
}

function parseEmployees(value: string): number | null {
  const cleaned = value.replace(/,/g, '')
  return /^\d{1,7}$/.test(cleaned) ? Number(cleaned) : null
}

const rowSchema = z.object({
  name: text.min(1, 'Supplier name is missing'),
  companyNumber: optional(
    'companyNumber',
    normaliseCompanyNumber,
    (v) => `Company number "${v}" is not a Companies House number`,
  ),
  charityNumber: optional(
    'charityNumber',
    normaliseCharityNumber,
    (v) => `Charity number "${v}" is not a charity number`,
  ),
  postcode: optional('postcode', normalisePostcode, (v) => `Postcode "${v}" is not a UK postcode`),
  employees: optional('employees', parseEmployees, (v) => `Employees must be a whole number, not "${v}"`),
  turnover: optional('turnover', parseTurnover, (v) => `Turnover must be an amount in pounds, not "${v}"`),
  legalForm: optional('legalForm', parseLegalForm, (v) => `Legal form "${v}" is not one cwb recognises`),
  charity: flag('Charity'),
  cic: flag('CIC'),
  socialEnterprise: flag('Social enterprise'),
  coop: flag('Co-operative'),
  employeeOwned: flag('Employee owned'),
  publicBody: flag('Public body'),
  livingWage: flag('Living wage'),
})

/** A row of the vendor master, or the reasons it cannot be used. */
export function parseVendorRow(
  cells: readonly string[],
  mapping: VendorMapping,
): { ok: true; row: VendorMasterRow } | { ok: false; reasons: string[] } {
  const raw = Object.fromEntries(
    Object.values(VendorField).map((field) => [
      field,
      mapping[field] === undefined ? '' : (cells[mapping[field]!] ?? ''),
    ]),
  )
  const parsed = rowSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, reasons: parsed.error.issues.map((i) => i.message) }
  const r = parsed.data
  const normalisedName = normaliseSupplierName(r.name)
  if (normalisedName === '') return { ok: false, reasons: [`Supplier name "${r.name}" has no letters or digits`] }
  const flags = mergeFlags(flagsForLegalForm(r.legalForm), {
    isCharity: r.charity,
    isCic: r.cic,
    isSocialEnterprise: r.socialEnterprise || r.cic,
    isCoop: r.coop,
    isEmployeeOwned: r.employeeOwned,
    isPublicBody: r.publicBody,
  })
  return {
    ok: true,
    row: {
      name: r.name,
      normalisedName,
      companyNumber: r.companyNumber,
      charityNumber: r.charityNumber,
      postcode: r.postcode,
      employees: r.employees,
      turnover: r.turnover,
      legalForm: r.legalForm,
      flags: Object.fromEntries(Object.entries(flags).filter(([, on]) => on)),
      livingWageAccredited: r.livingWage,
    },
  }
}

/** What identifies a row's supplier within the file: its company number, else charity number, else name. */
export function vendorRowKey(row: VendorMasterRow): string {
  if (row.companyNumber) return `company:${row.companyNumber}`
  if (row.charityNumber) return `charity:${row.charityNumber}`
  return `name:${row.normalisedName}`
}
