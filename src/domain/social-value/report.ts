// The social value report: what was promised and what was delivered, in units and in £, by theme, measure and
// contract, with red/amber/green per commitment rolled up per contract, department and organisation. Pure: the
// caller loads the rows; every sum is in integer pence.
import type { Theme } from './framework.js'
import { proxyInForce } from './framework.js'
import { periodWithin, returnDueDate } from './period.js'
import { formatPence, formatQuantity, parseMoneyPence, parseQuantity, valuePence } from './quantity.js'
import { commitmentRag, percentOf, rollUpRag, type RagRollup, type RagStatus, type RagThresholds } from './rag.js'

export type ReportMeasure = {
  id: string
  code: string
  name: string
  unit: string
  theme: Theme
  proxies: readonly { validFrom: string; value: string }[]
}

export type ReportContract = {
  id: string
  organisationId: string
  reference: string
  title: string
  department: string | null
}

export type ReportCommitment = {
  id: string
  contractId: string
  measureId: string
  periodStart: string
  periodEnd: string
  targetQuantity: string
}

export type ReportReturn = {
  contractId: string
  measureId: string
  periodStart: string
  periodEnd: string
  actualQuantity: string
  status: 'submitted' | 'accepted' | 'queried' | 'rejected'
}

export type Money = { amount: string }

/**
 * True when the row has commitments or accepted returns in the period but no proxy value was in force for any of
 * them: its £ are zero because nothing gives its units a value, not because nothing was promised or delivered.
 */
type UnitsOnly = { unitsOnly: boolean }

export type ReportInput = {
  from: string
  to: string
  today: string
  dueDays: number
  thresholds: RagThresholds
  measures: readonly ReportMeasure[]
  contracts: readonly ReportContract[]
  commitments: readonly ReportCommitment[]
  returns: readonly ReportReturn[]
}

export type CommitmentLine = {
  commitmentId: string
  contractId: string
  contractReference: string
  measureCode: string
  periodStart: string
  periodEnd: string
  dueDate: string
  targetQuantity: string
  deliveredQuantity: string
  /** £ per unit in force at the period's start; null when the measure has no proxy value then. */
  proxyValue: string | null
  committed: Money
  delivered: Money
  percent: string | null
  status: RagStatus
}

export type SocialValueReport = {
  from: string
  to: string
  thresholds: RagThresholds
  committed: Money
  delivered: Money
  byTheme: ({ theme: Theme; committed: Money; delivered: Money } & UnitsOnly)[]
  byMeasure: ({
    measureId: string
    code: string
    name: string
    unit: string
    theme: Theme
    committedQuantity: string
    deliveredQuantity: string
    committed: Money
    delivered: Money
  } & UnitsOnly)[]
  byContract: ({
    contractId: string
    organisationId: string
    reference: string
    title: string
    department: string | null
    committed: Money
    delivered: Money
    rag: RagRollup
  } & UnitsOnly)[]
  rag: {
    commitments: CommitmentLine[]
    byDepartment: { department: string | null; rag: RagRollup }[]
    byOrganisation: { organisationId: string; rag: RagRollup }[]
    overall: RagRollup
  }
}

const money = (pence: bigint): Money => ({ amount: formatPence(pence) })

function priceAt(measure: ReportMeasure, date: string): bigint | null {
  const p = proxyInForce(measure.proxies, date)
  return p ? parseMoneyPence(p.value)! : null
}

function qty(text: string): bigint {
  const q = parseQuantity(text)
  if (q === undefined) throw new Error(`Not a quantity: ${text}`)
  return q
}

/** Sums for one row of a table; `valued` once any of its commitments or returns had a proxy value in force. */
type Totals = { committed: bigint; delivered: bigint; committedQty: bigint; deliveredQty: bigint; valued: boolean }
const zero = (): Totals => ({ committed: 0n, delivered: 0n, committedQty: 0n, deliveredQty: 0n, valued: false })

function bucket<K>(map: Map<K, Totals>, key: K): Totals {
  let t = map.get(key)
  if (!t) map.set(key, (t = zero()))
  return t
}

/**
 * Committed £ = each commitment's target × the proxy in force at its period's start; delivered £ = each ACCEPTED
 * return's actual × the proxy in force at its period's start. A commitment or return is in the report when its
 * period starts between `from` and `to`. Each line is rounded to the penny before it is summed.
 */
