// What needs an officer's attention on the register: contracts ending or due for review soon, things left undone,
// and which reminder an owner should get today. Pure: no I/O. Dates are ISO strings (YYYY-MM-DD), compared as text.
import type { Contract } from './contract.js'

export const DEFAULT_REMINDER_MONTHS = [9, 6, 3] as const
export const DEFAULT_DUE_SOON_MONTHS = 9
/** Ended contracts still marked active are flagged for this long after their end date, then left alone. */
export const RECENTLY_ENDED_MONTHS = 3

export type ContractSettings = { reminderMonths: number[]; dueSoonMonths: number }

export const DEFAULT_CONTRACT_SETTINGS: ContractSettings = {
  reminderMonths: [...DEFAULT_REMINDER_MONTHS],
  dueSoonMonths: DEFAULT_DUE_SOON_MONTHS,
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number)
  return [y!, m!, d!]
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** The same day some months later (or earlier, when negative); the 31st becomes the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return iso(year, month, Math.min(d, daysInMonth(year, month)))
}

/** The date some days later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** How long from one date to a later one, in words: "2 months and 3 days", "1 year and 1 month", "5 days". */
export function durationInWords(from: string, to: string): string {
  if (to <= from) return '0 days'
  let months = 0
  while (addMonths(from, months + 1) <= to) months++
  const days = daysBetween(addMonths(from, months), to)
  const years = Math.floor(months / 12)
  const rest = months % 12
  const words = [
    ...(years > 0 ? [plural(years, 'year')] : []),
    ...(rest > 0 ? [plural(rest, 'month')] : []),
    // Days matter when under a year; beyond that they are noise.
    ...(days > 0 && years === 0 ? [plural(days, 'day')] : []),
  ]
  return words.length === 2 ? `${words[0]} and ${words[1]}` : words.join(', ')
}

/** "in 2 months and 3 days", "today", "tomorrow", "3 days ago". */
export function timeLeftInWords(today: string, date: string): string {
  const days = daysBetween(today, date)
  if (days === 0) return 'today'
  if (days === 1) return 'tomorrow'
  if (days === -1) return 'yesterday'
  return days > 0 ? `in ${durationInWords(today, date)}` : `${durationInWords(date, today)} ago`
}

export type DueKind = 'end' | 'review'

export type DueItem = {
  contractId: string
  kind: DueKind
  date: string
  daysLeft: number
  timeLeft: string
  action: string
}

/** Whether a contract is still running as far as the register says (not ended early, not cancelled). */
const isActive = (c: Pick<Contract, 'status'>) => c.status === 'active'

/** What to do as a contract's end approaches: extension options first, when there are some left. */
export function endAction(c: Pick<Contract, 'endDate' | 'maxEndDate' | 'extensionOptions'>): string {
  if (c.endDate && c.maxEndDate && c.maxEndDate > c.endDate)
    return 'Decide whether to take up the extension option or re-procure'
  return 'Decide whether to re-procure, renew or let it end'
}

/**
 * Contracts ending, or due for review, from today to the end of the window (both inclusive), soonest first. A
 * contract can appear twice: once for its end and once for its review.
 */
export function dueSoon(contracts: readonly Contract[], today: string, windowMonths: number): DueItem[] {
  const until = addMonths(today, windowMonths)
  const items: DueItem[] = []
  for (const c of contracts) {
    if (!isActive(c)) continue
    if (c.endDate && c.endDate >= today && c.endDate <= until)
      items.push(item(c.id, 'end', c.endDate, today, endAction(c)))
    if (c.reviewDate && c.reviewDate >= today && c.reviewDate <= until && (!c.endDate || c.reviewDate <= c.endDate))
      items.push(item(c.id, 'review', c.reviewDate, today, 'Review how the contract is performing'))
  }
  return items.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind))
}

function item(contractId: string, kind: DueKind, date: string, today: string, action: string): DueItem {
  return { contractId, kind, date, daysLeft: daysBetween(today, date), timeLeft: timeLeftInWords(today, date), action }
}

