// Which column of a spend file holds what. Every publisher names columns differently ("Paid Date", "DatePaid",
// "Clearing Date", Gateshead's "Updated"), misspells them ("Organisatonal Unit", "Expenditure Catergory"), pads them
// (" NetAmount ", "Supplier Name "), or exports system names ("Nstrg(T)", "Supplier ID(T)"). The synonyms below come
// from the real files in shared/data/spend (see its README, section 1); extend them from real headers, not guesses.

export const SpendField = {
  Date: 'date',
  Amount: 'amount',
  Supplier: 'supplier',
  TransactionRef: 'transactionRef',
  Department: 'department',
  ExpenseType: 'expenseType',
  Category: 'category',
  SupplierId: 'supplierId',
  Description: 'description',
  VatNumber: 'vatNumber',
  CompanyNumber: 'companyNumber',
  CharityNumber: 'charityNumber',
  Postcode: 'postcode',
  CapitalOrRevenue: 'capitalOrRevenue',
  IrrecoverableVat: 'irrecoverableVat',
} as const
export type SpendField = (typeof SpendField)[keyof typeof SpendField]

/** Without these three a file cannot be imported. */
export const CORE_FIELDS: readonly SpendField[] = [SpendField.Date, SpendField.Amount, SpendField.Supplier]

export type ColumnMapping = {
  mapping: Partial<Record<SpendField, number>>
  confidence: 'sure' | 'unsure'
  unmapped: string[]
  problems: string[]
}

type Synonym = { key: string; weak?: boolean }
const strong = (...keys: string[]): Synonym[] => keys.map((key) => ({ key }))

// Keys are headers with case, spaces and punctuation removed (see headerKey). Within a field the list runs from
// most to least specific: when two columns both match, the earlier synonym wins. A weak synonym is used only as a
// last resort, and makes the mapping 'unsure' for a core field.
const SYNONYMS: Readonly<Record<SpendField, readonly Synonym[]>> = {
  date: [
    ...strong('paymentdate', 'paiddate', 'datepaid', 'dateofpayment', 'clearingdate', 'transactiondate', 'date'),
    ...strong('updated'), // Gateshead: the payment date
    { key: 'effectivedate', weak: true }, // Leeds 2020, Trafford: the period end, not the day paid
    { key: 'invoicedate', weak: true },
  ],
  amount: [
    ...strong('netamount', 'amountexclvat', 'amountexvat', 'netvalue', 'amount', 'paymentamount', 'transactionamount'),
    ...strong('totalinvoiceamount', 'total', 'value', 'amountgbp', 'totalamount'),
    { key: 'grossamount', weak: true },
  ],
  supplier: [
    ...strong('suppliername', 'beneficiaryname', 'vendorname', 'payeename', 'merchantname', 'creditorname'),
    ...strong('supplier', 'vendor', 'beneficiary', 'payee', 'supplierfinal'),
    ...strong('supplieridt'), // Gateshead: holds the supplier's name despite the header
  ],
  transactionRef: strong(
    'transactionnumber',
    'transno',
    'transactionno',
    'transactionref',
    'transactionreference',
    'transactionid',
    'documentno',
    'documentnumber',
    'docno',
    'paymentreference',
    'paymentref',
    'invoicenumber',
    'invoiceno',
  ),
  department: strong(
    'servicearea',
    'organisationalunit',
    'organisatonalunit',
    'directorate',
    'department',
    'nstrgt',
    'servicelabel',
    'service',
    'servicedivisionlabel',
    'servicedivisonlabel',
    'entity',
    'costcentre',
    'costcentrename',
  ),
  expenseType: strong(
    'detailedexpendituretype',
    'expensetype',
    'expendituretype',
    'purpose',
    'expenditureaccountcodedescription',
    'expenditureaccount',
    'accountdescription',
    'cipfsubst',
    'costelement',
    'expensedescription',
  ),
  category: strong(
    'expenditurecategory',
    'expenditurecatergory',
    'expenditureunit',
    'categoryinternalname',
    'proclasslabel',
    'cipfsubjt',
    'servicecategorylabel',
    'category',
    'expensearea',
  ),
  supplierId: strong(
    'supplierid',
    'vendorid',
    'beneficiaryotherid',
    'beneficiaryid',
    'supplierno',
    'suppliernumber',
    'suppliercode',
    'vendornumber',
    'suppliernumberid',
  ),
  description: strong('description', 'narrative', 'transactiondescription', 'details', 'paymentdescription'),
  vatNumber: strong('vatregistrationnumber', 'vatnumber', 'vatregno', 'suppliervatnumber', 'vatregistrationno'),
  companyNumber: strong('companynumber', 'companyregistrationnumber', 'companieshousenumber', 'companyregno'),
  charityNumber: strong('charitynumber', 'charityregistrationnumber', 'registeredcharitynumber', 'charityno'),
  postcode: strong('postcode', 'supplierpostcode', 'beneficiarypostcode', 'postalcode'),
  capitalOrRevenue: [
    ...strong('capitalorrevenue', 'caporrev', 'capitalrevenue', 'capitalorrevenueexpenditure', 'typeofexpenditure'),
    { key: 'type', weak: true }, // Oxford 2014: "Type" holds "Revenue"
  ],
  irrecoverableVat: strong('irrecoverablevatamount', 'irrecoverablevat', 'nonrecoverablevat'),
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  date: 'payment date',
  amount: 'amount',
  supplier: 'supplier name',
}

