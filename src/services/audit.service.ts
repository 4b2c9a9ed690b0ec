// Reading and writing the audit log.
import { insertAuditEvents, listAuditActions, listAuditEvents } from '../db/repositories/audit.repository.js'
import type { Db } from '../db/database.js'
import { organisationsOf, roleIn, type Principal } from '../domain/access/roles.js'
import { redactForAudit, type Actor, type AuditEntry, type AuditEvent } from '../domain/audit/audit.js'
import { ForbiddenError } from '../domain/errors.js'
import type { ServiceDeps } from './deps.js'

/** Records changes made in a transaction; call it with the transaction so log and change commit together. */
export async function recordAudit(db: Db, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  await insertAuditEvents(
    db,
    actor,
    entries.map((e) => ({ ...e, before: redactForAudit(e.before), after: redactForAudit(e.after) })),
  )
}

export type AuditQuery = {
  organisationId?: string
  action?: string
  entityType?: string
  actor?: string
  from?: Date
  to?: Date
  page: number
  pageSize: number
}

export function createAuditService({ db }: Pick<ServiceDeps, 'db'>) {
  return {
    /** Events the person may read: administrators read all; organisation administrators read their organisations'. */
    async list(principal: Principal, query: AuditQuery): Promise<{ events: AuditEvent[]; total: number }> {
      const readable = principal.isAdmin
        ? undefined
        : organisationsOf(principal)
            .filter((o) => o.role === 'org_admin')
            .map((o) => o.id)
      if (readable && readable.length === 0)
        throw new ForbiddenError('Only organisation administrators can read the audit log')
      let organisationIds = readable
      if (query.organisationId) {
        if (!principal.isAdmin && roleIn(principal, query.organisationId) !== 'org_admin') throw new ForbiddenError()
        organisationIds = [query.organisationId]
      }
      return listAuditEvents(db, {
        organisationIds,
        action: query.action,
        entityType: query.entityType,
        actor: query.actor,
        from: query.from,
        to: query.to,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      })
    },
    actions: () => listAuditActions(db),
  }
}

export type AuditService = ReturnType<typeof createAuditService>
