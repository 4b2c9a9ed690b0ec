// Column names of a contracts register, as councils publish them, mapped to the fields of a contract. Pure: no I/O.
//
// Sources for the field lists:
// - Local Government Transparency Code 2015 (DCLG, February 2015), part 2, "Contracts": for every contract over
//   £5,000, the reference number, title of agreement, local authority department responsible, description of the
//   goods and/or services, supplier name and details, sum to be paid over the length of the contract or the estimated
//   annual spending, Value Added Tax that cannot be recovered, start, end and review dates, whether the contract was
//   the result of an invitation to quote or a published invitation to tender, and whether the supplier is an SME
//   and/or a voluntary or community sector organisation with its registration number.
// - Local transparency guidance: publishing spending and procurement information (LGA, version 1.3, June 2015), and
//   the LGA contracts register schema it points to (columns such as "Contract reference number", "Open Contracting
//   ID", "Contract start date", "Review date", "Supplier registered company number", "VCSE supplier type",
//   "Nominated contact point"), as listed by councils that publish it (e.g. Norfolk County Council's register notes).
// - Aliases seen in councils' and NHS bodies' published registers ("Contract Award Value", "Contract Current End
//   Date", "Maximum Contract End Date", "Vendor", "Directorate", "Procurement Procedure").
//
// `header` is the canonical column name: what cwb writes in its own CSV exports, and always recognised on import.

export const REGISTER_FIELDS = [
  'reference',
  'title',
  'department',
  'description',
  'supplierName',
  'companyNumber',
  'charityNumber',
  'otherRegistration',
  'supplierPostcode',
  'totalValue',
  'annualValue',
  'irrecoverableVat',
  'startDate',
  'endDate',
  'reviewDate',
  'extensionOptions',
  'maxEndDate',
  'procurementRoute',
  'directAwardReason',
  'frameworkName',
  'cpvCodes',
  'sme',
  'vcse',
  'status',
  'ocid',
  'ownerName',
  'ownerEmail',
  'confidentialFields',
  'buyer',
] as const
export type RegisterField = (typeof REGISTER_FIELDS)[number]

export type RegisterColumn = { header: string; label: string; aliases: readonly string[] }