export const OUTSTANDING_KINDS = [
  'overdue-review',
  'ended-still-active',
  'no-owner',
  'no-end-date',
  'no-value',
  'direct-award-no-reason',
] as const
export type OutstandingKind = (typeof OUTSTANDING_KINDS)[number]

export const OUTSTANDING_LABELS: Record<OutstandingKind, { title: string; action: string }> = {
  'overdue-review': { title: 'Review overdue', action: 'Review the contract and set the next review date' },
  'ended-still-active': {
    title: 'End date passed',
    action: 'Record an extension if it goes on; otherwise check nothing more is being bought under it',
  },
  'no-owner': { title: 'No owner', action: 'Choose who manages the contract, so reminders reach someone' },
  'no-end-date': { title: 'No end date', action: 'Record when the contract ends' },
  'no-value': { title: 'No total value', action: 'Record the contract’s total value, as the Transparency Code asks' },
  'direct-award-no-reason': {
    title: 'Direct award without a reason',
    action: 'Record why the contract was awarded directly',
  },
}

export type OutstandingAction = { contractId: string; kind: OutstandingKind; since: string | null }

/**
 * Things left undone on contracts that are running, not started or ended in the last few months (older records are
 * history, not work): overdue reviews, ended contracts nobody has extended, and gaps in the record.
 */
export function outstandingActions(contracts: readonly Contract[], today: string): OutstandingAction[] {
  const recent = addMonths(today, -RECENTLY_ENDED_MONTHS)
  const out: OutstandingAction[] = []
  for (const c of contracts) {
    if (!isActive(c)) continue
    if (c.endDate && c.endDate < recent) continue
    const ended = c.endDate !== null && c.endDate < today
    if (c.reviewDate && c.reviewDate < today && !ended)
      out.push({ contractId: c.id, kind: 'overdue-review', since: c.reviewDate })
    if (ended) out.push({ contractId: c.id, kind: 'ended-still-active', since: c.endDate })
    if (!c.ownerUserId && !c.ownerEmail && !c.ownerName) out.push({ contractId: c.id, kind: 'no-owner', since: null })
    if (!c.endDate) out.push({ contractId: c.id, kind: 'no-end-date', since: null })
    if (c.totalValue === null) out.push({ contractId: c.id, kind: 'no-value', since: null })
    if (c.procurementRoute === 'direct' && !c.directAwardReason)
      out.push({ contractId: c.id, kind: 'direct-award-no-reason', since: null })
  }
  const order = (k: OutstandingKind) => OUTSTANDING_KINDS.indexOf(k)
  return out.sort((a, b) => order(a.kind) - order(b.kind) || (a.since ?? '').localeCompare(b.since ?? ''))
}

export type ReminderDue = { kind: DueKind; dueDate: string; leadMonths: number }

/**
 * The reminders a contract's owner should have by today: for its end date and its review date, the latest lead
 * time that has passed (so a missed run sends one reminder, not every one it missed). Only for running contracts,
 * and only before the date itself.
 */
export function remindersDue(
  c: Pick<Contract, 'status' | 'endDate' | 'reviewDate'>,
  reminderMonths: readonly number[],
  today: string,
): ReminderDue[] {
  if (c.status !== 'active') return []
  const out: ReminderDue[] = []
  const dates: [DueKind, string | null][] = [
    ['end', c.endDate],
    ['review', c.reviewDate],
  ]
  for (const [kind, date] of dates) {
    if (!date || date < today) continue
    const passed = reminderMonths.filter((m) => addMonths(date, -m) <= today)
    if (passed.length === 0) continue
    out.push({ kind, dueDate: date, leadMonths: Math.min(...passed) })
  }
  return out
}

/** Lead times as the settings keep them: whole months from 1 to 36, each once, longest first. */
export function normaliseReminderMonths(months: readonly number[]): number[] {
  return [...new Set(months)].filter((m) => Number.isInteger(m) && m >= 1 && m <= 36).sort((a, b) => b - a)
}
