// A contract on the register: what the Local Government Transparency Code 2015 (contracts over £5,000) and the LGA
// contracts-register layout ask for, with suppliers linked to supplier records, lots, and per-field confidentiality.
// Pure: no I/O.
import { z } from 'zod'
import { categoryOfCpv, normaliseCpvCode } from './cpv.js'

export const PROCUREMENT_ROUTES = [
  'quotation',
  'open',
  'restricted',
  'competitive',
  'framework',
  'direct',
  'other',
] as const
export type ProcurementRoute = (typeof PROCUREMENT_ROUTES)[number]

export const PROCUREMENT_ROUTE_LABELS: Record<ProcurementRoute, string> = {
  quotation: 'Quotation',
  open: 'Open tender',
  restricted: 'Restricted tender',
  competitive: 'Competitive procedure with negotiation or dialogue',
  framework: 'Call-off from a framework',
  direct: 'Direct award',
  other: 'Other',
}

export const CONTRACT_STATUSES = ['active', 'terminated', 'cancelled'] as const
export type ContractRecordStatus = (typeof CONTRACT_STATUSES)[number]

/**
 * Fields an officer may mark commercially confidential. The public register shows "Withheld" in their place, and
 * public search and filters never use them. The owner, notes and who approved a variation are personal or internal
 * and are never public at all, so they are not in this list.
 */
export const CONFIDENTIAL_FIELDS = [
  'description',
  'suppliers',
  'totalValue',
  'annualValue',
  'irrecoverableVat',
  'extensionOptions',
  'directAwardReason',
  'lots',
] as const
export type ConfidentialField = (typeof CONFIDENTIAL_FIELDS)[number]

export const CONFIDENTIAL_FIELD_LABELS: Record<ConfidentialField, string> = {
  description: 'Description',
  suppliers: 'Supplier names and registration numbers',
  totalValue: 'Total value',
  annualValue: 'Annual value',
  irrecoverableVat: 'Irrecoverable VAT',
  extensionOptions: 'Extension options',
  directAwardReason: 'Reason for direct award',
  lots: 'Lots',
}

export type ContractSupplier = {
  /** The supplier record this party is linked to, when known. */
  supplierId: string | null
  name: string
  companyNumber: string | null
  charityNumber: string | null
  /** Another registration, in org-id form where possible (e.g. GB-MPR-12345R). */
  otherRegistration: string | null
  postcode: string | null
  isSme: boolean | null
  isVcse: boolean | null
}

export type ContractLot = { lotNumber: string; title: string; description: string | null; value: string | null }

/** Everything an officer or an import states about a contract. Money is a two-decimal string. */
export type ContractDraft = {
  reference: string
  title: string
  description: string | null
  department: string | null
  ownerUserId: string | null
  ownerName: string | null
  ownerEmail: string | null
  totalValue: string | null
  annualValue: string | null
  irrecoverableVat: string | null
  startDate: string | null
  endDate: string | null
  reviewDate: string | null
  extensionOptions: string | null
  /** The latest end date if every extension option is taken. */
  maxEndDate: string | null
  procurementRoute: ProcurementRoute | null
  directAwardReason: string | null
  frameworkName: string | null
  cpvCodes: string[]
  status: ContractRecordStatus
  ocid: string | null
  confidentialFields: ConfidentialField[]
  notes: string | null
  suppliers: ContractSupplier[]
  lots: ContractLot[]
}

export type Contract = ContractDraft & {
  id: string
  organisationId: string
  /** The CPV division of the first code, e.g. "Construction work"; what the register filters by. */
  category: string | null
  source: string
  version: number
  createdAt: Date
  updatedAt: Date
}

export const VARIATION_KINDS = ['variation', 'extension', 'termination'] as const
export type VariationKind = (typeof VARIATION_KINDS)[number]

export type ContractVariation = {
  id: string
  contractId: string
  kind: VariationKind
  variedOn: string
  reason: string
  /** Signed change in total value, two decimals. */
  valueChange: string
  previousTotalValue: string | null
  newTotalValue: string | null
  previousEndDate: string | null
  newEndDate: string | null
  previousReviewDate: string | null
  newReviewDate: string | null
  /** Who approved it (a person or a board): personal data, never public. */
  approvedBy: string | null
  recordedBy: string | null
  createdAt: Date
}

const money = z
  .string()
  .trim()
  .regex(/^\d{1,16}(\.\d{1,2})?$/, 'Enter an amount in pounds, like 12500 or 12500.50')
  .transform((v) => Number(v).toFixed(2))
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v ? v : null))

export const contractSupplierSchema = z.object({
  supplierId: z.uuid().nullable(),
  name: z.string().trim().min(1, 'Enter the supplier’s name').max(300),
  companyNumber: optionalText(20),
  charityNumber: optionalText(20),
  otherRegistration: optionalText(60),
  postcode: optionalText(10),
  isSme: z.boolean().nullable(),
  isVcse: z.boolean().nullable(),
})

