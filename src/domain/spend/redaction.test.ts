import { describe, expect, it } from 'vitest'
import { PayeeKind, classifyPayee } from './redaction.js'
import { parseCsv, readSpendFile } from './real-spend-files.testing.js'

describe('classifyPayee', () => {
  it.each([
    'Redacted personal data',
    'Redacted Personal Data',
    'Redacted, personal data',
    'Redacted personal information',
    'Redacted personal details',
    'Redacted',
    'REDACTED PERSONAL DATA',
    'REDACTED COMMERCIAL CONFIDENTIALITY',
    'REDACTED - PERSONAL INFORMATION',
    'THIRD PARTY SUPPLIER',
    'THIRD PARTY',
    'Personal Data',
    'Private individual',
    'Personal data withheld',
    'Withheld - GDPR',
    '',
  ])('%j is a redaction', (name) => {
    expect(classifyPayee(name).kind).toBe(PayeeKind.Redacted)
  })

  it.each([
    'Redactive Publishing Limited',
    'Redactive Media Sales Limited',
    'Redactive',
    'Third Party Solutions Ltd',
    'THIRD PARTY FORENSICS',
    'Personal Care Consultants Ltd',
    'Branas Isaf Personal Development Centre',
    'Data',
    'Supplier',
    'Dr Martens Ltd',
    'Mr Kipling Bakery Services',
    'A & H Comms Limited',
    'Sarah Hyams',
    'Mr Presenter',
  ])('%j is an organisation (or not recognisably a person)', (name) => {
    expect(classifyPayee(name).kind).toBe(PayeeKind.Organisation)
  })

  it.each([
    'MR Y ALI',
    'Mrs J Smith',
    'Dr A Patel',
    'Mr. J. R. Hartley',
    'Miss Jane Doe',
    'SMITH J MR',
    'SMITH, J MR',
    'DR MAJID HASHEMI,',
    "Ms A O'Neill",
  ])('%j is an individual', (name) => {
    expect(classifyPayee(name)).toEqual({ kind: PayeeKind.Individual, reason: 'Name is a title with a personal name' })
  })

  it.each([
    'MR P & MRS DW DOWLEY',
    'MR ARJ & MS SALLY ARUL',
    'Mr P & Mrs DW Dowley',
    'mr p & mrs dw dowley',
    'Mr. P. & Mrs. D.W. Dowley',
    'Mr and Mrs Smith',
    'MR M AND MRS A BHOMRA',
    'Mrs J Smith & Mr K Jones',
    'Miss A Brown and Mr C Green',
    'Mrs J. Smith, + Mr K. Jones',
    'MR E ALDWORTH/MR MJ NASH',
    'Dr & Mrs Patel',
    "Rev. and Mrs. O'Neill",
    'MR JOHN S & MRS VERONICA T WALTERS',
    'Mr &amp; Mrs Patel',
    'Mr A, Mrs B and Miss C Jones',
    'Messrs Smith',
    'MESSRS DUNCAN & BAILEY-KENNEDY',
    'Messrs. J. & A. Patel',
  ])('%j is titled people joined, so individuals', (name) => {
    expect(classifyPayee(name)).toEqual({
      kind: PayeeKind.Individual,
      reason: 'Name is titled people with personal names',
    })
  })

  it.each([
    'Mr Kipling Bakery Ltd',
    'Mrs Bucket Cleaning Services',
    'Dr Martens plc',
    'Mister Softee Ltd',
    'Miss Selfridge Ltd',
    'Sir Frederick Snow Consulting',
    'Mr & Mrs Smith Ltd',
    'Mr and Mrs Smith Holiday Homes',
    'Mr & Mrs Patel Trust',
    'Dr Patel & Partners',
    'Dr Grange and Associates',
    'DR SPURSTOWE & BISHOP WOOD ALMSHOUS',
    'MR AR & MRS CA PATEL TA CORONATION',
    'Mr Smith & Jones',
    'Mr Smith and Mrs',
    'Messrs Smith & Son',
    'Messrs Smith & Sons',
    'Messrs Smith & Co',
    'Messrs',
  ])('%j stays an organisation', (name) => {
    expect(classifyPayee(name).kind).toBe(PayeeKind.Organisation)
  })

  it.each(['COLLEEN ASHBEE', 'John Lewis', 'Robert Walters', 'Bike Oxford', 'Premier Cleaning', 'S Blackburn'])(
    '%j, a bare name, is not judged a person (too many real firms look the same)',
    (name) => {
      expect(classifyPayee(name).kind).toBe(PayeeKind.Organisation)
    },
  )

  it('explains a redaction', () => {
    expect(classifyPayee(' REDACTED PERSONAL DATA ')).toEqual({
      kind: PayeeKind.Redacted,
      reason: '"REDACTED PERSONAL DATA" is a redaction',
    })
    expect(classifyPayee('Third Party Solutions Ltd').reason).toBe('Name has a legal suffix')
  })
})

