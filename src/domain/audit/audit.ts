// Who did a thing, and from where. Every change a service makes is recorded against an Actor.
export type Actor = {
  userId: string | null
  label: string
  ip?: string | null
  userAgent?: string | null
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system' }
export const COMMAND_LINE_ACTOR: Actor = { userId: null, label: 'command line' }

export type AuditEntry = {
  organisationId: string | null
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

export type AuditEvent = AuditEntry & {
  id: number
  occurredAt: Date
  actorUserId: string | null
  actorLabel: string
  ip: string | null
  userAgent: string | null
}

/** Fields that must never be written to the audit log, whatever object they appear in. */
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'password_hash', 'token', 'tokenHash', 'token_hash'])

/** A copy of a value fit for the audit log: secrets replaced, dates as ISO strings. */
export function redactForAudit(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(redactForAudit)
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_FIELDS.has(k) ? '[redacted]' : redactForAudit(v),
      ]),
    )
  }
  return value
}

/** The fields whose values differ between two snapshots (for a one-line summary). */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const keys = new Set([...Object.keys(b), ...Object.keys(a)])
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort()
}
