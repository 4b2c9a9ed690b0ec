import { describe, expect, it } from 'vitest'
import { formatPence, parseAmount, sumPence } from './amount.js'
import { parseCsv, readSpendFile } from './real-spend-files.testing.js'

const pence = (text: string) => {
  const result = parseAmount(text)
  if (!result.ok) throw new Error(result.reason)
  return result.pence
}

describe('parseAmount', () => {
  it.each([
    ['£1,234.56', 123456n],
    ['1234.5', 123450n],
    [' 1,234.56 ', 123456n],
    ['500', 50000n],
    ['.5', 50n],
    ['0.00', 0n],
    ['(1,234.56)', -123456n],
    ['"(39,864,000.00)"'.slice(1, -1), -3986400000n],
    ['-12.00', -1200n],
    ['−12.00', -1200n],
    ['12.00-', -1200n],
    ['-£12.00', -1200n],
    ['£-12.00', -1200n],
    ['(£12.00)', -1200n],
    ['+7.10', 710n],
    ['GBP 7.10', 710n],
    ['1,000,000', 100000000n],
  ])('reads %j as %d pence', (text, expected) => {
    expect(parseAmount(text)).toEqual({ ok: true, pence: expected })
  })

  it.each([
    ['2534.1999999999998', 253420n, 'rounded 2534.1999999999998 to 2534.20'],
    ['35045.349999999991', 3504535n, 'rounded 35045.349999999991 to 35045.35'],
    ['49937.590000000033', 4993759n, 'rounded 49937.590000000033 to 49937.59'],
    ['1.005', 101n, 'rounded 1.005 to 1.01'],
    ['-1.005', -101n, 'rounded -1.005 to -1.01'],
    ['-0.004', 0n, 'rounded -0.004 to 0.00'],
    ['1.2E3', 120000n, 'expanded 1.2E3 from scientific notation'],
    ['5e-2', 5n, 'expanded 5e-2 from scientific notation'],
  ])('repairs %j to %d pence and says so', (text, expected, repaired) => {
    expect(parseAmount(text)).toEqual({ ok: true, pence: expected, repaired })
  })

  it('does not count trailing zeros as float noise', () => {
    expect(parseAmount('12.5000')).toEqual({ ok: true, pence: 1250n })
  })

  it.each([
    ['', 'Amount is missing'],
    ['   ', 'Amount is missing'],
    ['abc', 'Amount "abc" is not a number'],
    ['£', 'Amount "£" is not a number'],
    ['1,23.45', 'Amount "1,23.45" is not a number'],
    ['1.234,56', 'Amount "1.234,56" is not a number'],
    ['--12', 'Amount "--12" is not a number'],
    ['(-12)', 'Amount "(-12)" is not a number'],
    ['12-34', 'Amount "12-34" is not a number'],
    ['.', 'Amount "." is not a number'],
    ['1.2.3', 'Amount "1.2.3" is not a number'],
  ])('rejects %j: %s', (text, reason) => {
    expect(parseAmount(text)).toEqual({ ok: false, reason })
  })
})

describe('parseAmount: amounts no single payment could be', () => {
  it.each([
    ['2500000000.00', 250000000000n],
    ['£2,500,000,000.00', 250000000000n],
    ['9999999999.99', 999999999999n],
    ['-9999999999.99', -999999999999n],
    ['(9,999,999,999.99)', -999999999999n],
    ['9.99999999999E9', 999999999999n],
  ])('accepts %j exactly, just under ten billion pounds', (text, expected) => {
    expect(parseAmount(text)).toMatchObject({ ok: true, pence: expected })
  })

  it.each([
    [
      '10000000000.00',
      'Amount "10000000000.00" (£10,000,000,000.00) is larger than any single payment could be: check it',
    ],
    ['10000000000', 'Amount "10000000000" (£10,000,000,000.00) is larger than any single payment could be: check it'],
    [
      '-10000000000.00',
      'Amount "-10000000000.00" (−£10,000,000,000.00) is larger than any single payment could be: check it',
    ],
    [
      '(£10,000,000,000.00)',
      'Amount "(£10,000,000,000.00)" (−£10,000,000,000.00) is larger than any single payment could be: check it',
    ],
    ['£10,000,000,000.00', 'Amount £10,000,000,000.00 is larger than any single payment could be: check it'],
    [
      '9999999999.995',
      'Amount "9999999999.995" (£10,000,000,000.00) is larger than any single payment could be: check it',
    ],
    ['1E10', 'Amount "1E10" (£10,000,000,000.00) is larger than any single payment could be: check it'],
    [
      '99999999999999',
      'Amount "99999999999999" (£99,999,999,999,999.00) is larger than any single payment could be: check it',
    ],
    [
      '9999999999999.99',
      'Amount "9999999999999.99" (£9,999,999,999,999.99) is larger than any single payment could be: check it',
    ],
  ])('rejects %j: %s', (text, reason) => {
    expect(parseAmount(text)).toEqual({ ok: false, reason })
  })
})