/** Canonical field → its canonical header, a label for messages, and the other names it is published under. */
export const REGISTER_COLUMNS: Readonly<Record<RegisterField, RegisterColumn>> = {
  reference: {
    header: 'Reference Number',
    label: 'Reference',
    aliases: [
      'reference',
      'ref',
      'ref no',
      'reference no',
      'contract reference',
      'contract reference number',
      'contract ref',
      'contract ref no',
      'contract id',
      'contract number',
      'contract no',
      'agreement reference',
      'purchase order number',
    ],
  },
  title: {
    header: 'Title of Agreement',
    label: 'Title',
    aliases: ['title', 'contract title', 'contract name', 'name of contract', 'agreement title', 'agreement name'],
  },
  department: {
    header: 'Department Responsible',
    label: 'Department',
    aliases: [
      'department',
      'directorate',
      'service',
      'service area',
      'responsible department',
      'local authority department responsible',
      'department label',
      'service label',
      'organisational unit',
      'commissioning department',
    ],
  },
  description: {
    header: 'Description of Goods and Services',
    label: 'Description',
    aliases: [
      'description',
      'contract description',
      'description of goods and or services',
      'description of goods and or services being provided',
      'description of the goods and or services being provided',
      'description of services',
      'short description',
      'summary',
    ],
  },
  supplierName: {
    header: 'Supplier Name',
    label: 'Supplier name',
    aliases: [
      'supplier',
      'suppliers',
      'supplier names',
      'supplier s',
      'supplier name and details',
      'contractor',
      'contractor name',
      'vendor',
      'vendor name',
      'provider',
      'provider name',
      'awarded supplier',
      'awarded to',
    ],
  },
  companyNumber: {
    header: 'Supplier Company Number',
    label: 'Company number',
    aliases: [
      'company number',
      'registered company number',
      'supplier registered company number',
      'supplier company registration number',
      'company registration number',
      'companies house number',
      'supplier companies house number',
    ],
  },
  charityNumber: {
    header: 'Supplier Charity Number',
    label: 'Charity number',
    aliases: [
      'charity number',
      'registered charity number',
      'supplier registered charity number',
      'charity registration number',
    ],
  },
  otherRegistration: {
    header: 'Supplier Other Registration',
    label: 'Other registration',
    aliases: ['other registration', 'supplier other registration number', 'mutuals register number', 'org id'],
  },
  supplierPostcode: {
    header: 'Supplier Postcode',
    label: 'Supplier postcode',
    aliases: ['supplier post code', 'postcode', 'supplier address postcode'],
  },
  totalValue: {
    header: 'Total Value',
    label: 'Total value',
    aliases: [
      'value',
      'contract value',
      'total contract value',
      'value of contract',
      'estimated total value',
      'estimated contract value',
      'sum to be paid over the length of the contract',
      'contract award value',
      'award value',
      'awarded value',
      'original contract value',
      'total value excluding vat',
      'contract value excluding vat',
      'value excl vat',
    ],
  },
  annualValue: {
    header: 'Estimated Annual Value',
    label: 'Annual value',
    aliases: [
      'annual value',
      'estimated annual spending',
      'estimated annual spend',
      'annual spend',
      'annual contract value',
      'value per annum',
      'estimated annual spending or budget',
    ],
  },
  irrecoverableVat: {
    header: 'Irrecoverable VAT',
    label: 'Irrecoverable VAT',
    aliases: [
      'irrecoverable vat amount',
      'vat that cannot be recovered',
      'value added tax that cannot be recovered',
      'non recoverable vat',
      'unrecoverable vat',
    ],
  },
  startDate: {
    header: 'Start Date',
    label: 'Start date',
    aliases: ['start', 'contract start date', 'contract start', 'commencement date', 'date of commencement'],
  },
  endDate: {
    header: 'End Date',
    label: 'End date',
    aliases: [
      'end',
      'contract end date',
      'contract end',
      'expiry date',
      'contract expiry date',
      'current end date',
      'contract current end date',
    ],
  },
  reviewDate: {
    header: 'Review Date',
    label: 'Review date',
    aliases: ['contract review date', 'date of review', 'next review date'],
  },
  extensionOptions: {
    header: 'Extension Options',
    label: 'Extension options',
    aliases: [
      'extension',
      'extensions',
      'extension option',
      'options to extend',
      'extension period',
      'extension details',
    ],
  },
  maxEndDate: {
    header: 'Latest End Date With Extensions',
    label: 'Latest end date with extensions',
    aliases: [
      'max end date',
      'maximum end date',
      'maximum contract end date',
      'end date including extensions',
      'end date with extensions',
      'extended end date',
      'latest end date',
      'final end date',
    ],
  },
  procurementRoute: {
    header: 'Procurement Route',
    label: 'Procurement route',
    aliases: [
      'route',
      'route to market',
      'procedure',
      'procedure type',
      'procurement procedure',
      'procurement method',
      'procurement type',
      'award procedure',
      'tender or quote',
      'invitation to quote or tender',
      'invitation to tender or quote',
      'result of an invitation to quote or a published invitation to tender',
      'whether or not the contract was the result of an invitation to quote or a published invitation to tender',
    ],
  },
  directAwardReason: {
    header: 'Reason for Direct Award',
    label: 'Reason for direct award',
    aliases: [
      'direct award reason',
      'reason for waiver',
      'waiver reason',
      'exemption reason',
      'direct award justification',
    ],
  },
  frameworkName: {
    header: 'Framework',
    label: 'Framework',
    aliases: ['framework name', 'framework agreement', 'framework used'],
  },
  cpvCodes: {
    header: 'CPV Codes',
    label: 'CPV codes',
    aliases: ['cpv', 'cpv code', 'cpv uri', 'cpv codes', 'cpv classification', 'common procurement vocabulary'],
  },
  sme: {
    header: 'SME',
    label: 'SME',
    aliases: [
      'is sme',
      'sme status',
      'supplier is sme',
      'sme supplier',
      'sme y n',
      'small or medium enterprise',
      'small or medium sized enterprise',
      'awarded to sme',
    ],
  },
  vcse: {
    header: 'VCSE',
    label: 'VCSE',
    aliases: [
      'is vcse',
      'vcse status',
      'vcse supplier',
      'vcse y n',
      'vcse supplier type',
      'voluntary or community sector organisation',
      'voluntary community or social enterprise',
    ],
  },
  status: {
    header: 'Contract Status',
    label: 'Contract status',
    aliases: ['status'],
  },
  ocid: {
    header: 'OCID',
    label: 'OCID',
    aliases: ['open contracting id', 'open contracting identifier'],
  },
  ownerName: {
    header: 'Contract Owner',
    label: 'Contract owner',
    aliases: [
      'owner',
      'contract manager',
      'contract officer',
      'lead officer',
      'nominated contact point',
      'nominated contact point name',
      'contact name',
    ],
  },
  ownerEmail: {
    header: 'Contract Owner Email',
    label: 'Contract owner’s email',
    aliases: ['owner email', 'contract manager email', 'nominated contact point email', 'contact email'],
  },
  confidentialFields: {
    header: 'Withheld Fields',
    label: 'Withheld fields',
    aliases: ['withheld', 'confidential fields', 'commercially confidential fields', 'redacted fields'],
  },
  buyer: {
    header: 'Organisation Name',
    label: 'Organisation',
    aliases: ['organisation', 'organisation label', 'organization name', 'body name', 'buyer', 'buyer name', 'entity'],
  },
}

