// Red, amber, green: how far delivery has come against what was promised. The strategy the framework ships from
// sets no thresholds, so an organisation sets its own; by default green is all of the target (100%) and amber at
// least three quarters of it (75%).
export type RagThresholds = { greenPercent: number; amberPercent: number }
export const DEFAULT_RAG_THRESHOLDS: RagThresholds = { greenPercent: 100, amberPercent: 75 }

/** 'not-due' when the return is not yet due and the target is not yet met: too early to judge. */
export const RAG_STATUSES = ['green', 'amber', 'red', 'not-due'] as const
export type RagStatus = (typeof RAG_STATUSES)[number]
export const RAG_LABELS: Record<RagStatus, string> = {
  green: 'Green: on target',
  amber: 'Amber: close to target',
  red: 'Red: well short of target',
  'not-due': 'Not yet due',
}

/** Whether thresholds are sensible: whole percentages, amber at or below green. */
export function validateThresholds(t: RagThresholds): string | null {
  if (!Number.isInteger(t.greenPercent) || t.greenPercent < 1 || t.greenPercent > 1000)
    return 'The green threshold must be a whole percentage from 1 to 1000'
  if (!Number.isInteger(t.amberPercent) || t.amberPercent < 0 || t.amberPercent > t.greenPercent)
    return 'The amber threshold must be a whole percentage no higher than the green threshold'
  return null
}

/** The status of a delivered amount against a target (any unit, as exact integers). A zero target is met. */
export function ragOf(delivered: bigint, target: bigint, t: RagThresholds): Exclude<RagStatus, 'not-due'> {
  if (target <= 0n) return 'green'
  if (delivered * 100n >= target * BigInt(t.greenPercent)) return 'green'
  if (delivered * 100n >= target * BigInt(t.amberPercent)) return 'amber'
  return 'red'
}

/**
 * A commitment's status on a day: judged once its return is due (or earlier, when the target is already met);
 * until then 'not-due'.
 */
export function commitmentRag(
  c: { delivered: bigint; target: bigint; dueDate: string },
  today: string,
  t: RagThresholds,
): RagStatus {
  const status = ragOf(c.delivered, c.target, t)
  if (status === 'green' || today > c.dueDate) return status
  return 'not-due'
}

/** delivered ÷ target as a percentage with one decimal, rounded half up ("87.5"); null for a zero target. */
export function percentOf(delivered: bigint, target: bigint): string | null {
  if (target <= 0n) return null
  const tenths = (delivered * 2000n + target) / (2n * target)
  return `${tenths / 10n}.${tenths % 10n}`
}

export type RagRollup = {
  status: RagStatus
  /** Share of the committed £ delivered on the judged commitments, each capped at its green level; null if none. */
  percent: string | null
  counts: Record<RagStatus, number>
}

/**
 * Rolls commitments up (to a contract, a department, an organisation or a network). Each judged commitment counts
 * by its committed £, and its delivered £ is capped at the green level so that over-delivery on one commitment
 * does not hide a shortfall on another. Commitments whose measure has no proxy value (units only) are counted but
 * carry no weight; when a group has only those, it is judged by the share of them that are green against the
 * same thresholds.
 */
export function rollUpRag(
  items: readonly { status: RagStatus; committedPence: bigint; deliveredPence: bigint }[],
  t: RagThresholds,
): RagRollup {
  const counts: Record<RagStatus, number> = { green: 0, amber: 0, red: 0, 'not-due': 0 }
  let weight = 0n
  let achieved = 0n
  let judged = 0
  for (const i of items) {
    counts[i.status]++
    if (i.status === 'not-due') continue
    judged++
    weight += i.committedPence
    const cap = (i.committedPence * BigInt(t.greenPercent)) / 100n
    achieved += i.deliveredPence < cap ? i.deliveredPence : cap
  }
  if (judged === 0) return { status: 'not-due', percent: null, counts }
  if (weight > 0n) return { status: ragOf(achieved, weight, t), percent: percentOf(achieved, weight), counts }
  const greens = BigInt(counts.green)
  return { status: ragOf(greens, BigInt(judged), t), percent: percentOf(greens, BigInt(judged)), counts }
}
