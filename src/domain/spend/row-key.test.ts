import { describe, expect, it } from 'vitest'
import { parseAmount } from './amount.js'
import { parseDate } from './date.js'
import { parseCsv, readSpendFile } from './real-spend-files.testing.js'
import { payeeKeyOf, paymentBaseKey, paymentFingerprint } from './row-key.js'

const payment = {
  organisationId: 'org-1',
  transactionRef: '1301-00001',
  date: '2013-01-16',
  pence: 65052n,
  payee: 'A & A Electrical Distributors Ltd',
  department: 'Central & Corporate',
  expenseType: 'Operational Materials',
}

describe('paymentFingerprint', () => {
  it('is the same for the same transaction in another file, however the payee and department are written', () => {
    const again = { ...payment, payee: 'A &amp; A ELECTRICAL DISTRIBUTORS LIMITED', department: 'Resources' }
    expect(paymentFingerprint(again)).toBe(paymentFingerprint(payment))
    expect(paymentFingerprint({ ...payment, transactionRef: ' 1301-00001 ' })).toBe(paymentFingerprint(payment))
  })

  it('treats every spelling of a redaction as the same payee', () => {
    const a = { ...payment, payee: 'REDACTED PERSONAL DATA' }
    const b = { ...payment, payee: 'Redacted, personal data' }
    expect(paymentFingerprint(a)).toBe(paymentFingerprint(b))
  })

  it.each([
    ['organisation', { organisationId: 'org-2' }],
    ['reference', { transactionRef: '1301-00002' }],
    ['date', { date: '2013-01-17' }],
    ['amount', { pence: -65052n }],
    ['payee', { payee: 'Someone Else Ltd' }],
    ['occurrence', { occurrence: 2 }],
  ])('changes with the %s', (_what, change) => {
    expect(paymentFingerprint({ ...payment, ...change })).not.toBe(paymentFingerprint(payment))
  })

  it('uses every field when there is no reference', () => {
    const noRef = { ...payment, transactionRef: null }
    expect(paymentFingerprint({ ...noRef, department: 'Resources' })).not.toBe(paymentFingerprint(noRef))
    expect(paymentFingerprint({ ...noRef, expenseType: 'Other Materials' })).not.toBe(paymentFingerprint(noRef))
    expect(paymentFingerprint({ ...noRef, department: ' central & CORPORATE ' })).toBe(paymentFingerprint(noRef))
    expect(paymentFingerprint({ ...noRef, transactionRef: '  ' })).toBe(paymentFingerprint(noRef))
  })

  it('cannot be confused by separators inside values', () => {
    const a = { ...payment, transactionRef: null, department: 'a","b', expenseType: 'c' }
    const b = { ...payment, transactionRef: null, department: 'a', expenseType: 'b","c' }
    expect(paymentFingerprint(a)).not.toBe(paymentFingerprint(b))
  })
})

describe('fingerprints of a real file', () => {
  it('gives every Leeds 2013 payment its own key once occurrences are counted', () => {
    const [header = [], ...rows] = parseCsv(
      readSpendFile('leeds-city-council/leeds_spend_2013_calendar_year_concatenated.csv.gz', 'windows-1252'),
    )
    const at = (name: string) => header.indexOf(name)
    const seen = new Map<string, number>()
    const keys = new Set<string>()
    let repeats = 0
    for (const row of rows) {
      const date = parseDate(row[at('DatePaid')] ?? '')
      const amount = parseAmount(row[at('NetAmount')] ?? '')
      if (!date.ok || !amount.ok) continue // the 9 monthly total rows
      const identity = {
        organisationId: 'leeds',
        transactionRef: row[at('TransactionNumber')],
        date: date.date,
        pence: amount.pence,
        payee: row[at('SupplierName')] ?? '',
      }
      const base = paymentBaseKey(identity)
      const occurrence = (seen.get(base) ?? 0) + 1
      seen.set(base, occurrence)
      if (occurrence > 1) repeats++
      keys.add(paymentFingerprint({ ...identity, occurrence }))
    }
    console.log(`Leeds 2013: ${keys.size} keys; ${repeats} rows repeat an earlier row's ref, date, amount and payee`)
    expect(keys.size).toBe(114_585)
  })
})

describe('the key text', () => {
  // Payments already stored hold keys in this exact form, so a later file matches them only if it never changes.
  it('is the JSON array of the rule, with the occurrence last', () => {
    expect(paymentFingerprint({ ...payment, occurrence: 2 })).toBe(
      JSON.stringify(['ref', 'org-1', '1301-00001', '2013-01-16', '65052', payeeKeyOf(payment.payee), 2]),
    )
    const odd = 'Café "Noir" \\ Sons\u2028'
    expect(paymentBaseKey({ ...payment, transactionRef: null, payee: odd, pence: -5n })).toBe(
      JSON.stringify([
        'row',
        'org-1',
        '2013-01-16',
        '-5',
        payeeKeyOf(odd),
        'central & corporate',
        'operational materials',
        0,
      ]),
    )
    expect(paymentFingerprint({ ...payment, payee: 'REDACTED PERSONAL DATA' })).toBe(
      JSON.stringify(['ref', 'org-1', '1301-00001', '2013-01-16', '65052', 'redacted', 1]),
    )
  })
})
