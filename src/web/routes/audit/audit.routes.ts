// The audit log, read-only, filtered; organisation administrators see their organisation's events.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { changedFields } from '../../../domain/audit/audit.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { get } from '../../support/route.js'

const PAGE_SIZE = 50
/** Organisation administrators read their organisation's events; installation administrators read every event. */
const AUDIT_READERS = { kind: 'any-of', rules: [{ kind: 'org', roles: ['org_admin'] }, { kind: 'admin' }] } as const

const dateField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-11-22')
  // Date.parse rolls 2026-02-30 over to 2 March, so the date must read back the same.
  .refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v, 'Enter a real date')
  .optional()
  .or(z.literal('').transform(() => undefined))

const querySchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(200).optional(),
  entityType: z.string().trim().max(100).optional(),
  from: dateField,
  to: dateField,
  page: z.coerce.number().int().min(1).max(100000).catch(1),
})

export default function auditRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.audit, AUDIT_READERS, async (request, reply) => {
    const parsed = querySchema.safeParse(request.query)
    const filter = parsed.success ? parsed.data : { page: 1 }
    const errors = parsed.success
      ? undefined
      : {
          list: parsed.error.issues.map((i) => ({ text: i.message, href: `#${String(i.path[0])}` })),
          fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), { text: i.message }])),
        }
    const principal = request.principal!
    // Administrators of the whole installation see every event; others see their current organisation's.
    const organisationId = principal.isAdmin ? undefined : request.organisationId!
    const to = 'to' in filter && filter.to ? new Date(Date.parse(filter.to) + 86_400_000) : undefined
    const { events, total } = await services.audit.list(principal, {
      organisationId,
      action: 'action' in filter ? filter.action || undefined : undefined,
      actor: 'actor' in filter ? filter.actor || undefined : undefined,
      entityType: 'entityType' in filter ? filter.entityType || undefined : undefined,
      from: 'from' in filter && filter.from ? new Date(filter.from) : undefined,
      to,
      page: filter.page,
      pageSize: PAGE_SIZE,
    })
    const actions = await services.audit.actions()
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    const query = new URLSearchParams(
      Object.entries(request.query as Record<string, string>).filter(
        ([k, v]) => k !== 'page' && typeof v === 'string' && v !== '',
      ),
    )
    const pageHref = (n: number) => `${paths.audit}?${new URLSearchParams([...query, ['page', String(n)]]).toString()}`
    if (filter.page > pages) return reply.redirect(pageHref(pages))
    return reply.view('pages/audit/list', {
      errors,
      events: events.map((e) => ({ ...e, changed: changedFields(e.before, e.after) })),
      total,
      filter: request.query,
      actions,
      scope: principal.isAdmin ? 'every organisation' : 'your organisation',
      pagination: {
        previous: filter.page > 1 ? { href: pageHref(filter.page - 1) } : undefined,
        next: filter.page < pages ? { href: pageHref(filter.page + 1) } : undefined,
        page: filter.page,
        pages,
      },
    })
  })
}