/** The canonical headers, in export order. */
export const REGISTER_HEADERS: readonly string[] = REGISTER_FIELDS.map((f) => REGISTER_COLUMNS[f].header)

/** The matching key of a header: lower case letters and digits only, so "Contract_Start-Date" = "contractstartdate". */
export function registerHeaderKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

const FIELD_OF_KEY: ReadonlyMap<string, RegisterField> = (() => {
  const map = new Map<string, RegisterField>()
  for (const field of REGISTER_FIELDS) {
    const column = REGISTER_COLUMNS[field]
    for (const name of [column.header, field, ...column.aliases]) {
      const key = registerHeaderKey(name)
      if (map.has(key) && map.get(key) !== field) throw new Error(`Register column alias "${name}" is ambiguous`)
      map.set(key, field)
    }
  }
  return map
})()

/** The field a published header names, or null. */
export function registerFieldOf(header: string): RegisterField | null {
  return FIELD_OF_KEY.get(registerHeaderKey(header)) ?? null
}

export type RegisterMapping = Partial<Record<RegisterField, number>>

export type RegisterHeader = {
  mapping: RegisterMapping
  /** Headers that name no field (kept out of the import), and headers naming a field already taken. */
  unused: string[]
}

/** Which column holds each field (the first column naming it wins). */
export function mapRegisterColumns(headers: readonly string[]): RegisterHeader {
  const mapping: RegisterMapping = {}
  const unused: string[] = []
  headers.forEach((header, index) => {
    if (header.trim() === '') return
    const field = registerFieldOf(header)
    if (field && mapping[field] === undefined) mapping[field] = index
    else unused.push(header.trim())
  })
  return { mapping, unused }
}

/**
 * Whether a row is a register's header row: it names the reference and the title, and at least one more field (so a
 * data row that happens to say "Reference" is not taken for one).
 */
export function isRegisterHeader(mapping: RegisterMapping): boolean {
  return mapping.reference !== undefined && mapping.title !== undefined && Object.keys(mapping).length >= 3
}
