import { describe, expect, it } from 'vitest'
import { SpendField, findHeaderRow, mapColumns, normaliseHeader } from './columns.js'
import { listSpendCsvFiles, parseCsv, readSpendFile } from './real-spend-files.testing.js'

/** Each mapped field with the header it came from, e.g. { date: 'Paid Date' }. */
function describeMapping(headers: string[]): Record<string, string> {
  const { mapping } = mapColumns(headers)
  return Object.fromEntries(Object.entries(mapping).map(([field, column]) => [field, headers[column]?.trim() ?? '']))
}

describe('normaliseHeader', () => {
  it.each([
    [' NetAmount ', 'netamount'],
    ['* Total Invoice Amount', 'total invoice amount'],
    ['paid_date', 'paid date'],
    ['Supplier ID(T)', 'supplier id t'],
    ['\uFEFFBody Name', 'body name'],
    ['Amount (£)', 'amount'],
    ['Service  divison   label', 'service divison label'],
  ])('%j → %j', (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected)
  })
})

describe('mapColumns', () => {
  it('maps the Oxford snake_case header', () => {
    const headers =
      'body_name,organisational_unit,expenditure_category,expenditure_code,paid_date,trans_no,amount,caporrev,supplier_id,supplier_name'
    expect(describeMapping(headers.split(','))).toEqual({
      date: 'paid_date',
      amount: 'amount',
      supplier: 'supplier_name',
      transactionRef: 'trans_no',
      department: 'organisational_unit',
      category: 'expenditure_category',
      capitalOrRevenue: 'caporrev',
      supplierId: 'supplier_id',
    })
  })

  it('prefers Payment Date over Effective Date, and Amount over Irrecoverable VAT Amount', () => {
    const headers = ['Effective Date', 'Payment Date', 'Irrecoverable VAT Amount', 'Amount', 'Beneficiary Name']
    const result = mapColumns(headers)
    expect(result.mapping).toMatchObject({ date: 1, amount: 3, irrecoverableVat: 2, supplier: 4 })
    expect(result.confidence).toBe('sure')
    expect(result.unmapped).toEqual(['Effective Date'])
  })

  it('falls back to Effective Date only with a warning', () => {
    const result = mapColumns(['Effective Date', 'Amount', 'Supplier Name'])
    expect(result.mapping.date).toBe(0)
    expect(result.confidence).toBe('unsure')
    expect(result.problems).toEqual(['Using "Effective Date" as the payment date; check it'])
  })

  it('reads Gateshead\'s "Supplier ID(T)" as the supplier name and "Updated" as the date', () => {
    const headers = 'Nstrg(T),Cipfsubj(T),Cipfsubs(T),TransNo,Seq no,Period,Supplier ID(T),Amount,Updated'.split(',')
    expect(describeMapping(headers)).toEqual({
      department: 'Nstrg(T)',
      category: 'Cipfsubj(T)',
      expenseType: 'Cipfsubs(T)',
      transactionRef: 'TransNo',
      supplier: 'Supplier ID(T)',
      amount: 'Amount',
      date: 'Updated',
    })
  })

  it('is unsure when a core column is missing', () => {
    const result = mapColumns(['Paid Date', 'Amount', 'Expenditure Category'])
    expect(result.confidence).toBe('unsure')
    expect(result.problems).toEqual(['No column for the supplier name'])
  })

  it('is unsure when two columns claim the amount equally', () => {
    const result = mapColumns(['Date', 'Amount', 'Supplier', 'amount'])
    expect(result.confidence).toBe('unsure')
    expect(result.problems).toEqual(['More than one column could be the amount: "Amount" and "amount"'])
  })

  it('prefers the net amount to a total, and a transaction number to an invoice number', () => {
    const result = mapColumns(['Date', 'Total', 'Net Amount', 'Supplier', 'Invoice Number', 'Transaction Number'])
    expect(result.mapping).toMatchObject({ amount: 2, transactionRef: 5 })
    expect(result.unmapped).toEqual(['Total', 'Invoice Number'])
  })

  it('ignores blank trailing headers', () => {
    expect(mapColumns(['Date paid', 'Net amount', 'Supplier name', '', '', '']).unmapped).toEqual([])
  })

  it('exposes the field names as camelCase strings', () => {
    expect(SpendField.TransactionRef).toBe('transactionRef')
    expect(Object.values(SpendField)).toHaveLength(15)
  })
})

describe('findHeaderRow', () => {
  it('skips preamble lines', () => {
    const rows = [
      ['Expenditure over £500, August 2022'],
      ['Published by the council', '', ''],
      [],
      ['Date', 'Supplier', 'Amount'],
      ['01/08/2022', 'ACME LTD', '600.00'],
    ]
    expect(findHeaderRow(rows)).toBe(3)
  })

  it('gives -1 when no row in the first 20 is a header', () => {
    expect(findHeaderRow([['a', 'b'], ['c']])).toBe(-1)
    const late = [...Array.from({ length: 20 }, () => ['x']), ['Date', 'Supplier', 'Amount']]
    expect(findHeaderRow(late)).toBe(-1)
  })
})

// Headers of the XLSX workbooks, as read from the sheets (README section 1.7 and 1.8): PCC sheets vary by year.
const XLSX_HEADERS: [string, string[]][] = [
  ['lancashire-pcc 2018-19', ['Expenditure Category', 'Date', 'Total Invoice Amount', 'SUPPLIER', 'Column1']],
  ['lancashire-pcc 2020-21', ['* Expenditure Category', '* Date', '* Total Invoice Amount', '* SUPPLIER FINAL']],
  ['lancashire-pcc 2021-22', ['* Expenditure Category', '* Date', '* Total Invoice Amount', '* SUPPLIER']],
  ['lancashire-pcc 2021-22', ['Expenditure Category', 'Date', 'Total Invoice Amount', 'SUPPLIER FINAL']],
  ['lancashire-pcc 2023-24', ['* Expenditure Category', '* Date', 'TOTAL', '* SUPPLIER FINAL']],
  [
    'lancashire-fire-rescue',
    ['Transaction Number', 'Date', 'Expenditure Category', 'Supplier Name', 'Supplier Classification', 'Amount'],
  ],
]

describe('the header of every real spend file', () => {
  const encodingOf = (path: string) => (path.startsWith('leeds-city-council/') ? 'windows-1252' : 'utf-8')
  const csvHeaders: [string, string[]][] = listSpendCsvFiles().map((path) => {
    const text = readSpendFile(path, encodingOf(path))
    return [path, parseCsv(text.slice(0, text.indexOf('\n')))[0] ?? []]
  })
  const all = [...csvHeaders, ...XLSX_HEADERS]

  it('covers all 40 CSV files', () => {
    expect(csvHeaders).toHaveLength(40)
  })

  it.each(all)('%s maps date, amount and supplier for sure', (_name, headers) => {
    const result = mapColumns(headers)
    expect(result.problems).toEqual([])
    expect(result.confidence).toBe('sure')
    expect(findHeaderRow([headers])).toBe(0)
  })

  it('prints the mapping of each file', () => {
    const fields = ['date', 'amount', 'supplier', 'transactionRef', 'department', 'category', 'expenseType']
    const table = all.map(([name, headers]) => {
      const mapped = describeMapping(headers)
      return { file: name.replace(/^.*\//, ''), ...Object.fromEntries(fields.map((f) => [f, mapped[f] ?? ''])) }
    })
    console.table(table)
    const unmapped = all.map(([name, headers]) => `${name}: ${mapColumns(headers).unmapped.join(' | ')}`)
    console.log(`Unmapped columns:\n${unmapped.join('\n')}`)
  })
})