describe('formatPence and sumPence', () => {
  it.each([
    [123456n, '1234.56'],
    [-123456n, '-1234.56'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [0n, '0.00'],
  ])('formats %d as %s', (value, text) => {
    expect(formatPence(value)).toBe(text)
  })

  it('sums exactly where floats would drift', () => {
    const tenPences = Array.from({ length: 1000 }, () => pence('0.10'))
    expect(formatPence(sumPence(tenPences))).toBe('100.00')
    expect(sumPence([])).toBe(0n)
  })
})

// An independent reading of a plain "-1234.5" style amount, by integer arithmetic on the characters.
function independentPence(text: string): bigint {
  const negative = text.startsWith('-')
  const [whole = '', fraction = ''] = (negative ? text.slice(1) : text).split('.')
  let value = 0n
  for (const digit of whole + (fraction + '00').slice(0, 2)) value = value * 10n + BigInt(digit.charCodeAt(0) - 48)
  return negative ? -value : value
}

describe('Leeds City Council, calendar year 2013 (real file)', () => {
  const [header = [], ...rows] = parseCsv(
    readSpendFile('leeds-city-council/leeds_spend_2013_calendar_year_concatenated.csv.gz', 'windows-1252'),
  )
  const column = (name: string) => header.indexOf(name)
  const [amountAt, supplierAt, dateAt] = [column('NetAmount'), column('SupplierName'), column('DatePaid')]
  const isMonthlyTotal = (row: string[]) => row[supplierAt] === '' && row[dateAt] === ''
  const payments = rows.filter((row) => !isMonthlyTotal(row))
  const totals = rows.filter(isMonthlyTotal)

  it('has 114,594 rows, 9 of them monthly totals', () => {
    expect(rows).toHaveLength(114_594)
    expect(totals).toHaveLength(9)
  })

  it('parses every amount cell, with no repairs needed', () => {
    const failures = rows.map((row) => parseAmount(row[amountAt] ?? '')).filter((r) => !r.ok || r.repaired)
    expect(failures).toEqual([])
  })

  it('agrees with the embedded monthly totals, except December 2013 by a penny', () => {
    // Transaction numbers start with the month ("1301-00001"); each total row follows its month's payments.
    const refAt = column('TransactionNumber')
    const checks: string[] = []
    let month = ''
    const sums = new Map<string, bigint>()
    for (const row of rows) {
      if (!isMonthlyTotal(row)) {
        month = (row[refAt] ?? '').slice(0, 4)
        sums.set(month, (sums.get(month) ?? 0n) + pence(row[amountAt] ?? ''))
      } else checks.push(`${month}: total ${row[amountAt]}, rows ${formatPence(sums.get(month) ?? 0n)}`)
    }
    expect(checks).toEqual([
      '1301: total 61252853.96, rows 61252853.96',
      '1302: total 52770585.77, rows 52770585.77',
      '1304: total 80566337.82, rows 80566337.82',
      '1305: total 87723060.28, rows 87723060.28',
      '1307: total 89322769.75, rows 89322769.75',
      '1308: total 88178880.95, rows 88178880.95',
      '1309: total 88683824.09, rows 88683824.09',
      '1310: total 88623833.53, rows 88623833.53',
      '1312: total 104758470.9, rows 104758470.89',
    ])
  })

  it('sums the payments exactly, agreeing with integer arithmetic on the digit strings', () => {
    const total = sumPence(payments.map((row) => pence(row[amountAt] ?? '')))
    const independent = payments.reduce((sum, row) => sum + independentPence(row[amountAt] ?? ''), 0n)
    expect(total).toBe(independent)
    expect(formatPence(total)).toBe('988121468.29')
    const negatives = payments.filter((row) => pence(row[amountAt] ?? '') < 0n)
    expect(negatives).toHaveLength(1206)
    const monthlyTotals = sumPence(totals.map((row) => pence(row[amountAt] ?? '')))
    console.log(`Leeds 2013: ${payments.length} payments, net £${formatPence(total)}; ${negatives.length} credits;`)
    console.log(`  the 9 embedded monthly total rows add up to £${formatPence(monthlyTotals)}`)
  })
})
