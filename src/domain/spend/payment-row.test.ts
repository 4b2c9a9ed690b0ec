import { describe, expect, it } from 'vitest'
import { SpendField } from './columns.js'
import { dateCache, interpretRow, payeeCache } from './payment-row.js'

const header = ['Date', 'Amount', 'Supplier', 'Date and amount']
const mapping = { [SpendField.Date]: 0, [SpendField.Amount]: 1, [SpendField.Supplier]: 2 }

function interpret(cells: string[]) {
  return interpretRow(cells, mapping, header, payeeCache(), dateCache({ latest: '2026-12-31' }))
}

describe('interpretRow, with a latest date from the importer', () => {
  it('accepts a payment on the latest date', () => {
    expect(interpret(['31/12/2026', '12.50', 'Acme Ltd', ''])).toMatchObject({
      kind: 'payment',
      payment: { date: '2026-12-31', pence: 1250n },
    })
  })

  it('rejects a payment dated after it', () => {
    expect(interpret(['01/01/2027', '12.50', 'Acme Ltd', ''])).toEqual({
      kind: 'rejected',
      reason: '01/01/2027 (1 January 2027) is after 31 December 2026, later than any payment could be: check the year',
    })
  })

  it('holds a date split from a fused date and amount to it too', () => {
    const fused = { [SpendField.Date]: 3, [SpendField.Amount]: 1, [SpendField.Supplier]: 2 }
    const row = (dateAndAmount: string) =>
      interpretRow(
        ['', '', 'Acme Ltd', dateAndAmount],
        fused,
        header,
        payeeCache(),
        dateCache({ latest: '2026-12-31' }),
      )
    expect(row('31/12/2026 12.50')).toMatchObject({ kind: 'payment', payment: { date: '2026-12-31', pence: 1250n } })
    expect(row('01/01/2099 12.50')).toEqual({
      kind: 'rejected',
      reason: '2099-01-01 (1 January 2099) is after 31 December 2026, later than any payment could be: check the year',
    })
  })

  it('rejects an amount no single payment could be', () => {
    expect(interpret(['01/04/2025', '99999999999999', 'Acme Ltd', ''])).toEqual({
      kind: 'rejected',
      reason: 'Amount "99999999999999" (£99,999,999,999,999.00) is larger than any single payment could be: check it',
    })
  })
})
