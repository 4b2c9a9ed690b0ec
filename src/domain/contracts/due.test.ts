import { describe, expect, it } from 'vitest'
import { emptyContractDraft, type Contract } from './contract.js'
import {
  addMonths,
  daysBetween,
  dueSoon,
  durationInWords,
  normaliseReminderMonths,
  outstandingActions,
  remindersDue,
  timeLeftInWords,
} from './due.js'

const TODAY = '2026-03-15'

function contract(id: string, over: Partial<Contract> = {}): Contract {
  return {
    ...emptyContractDraft(`REF-${id}`, `Contract ${id}`),
    ownerEmail: 'owner@example.org',
    totalValue: '1000.00',
    startDate: '2024-01-01',
    id,
    organisationId: 'org-a',
    category: null,
    source: 'manual',
    version: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  }
}

describe('dates', () => {
  it('adds months, keeping the day or the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2026-03-15', 9)).toBe('2026-12-15')
    expect(addMonths('2026-03-15', 10)).toBe('2027-01-15')
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15')
    expect(addMonths('2026-01-10', -13)).toBe('2024-12-10')
  })

  it('counts days and says how long is left in words', () => {
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1)
    expect(durationInWords('2026-03-15', '2026-05-18')).toBe('2 months and 3 days')
    expect(durationInWords('2026-03-15', '2026-03-20')).toBe('5 days')
    expect(durationInWords('2026-03-15', '2027-04-20')).toBe('1 year and 1 month')
    expect(durationInWords('2026-03-15', '2028-03-15')).toBe('2 years')
    expect(durationInWords('2026-03-15', '2026-04-15')).toBe('1 month')
    expect(timeLeftInWords(TODAY, TODAY)).toBe('today')
    expect(timeLeftInWords(TODAY, '2026-03-16')).toBe('tomorrow')
    expect(timeLeftInWords(TODAY, '2026-03-05')).toBe('10 days ago')
    expect(timeLeftInWords(TODAY, '2026-06-15')).toBe('in 3 months')
  })
})

describe('dueSoon', () => {
  it('lists ends and reviews inside the window, soonest first, and nothing ended, stopped or beyond it', () => {
    const contracts = [
      contract('a', { endDate: '2026-12-15' }), // the window's last day: in
      contract('b', { endDate: '2026-12-16' }), // a day beyond: out
      contract('c', { endDate: '2026-04-01', reviewDate: '2026-03-20' }),
      contract('d', { endDate: '2026-03-14' }), // ended yesterday: an outstanding action, not due
      contract('e', { endDate: '2026-05-01', status: 'terminated' }),
      contract('f', { endDate: TODAY, maxEndDate: '2027-03-15' }),
      contract('g', { endDate: '2026-04-01', reviewDate: '2026-06-01' }), // review after the end: not asked
    ]
    const items = dueSoon(contracts, TODAY, 9)
    expect(items.map((i) => `${i.contractId}:${i.kind}:${i.date}`)).toEqual([
      'f:end:2026-03-15',
      'c:review:2026-03-20',
      'c:end:2026-04-01',
      'g:end:2026-04-01',
      'a:end:2026-12-15',
    ])
    expect(items[0]).toMatchObject({ daysLeft: 0, timeLeft: 'today' })
    expect(items[0]!.action).toMatch(/extension option/)
    expect(items[2]!.action).toBe('Decide whether to re-procure, renew or let it end')
    expect(items[1]).toMatchObject({
      daysLeft: 5,
      timeLeft: 'in 5 days',
      action: 'Review how the contract is performing',
    })
  })
})

describe('outstandingActions', () => {
  it('flags overdue reviews, recently ended contracts, missing owners, dates, values and reasons', () => {
    const actions = outstandingActions(
      [
        contract('review', { endDate: '2027-01-01', reviewDate: '2026-03-01' }),
        contract('ended', { endDate: '2026-02-01', reviewDate: '2025-06-01' }),
        contract('long-ended', { endDate: '2025-11-01', ownerEmail: null }),
        contract('orphan', { endDate: '2027-01-01', ownerEmail: null }),
        contract('open-ended', { endDate: null }),
        contract('no-value', { endDate: '2027-01-01', totalValue: null }),
        contract('direct', { endDate: '2027-01-01', procurementRoute: 'direct', directAwardReason: null }),
        contract('stopped', { endDate: null, status: 'cancelled', ownerEmail: null }),
        contract('fine', { endDate: '2027-01-01', reviewDate: '2026-09-01' }),
      ],
      TODAY,
    )
    expect(actions.map((a) => `${a.contractId}:${a.kind}`)).toEqual([
      'review:overdue-review',
      'ended:ended-still-active',
      'orphan:no-owner',
      'open-ended:no-end-date',
      'no-value:no-value',
      'direct:direct-award-no-reason',
    ])
  })
})

describe('remindersDue', () => {
  const months = [9, 6, 3]
  it('sends nothing before the first lead time', () => {
    expect(remindersDue(contract('x', { endDate: '2026-12-16' }), months, TODAY)).toEqual([])
  })
  it('sends the first lead time on its day', () => {
    expect(remindersDue(contract('x', { endDate: '2026-12-15' }), months, TODAY)).toEqual([
      { kind: 'end', dueDate: '2026-12-15', leadMonths: 9 },
    ])
  })
  it('after a missed run sends only the latest lead time passed', () => {
    expect(remindersDue(contract('x', { endDate: '2026-05-01', reviewDate: '2026-08-01' }), months, TODAY)).toEqual([
      { kind: 'end', dueDate: '2026-05-01', leadMonths: 3 },
      { kind: 'review', dueDate: '2026-08-01', leadMonths: 6 },
    ])
  })
  it('sends nothing once the date has passed, or for a contract that has stopped', () => {
    expect(remindersDue(contract('x', { endDate: '2026-03-14' }), months, TODAY)).toEqual([])
    expect(remindersDue(contract('x', { endDate: '2026-05-01', status: 'terminated' }), months, TODAY)).toEqual([])
  })
  it('keeps lead times whole, in range, once each and longest first', () => {
    expect(normaliseReminderMonths([3, 9, 6, 3, 0, 37, 1.5])).toEqual([9, 6, 3])
  })
})