export function buildSocialValueReport(input: ReportInput): SocialValueReport {
  const measures = new Map(input.measures.map((m) => [m.id, m]))
  const contracts = new Map(input.contracts.map((c) => [c.id, c]))
  const inRange = (p: { periodStart: string }) => p.periodStart >= input.from && p.periodStart <= input.to
  const byTheme = new Map<Theme, Totals>()
  const byMeasure = new Map<string, Totals>()
  const byContract = new Map<string, Totals>()
  let committed = 0n
  let delivered = 0n

  const accepted = input.returns.filter((r) => r.status === 'accepted')
  for (const r of accepted.filter(inRange)) {
    const measure = measures.get(r.measureId)!
    const q = qty(r.actualQuantity)
    const price = priceAt(measure, r.periodStart)
    const pence = price === null ? 0n : valuePence(q, price)
    delivered += pence
    for (const t of [bucket(byTheme, measure.theme), bucket(byMeasure, measure.id), bucket(byContract, r.contractId)]) {
      t.delivered += pence
      t.deliveredQty += q
      t.valued ||= price !== null
    }
  }

  const lines: CommitmentLine[] = []
  for (const c of input.commitments.filter(inRange)) {
    const measure = measures.get(c.measureId)!
    const contract = contracts.get(c.contractId)!
    const target = qty(c.targetQuantity)
    const price = priceAt(measure, c.periodStart)
    const pence = price === null ? 0n : valuePence(target, price)
    committed += pence
    for (const t of [bucket(byTheme, measure.theme), bucket(byMeasure, measure.id), bucket(byContract, c.contractId)]) {
      t.committed += pence
      t.committedQty += target
      t.valued ||= price !== null
    }
    // What was delivered towards this commitment: accepted returns for the same contract and measure whose period
    // lies within the commitment's, each at the proxy in force at its own start.
    let deliveredQty = 0n
    let deliveredPence = 0n
    const period = { start: c.periodStart, end: c.periodEnd }
    for (const r of accepted)
      if (
        r.contractId === c.contractId &&
        r.measureId === c.measureId &&
        periodWithin({ start: r.periodStart, end: r.periodEnd }, period)
      ) {
        const q = qty(r.actualQuantity)
        deliveredQty += q
        const p = priceAt(measure, r.periodStart)
        if (p !== null) deliveredPence += valuePence(q, p)
      }
    const dueDate = returnDueDate(period, input.dueDays)
    lines.push({
      commitmentId: c.id,
      contractId: c.contractId,
      contractReference: contract.reference,
      measureCode: measure.code,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      dueDate,
      targetQuantity: formatQuantity(target),
      deliveredQuantity: formatQuantity(deliveredQty),
      proxyValue: price === null ? null : formatPence(price),
      committed: money(pence),
      delivered: money(deliveredPence),
      percent: percentOf(deliveredQty, target),
      status: commitmentRag({ delivered: deliveredQty, target, dueDate }, input.today, input.thresholds),
    })
  }

  const weightOf = (l: CommitmentLine) => ({
    status: l.status,
    committedPence: parseMoneyPence(l.committed.amount)!,
    deliveredPence: parseMoneyPence(l.delivered.amount)!,
  })
  const groupRag = <K>(key: (l: CommitmentLine) => K) => {
    const groups = new Map<K, CommitmentLine[]>()
    for (const l of lines) {
      const k = key(l)
      groups.set(k, [...(groups.get(k) ?? []), l])
    }
    return new Map([...groups].map(([k, ls]) => [k, rollUpRag(ls.map(weightOf), input.thresholds)]))
  }
  const contractRag = groupRag((l) => l.contractId)
  const departmentRag = groupRag((l) => contracts.get(l.contractId)!.department)
  const organisationRag = groupRag((l) => contracts.get(l.contractId)!.organisationId)
  const emptyRag = rollUpRag([], input.thresholds)

  return {
    from: input.from,
    to: input.to,
    thresholds: input.thresholds,
    committed: money(committed),
    delivered: money(delivered),
    byTheme: (['economic', 'social', 'environmental'] as const).map((theme) => {
      const t = byTheme.get(theme)
      return {
        theme,
        committed: money(t?.committed ?? 0n),
        delivered: money(t?.delivered ?? 0n),
        unitsOnly: t !== undefined && !t.valued,
      }
    }),
    byMeasure: input.measures
      .filter((m) => byMeasure.has(m.id))
      .map((m) => {
        const t = byMeasure.get(m.id)!
        return {
          measureId: m.id,
          code: m.code,
          name: m.name,
          unit: m.unit,
          theme: m.theme,
          committedQuantity: formatQuantity(t.committedQty),
          deliveredQuantity: formatQuantity(t.deliveredQty),
          committed: money(t.committed),
          delivered: money(t.delivered),
          unitsOnly: !t.valued,
        }
      }),
    byContract: input.contracts
      .filter((c) => byContract.has(c.id))
      .map((c) => {
        const t = byContract.get(c.id)!
        return {
          contractId: c.id,
          organisationId: c.organisationId,
          reference: c.reference,
          title: c.title,
          department: c.department,
          committed: money(t.committed),
          delivered: money(t.delivered),
          unitsOnly: !t.valued,
          rag: contractRag.get(c.id) ?? emptyRag,
        }
      }),
    rag: {
      commitments: lines,
      byDepartment: [...departmentRag].map(([department, rag]) => ({ department, rag })),
      byOrganisation: [...organisationRag].map(([organisationId, rag]) => ({ organisationId, rag })),
      overall: rollUpRag(lines.map(weightOf), input.thresholds),
    },
  }
}