/** The rules every contract obeys, wherever it comes from; messages are written for the person who fixes them. */
export const contractDraftSchema = z
  .object({
    reference: z.string().trim().min(1, 'Enter a reference').max(100, 'Reference must be 100 characters or fewer'),
    title: z.string().trim().min(1, 'Enter a title').max(500, 'Title must be 500 characters or fewer'),
    description: optionalText(10000),
    department: optionalText(200),
    ownerUserId: z.uuid().nullable(),
    ownerName: optionalText(200),
    ownerEmail: z.email('Enter the owner’s email address, like name@example.org').nullable(),
    totalValue: money.nullable(),
    annualValue: money.nullable(),
    irrecoverableVat: money.nullable(),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    reviewDate: isoDate.nullable(),
    extensionOptions: optionalText(2000),
    maxEndDate: isoDate.nullable(),
    procurementRoute: z.enum(PROCUREMENT_ROUTES).nullable(),
    directAwardReason: optionalText(2000),
    frameworkName: optionalText(300),
    cpvCodes: z.array(z.string()).transform((codes, ctx) => {
      const out: string[] = []
      for (const code of codes) {
        const normalised = normaliseCpvCode(code)
        if (!normalised) {
          ctx.addIssue({ code: 'custom', message: `“${code}” is not a CPV code (8 digits, like 45000000)` })
          return z.NEVER
        }
        if (!out.includes(normalised)) out.push(normalised)
      }
      return out
    }),
    status: z.enum(CONTRACT_STATUSES),
    ocid: optionalText(200),
    confidentialFields: z.array(z.enum(CONFIDENTIAL_FIELDS)).transform((f) => [...new Set(f)].sort()),
    notes: optionalText(5000),
    suppliers: z.array(contractSupplierSchema).max(50),
    lots: z
      .array(
        z.object({
          lotNumber: z.string().trim().min(1).max(20),
          title: z.string().trim().min(1).max(500),
          description: optionalText(5000),
          value: money.nullable(),
        }),
      )
      .max(100),
  })
  .superRefine((c, ctx) => {
    if (c.startDate && c.endDate && c.endDate < c.startDate)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'End date must be the same as or after the start date',
      })
    if (c.endDate && c.maxEndDate && c.maxEndDate < c.endDate)
      ctx.addIssue({
        code: 'custom',
        path: ['maxEndDate'],
        message: 'Latest end date with extensions must be the same as or after the end date',
      })
    if (c.procurementRoute === 'direct' && !c.directAwardReason)
      ctx.addIssue({ code: 'custom', path: ['directAwardReason'], message: 'Enter the reason for the direct award' })
  })

/** Checks a draft and returns it normalised (trimmed, money to two decimals, CPV codes to 8 digits). */
export function parseContractDraft(input: unknown): z.ZodSafeParseResult<ContractDraft> {
  return contractDraftSchema.safeParse(input) as z.ZodSafeParseResult<ContractDraft>
}

/** An empty draft to start from: every optional field null. */
export function emptyContractDraft(reference: string, title: string): ContractDraft {
  return {
    reference,
    title,
    description: null,
    department: null,
    ownerUserId: null,
    ownerName: null,
    ownerEmail: null,
    totalValue: null,
    annualValue: null,
    irrecoverableVat: null,
    startDate: null,
    endDate: null,
    reviewDate: null,
    extensionOptions: null,
    maxEndDate: null,
    procurementRoute: null,
    directAwardReason: null,
    frameworkName: null,
    cpvCodes: [],
    status: 'active',
    ocid: null,
    confidentialFields: [],
    notes: null,
    suppliers: [],
    lots: [],
  }
}

/** The category the register files a contract under: the CPV division of its first code. */
export function contractCategory(draft: Pick<ContractDraft, 'cpvCodes'>): string | null {
  const first = draft.cpvCodes[0]
  return first ? categoryOfCpv(first) : null
}

export type ContractLifeStatus = 'cancelled' | 'terminated' | 'not-started' | 'live' | 'expired'

export const CONTRACT_LIFE_STATUS_LABELS: Record<ContractLifeStatus, string> = {
  cancelled: 'Cancelled',
  terminated: 'Terminated',
  'not-started': 'Not started',
  live: 'Live',
  expired: 'Ended',
}

/** Where a contract is in its life on a given day (ISO date). */
export function contractLifeStatus(
  c: Pick<ContractDraft, 'status' | 'startDate' | 'endDate'>,
  today: string,
): ContractLifeStatus {
  if (c.status === 'cancelled') return 'cancelled'
  if (c.status === 'terminated') return 'terminated'
  if (c.startDate && c.startDate > today) return 'not-started'
  if (c.endDate && c.endDate < today) return 'expired'
  return 'live'
}

/** Value bands the public register filters by; bounds in pounds, lower inclusive, upper exclusive. */
export const VALUE_BANDS = [
  { id: 'under-25k', label: 'Under £25,000', min: 0, max: 25_000 },
  { id: '25k-100k', label: '£25,000 to £99,999', min: 25_000, max: 100_000 },
  { id: '100k-500k', label: '£100,000 to £499,999', min: 100_000, max: 500_000 },
  { id: '500k-1m', label: '£500,000 to £999,999', min: 500_000, max: 1_000_000 },
  { id: '1m-5m', label: '£1 million to £4,999,999', min: 1_000_000, max: 5_000_000 },
  { id: '5m-plus', label: '£5 million or more', min: 5_000_000, max: null },
] as const
export type ValueBandId = (typeof VALUE_BANDS)[number]['id']

export function valueBandOf(totalValue: string | null): ValueBandId | null {
  if (totalValue === null) return null
  const v = Number(totalValue)
  return VALUE_BANDS.find((b) => v >= b.min && (b.max === null || v < b.max))?.id ?? null
}

/** Whether any supplier is an SME / a VCSE (null when no supplier says). */
export function anySupplier(c: Pick<ContractDraft, 'suppliers'>, flag: 'isSme' | 'isVcse'): boolean | null {
  if (c.suppliers.some((s) => s[flag] === true)) return true
  if (c.suppliers.length > 0 && c.suppliers.every((s) => s[flag] === false)) return false
  return null
}