describe('Leeds City Council 2013 supplier names (real file)', () => {
  const [header = [], ...rows] = parseCsv(
    readSpendFile('leeds-city-council/leeds_spend_2013_calendar_year_concatenated.csv.gz', 'windows-1252'),
  )
  const at = header.indexOf('SupplierName')
  const payments = rows.filter((row) => (row[at] ?? '') !== '')
  const names = [...new Set(payments.map((row) => row[at] ?? ''))]
  const byKind = (kind: PayeeKind) => names.filter((name) => classifyPayee(name).kind === kind)

  it('finds exactly the two redaction strings among the distinct names', () => {
    expect(names).toHaveLength(6841)
    expect(byKind(PayeeKind.Redacted).sort()).toEqual(['REDACTED COMMERCIAL CONFIDENTIALITY', 'REDACTED PERSONAL DATA'])
    expect(classifyPayee('Redactive Publishing Limited').kind).toBe(PayeeKind.Organisation)
    expect(names).toContain('Redactive Publishing Limited')
  })

  it('counts redacted rows and people named outright', () => {
    const redactedRows = payments.filter((row) => classifyPayee(row[at] ?? '').kind === PayeeKind.Redacted)
    const individuals = byKind(PayeeKind.Individual)
    const organisations = byKind(PayeeKind.Organisation)
    console.log(
      `Leeds 2013: ${names.length} distinct payees: ${byKind(PayeeKind.Redacted).length} redaction strings, ` +
        `${individuals.length} individuals, ${organisations.length} organisations; ` +
        `${redactedRows.length} of ${payments.length} payment rows redacted`,
    )
    console.log('Individuals:', individuals.slice(0, 20))
    expect(redactedRows.length).toBe(9686)
    expect(individuals.sort()).toEqual([
      'Dr M.S. Alexander',
      'Dr Otd Adewusi',
      'Mr And Mrs J Byrd',
      'Mr J A Blackhurst',
      'Mr M Ahsan',
      'Mr Tim Bennett',
    ])
  })
})

describe('Oxford City Council January to March 2018 payees (real file)', () => {
  const [header = [], ...rows] = parseCsv(readSpendFile('oxford-city-council/expenditure-over-500-jan-mar-2018.csv'))
  const at = header.indexOf('Supplier Name')
  const names = new Set(rows.map((row) => (row[at] ?? '').trim()))
  const kindOf = (name: string) => (names.has(name) ? classifyPayee(name).kind : 'not in the file')

  it('treats the titled people paid rent allowance and homeless prevention as individuals', () => {
    for (const name of ['MR P & MRS DW DOWLEY', 'MR ARJ & MS SALLY ARUL', 'MR JOHN KEOWN', 'MR M LENTHALL']) {
      expect(kindOf(name), name).toBe(PayeeKind.Individual)
    }
  })

  it('leaves a bare name without a title as it was', () => {
    expect(kindOf('COLLEEN ASHBEE')).toBe(PayeeKind.Organisation)
  })
})
