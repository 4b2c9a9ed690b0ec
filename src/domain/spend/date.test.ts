import { describe, expect, it } from 'vitest'
import { parseDate, repairFusedDateAmount } from './date.js'
import { listSpendCsvFiles, parseCsv, readSpendFile } from './real-spend-files.testing.js'

describe('parseDate', () => {
  it.each([
    ['27/09/2011', '2011-09-27'],
    ['1/2/2024', '2024-02-01'],
    ['01/02/24', '2024-02-01'],
    ['1/2/69', '2069-02-01'],
    ['1/2/70', '1970-02-01'],
    ['31/12/99', '1999-12-31'],
    ['27/09/2011 00:00:00', '2011-09-27'],
    ['27.09.2011', '2011-09-27'],
    ['13-Nov-2012', '2012-11-13'],
    ['13-NOV-12', '2012-11-13'],
    ['17 July 2023', '2023-07-17'],
    ['1st Sept 2023', '2023-09-01'],
    ['2024-04-02', '2024-04-02'],
    ['2024-04-02T00:00:00', '2024-04-02'],
    ['2024-04-02 13:45', '2024-04-02'],
    ['2024/4/2', '2024-04-02'],
    ['29/02/2024', '2024-02-29'],
    [' 13-Nov-2012 ', '2012-11-13'],
  ])('reads %j as %s', (text, date) => {
    expect(parseDate(text)).toEqual({ ok: true, date })
  })

  it('reads month-first dates when asked', () => {
    expect(parseDate('02/13/2024', { dayFirst: false })).toEqual({ ok: true, date: '2024-02-13' })
    expect(parseDate('02/13/2024')).toEqual({ ok: false, reason: '02/13/2024 is not a real date' })
  })

  it.each([
    ['1', '1900-01-01'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
    ['43200', '2018-04-10'],
    ['43200.0416666', '2018-04-10'],
    ['44652', '2022-04-01'],
    ['45078.041666666664', '2023-06-01'],
    ['45748.041666666664', '2025-04-01'],
  ])('reads Excel serial %s as %s', (text, date) => {
    expect(parseDate(text)).toEqual({ ok: true, date })
  })

  it.each([
    ['', 'Date is missing'],
    ['00:00:00', 'Date is missing (the file has only a time)'],
    ['31/02/2024', '31/02/2024 is not a real date'],
    ['29/02/2023', '29/02/2023 is not a real date'],
    ['00/01/2024', '00/01/2024 is not a real date'],
    ['31-Feb-2024', '31-Feb-2024 is not a real date'],
    ['2024-13-01', '2024-13-01 is not a real date'],
    ['60', "60 is Excel's 29 February 1900, which is not a real date"],
    ['0', '0 is not a real date'],
    ['01/01/1066', '01/01/1066 has an implausible year (1066)'],
    ['next Tuesday', 'Date "next Tuesday" is not in a recognised format'],
    ['13-Foo-2012', 'Date "13-Foo-2012" is not in a recognised format'],
  ])('rejects %j: %s', (text, reason) => {
    expect(parseDate(text)).toEqual({ ok: false, reason })
  })
})

describe('parseDate with a latest date (the importer passes the end of next year)', () => {
  const latest = '2026-12-31'

  it.each([
    ['31/12/2026', '2026-12-31'],
    ['2026-12-31T23:59:59', '2026-12-31'],
    ['31-Dec-26', '2026-12-31'],
    ['46387', '2026-12-31'],
    ['1/2/2024', '2024-02-01'],
  ])('accepts %j, on or before it', (text, date) => {
    expect(parseDate(text, { latest })).toEqual({ ok: true, date })
  })

  it.each([
    [
      '01/01/2027',
      '01/01/2027 (1 January 2027) is after 31 December 2026, later than any payment could be: check the year',
    ],
    [
      '2027-01-01',
      '2027-01-01 (1 January 2027) is after 31 December 2026, later than any payment could be: check the year',
    ],
    [
      '2099-01-01',
      '2099-01-01 (1 January 2099) is after 31 December 2026, later than any payment could be: check the year',
    ],
    ['1 January 2099', '1 January 2099 is after 31 December 2026, later than any payment could be: check the year'],
    ['1/2/69', '1/2/69 (1 February 2069) is after 31 December 2026, later than any payment could be: check the year'],
    ['46388', '46388 (1 January 2027) is after 31 December 2026, later than any payment could be: check the year'],
  ])('rejects %j, after it: %s', (text, reason) => {
    expect(parseDate(text, { latest })).toEqual({ ok: false, reason })
  })

  it('keeps the other reasons first', () => {
    expect(parseDate('31/02/2027', { latest })).toEqual({ ok: false, reason: '31/02/2027 is not a real date' })
    expect(parseDate('01/01/2100', { latest })).toEqual({
      ok: false,
      reason: '01/01/2100 has an implausible year (2100)',
    })
  })

  it('has no upper bound without one', () => {
    expect(parseDate('2099-01-01')).toEqual({ ok: true, date: '2099-01-01' })
  })
})

describe('repairFusedDateAmount', () => {
  it.each([
    ['17/07/2023 1,234.56', { date: '2023-07-17', amount: '1,234.56' }],
    ['17/07/20231234.56', { date: '2023-07-17', amount: '1234.56' }],
    ['1/7/2023-12.00', { date: '2023-07-01', amount: '-12.00' }],
    ['2023-07-17 500', { date: '2023-07-17', amount: '500' }],
    ['13-Nov-2012 765.00', { date: '2012-11-13', amount: '765.00' }],
    ['17/07/23 1234.56', { date: '2023-07-17', amount: '1234.56' }],
  ])('splits %j', (text, expected) => {
    expect(repairFusedDateAmount(text)).toEqual(expected)
  })

  it.each(['17/07/2023', '1234.56', '17/07/231234.56', '17/07/2023 abc', '31/02/2023 12.00', '17/07/2023 12:00'])(
    'refuses %j (not certain)',
    (text) => {
      expect(repairFusedDateAmount(text)).toBeNull()
    },
  )
})

describe('Oxford City Council Paid Date (real files)', () => {
  const oxford = listSpendCsvFiles().filter((path) => path.startsWith('oxford-city-council/'))

  it('has the 17 quarterly files', () => {
    expect(oxford).toHaveLength(17)
  })

  // jan-mar-2014 ends with a junk row (",,xxx,,,,,,,"): no date, amount or payee, so not a payment.
  it.each(oxford)('%s: every Paid Date parses, or all are only a time', (path) => {
    const [header = [], ...all] = parseCsv(readSpendFile(path))
    const [at, amountAt] = ['paid date', 'amount'].map((name) =>
      header.findIndex((h) => h.trim().toLowerCase().replace('_', ' ') === name),
    )
    const rows = all.filter((row) => (row[amountAt ?? -1] ?? '') !== '')
    expect(all.length - rows.length).toBe(path.endsWith('jan-mar-2014.csv') ? 1 : 0)
    const results = rows.map((row) => parseDate(row[at ?? -1] ?? ''))
    if (path.endsWith('apr-jun-2014.csv')) {
      expect(rows).toHaveLength(3836)
      expect(new Set(results.map((r) => (r.ok ? r.date : r.reason)))).toEqual(
        new Set(['Date is missing (the file has only a time)']),
      )
      return
    }
    expect(results.filter((r) => !r.ok)).toEqual([])
    const dates = results.map((r) => (r.ok ? r.date : '')).sort()
    console.log(`${path}: ${rows.length} rows, paid ${dates[0]} to ${dates[dates.length - 1]}`)
  })
})

describe('dates in every other real CSV', () => {
  const cases: [string, string, 'utf-8' | 'windows-1252'][] = [
    ['leeds-city-council/2011-09.csv', 'Date paid', 'windows-1252'],
    ['leeds-city-council/2012-11.csv', 'DatePaid', 'windows-1252'],
    ['leeds-city-council/2020-06.csv', 'Payment Date', 'windows-1252'],
    ['gateshead-council/gateshead_2022-08_odileeds_clean.csv', 'Updated', 'utf-8'],
    ['transport-for-london/tfl_2023-P04_odileeds_clean.csv', 'Clearing Date', 'utf-8'],
    ['greater-london-authority/gla_spending_2008-2013_all_rufuspollock.csv', 'Date', 'utf-8'],
    ['trafford-council/trafford-supplier-spend-2024-25.csv.gz', 'PaymentDate', 'utf-8'],
  ]
  it.each(cases)('%s: every %s parses', (path, name, encoding) => {
    const [header = [], ...rows] = parseCsv(readSpendFile(path, encoding))
    const at = header.indexOf(name)
    const failures = rows.map((row) => [row[at] ?? '', parseDate(row[at] ?? '')] as const).filter(([, r]) => !r.ok)
    const distinct = [...new Map(failures.map(([text, r]) => [text, r])).entries()].slice(0, 5)
    console.log(`${path}: ${rows.length} rows, ${failures.length} unparsed dates`, distinct)
    expect(failures.length).toBeLessThanOrEqual(0)
  })
})
