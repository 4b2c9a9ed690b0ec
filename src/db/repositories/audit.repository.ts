// The audit log: append-only (a database trigger refuses updates and deletes).
import type { Actor, AuditEntry, AuditEvent } from '../../domain/audit/audit.js'
import type { Db } from '../database.js'

export async function insertAuditEvents(db: Db, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  await db
    .insertInto('audit_event')
    .values(
      entries.map((e) => ({
        actor_user_id: actor.userId,
        actor_label: actor.label,
        organisation_id: e.organisationId,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
        ip: actor.ip ?? null,
        user_agent: actor.userAgent ?? null,
      })),
    )
    .execute()
}

export type AuditFilter = {
  /** Only events of these organisations; undefined means every event (installation administrators). */
  organisationIds?: readonly string[]
  action?: string
  entityType?: string
  actor?: string
  from?: Date
  to?: Date
  limit: number
  offset: number
}

/** Events newest first, with the total count matching the filter. */
export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<{ events: AuditEvent[]; total: number }> {
  let query = db.selectFrom('audit_event')
  if (filter.organisationIds) {
    if (filter.organisationIds.length === 0) return { events: [], total: 0 }
    query = query.where('organisation_id', 'in', filter.organisationIds)
  }
  if (filter.action) query = query.where('action', '=', filter.action)
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType)
  if (filter.actor) query = query.where('actor_label', 'ilike', `%${filter.actor.replace(/[%_\\]/g, '\\$&')}%`)
  if (filter.from) query = query.where('occurred_at', '>=', filter.from)
  if (filter.to) query = query.where('occurred_at', '<', filter.to)
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    total: Number(count.n),
    events: rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actorUserId: r.actor_user_id,
      actorLabel: r.actor_label,
      organisationId: r.organisation_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
      userAgent: r.user_agent,
    })),
  }
}

/** The distinct actions recorded, for the filter's choices. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_event').select('action').distinct().orderBy('action').execute()
  return rows.map((r) => r.action)
}