/** Trim, lower-case, drop "*" and punctuation, turn underscores into spaces, collapse runs of spaces. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[_*]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The matching key: the normalised header without spaces, so "DatePaid", "Date paid" and "date_paid" agree. */
function headerKey(header: string): string {
  return normaliseHeader(header).replace(/ /g, '')
}

type Candidate = { field: SpendField; column: number; rank: number; weak: boolean }

/** Work out which column holds each field; 'unsure' when the date, amount or supplier is missing or ambiguous. */
export function mapColumns(headers: string[]): ColumnMapping {
  const keys = headers.map(headerKey)
  const candidates = keys.flatMap((key, column) => candidatesFor(key, column))
  const mapping: Partial<Record<SpendField, number>> = {}
  const problems: string[] = []
  let sure = true
  const taken = new Set<number>()

  // Best (lowest) rank first, so a column goes to the field it matches most specifically.
  for (const candidate of [...candidates].sort((a, b) => a.rank - b.rank)) {
    if (mapping[candidate.field] !== undefined || taken.has(candidate.column)) continue
    const rivals = candidates.filter(
      (c) => c.field === candidate.field && c.rank === candidate.rank && c.column !== candidate.column,
    )
    const core = CORE_FIELDS.includes(candidate.field)
    if (rivals.length > 0) {
      const names = [candidate, ...rivals].map((c) => `"${headers[c.column]?.trim()}"`).join(' and ')
      problems.push(`More than one column could be the ${label(candidate.field)}: ${names}`)
      if (core) sure = false
    }
    if (candidate.weak && core) {
      problems.push(`Using "${headers[candidate.column]?.trim()}" as the ${label(candidate.field)}; check it`)
      sure = false
    }
    mapping[candidate.field] = candidate.column
    taken.add(candidate.column)
  }

  for (const field of CORE_FIELDS) {
    if (mapping[field] === undefined) {
      problems.push(`No column for the ${label(field)}`)
      sure = false
    }
  }
  const unmapped = headers.filter((h, column) => !taken.has(column) && h.trim() !== '').map((h) => h.trim())
  return { mapping, confidence: sure ? 'sure' : 'unsure', unmapped, problems }
}

function candidatesFor(key: string, column: number): Candidate[] {
  if (key === '') return []
  return Object.entries(SYNONYMS).flatMap(([field, synonyms]) => {
    const rank = synonyms.findIndex((s) => s.key === key)
    const synonym = synonyms[rank]
    return synonym ? [{ field: field as SpendField, column, rank, weak: synonym.weak === true }] : []
  })
}

function label(field: SpendField): string {
  return FIELD_LABELS[field] ?? field
}

const HEADER_SEARCH_ROWS = 20

/** The first row (of the first 20) that names a date, an amount and a supplier column; -1 if there is none. */
export function findHeaderRow(rows: string[][]): number {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS)
  for (let row = 0; row < limit; row++) {
    const { mapping } = mapColumns(rows[row] ?? [])
    if (CORE_FIELDS.every((field) => mapping[field] !== undefined)) return row
  }
  return -1
}
