// The forward pipeline: officers add, change and close planned procurements; the public reads what is coming up;
// a pipeline file (CSV or XLSX) loads many at once. Every change is audited in the same transaction.
import {
  findPlan,
  findPlansByReference,
  insertPlan,
  listPlans,
  listPublicPlans,
  planFacets,
  updatePlan,
  type PlanFilter,
} from '../db/repositories/pipeline.repository.js'
import type { Db } from '../db/database.js'
import type { Actor, AuditEntry } from '../domain/audit/audit.js'
import type { ValueBandId } from '../domain/contracts/contract.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { DomainRuleError, InvalidInputError, NotFoundError } from '../domain/errors.js'
import { interpretPlanRow, mapPlanColumns, PLAN_COLUMNS, type PlanMapping } from '../domain/pipeline/plan-file.js'
import { parsePlanDraft, samePlan, type Plan, type PlanDraft, type PlanStatus } from '../domain/pipeline/plan.js'
import { groupPipeline, pipelineWindow } from '../domain/pipeline/window.js'
import { readTabular, type TabularSource } from '../ingest/read-tabular.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export type PublicPipelineFilter = { category?: string; sme?: boolean; vcse?: boolean; valueBand?: ValueBandId }

export type PipelineImportSummary = {
  organisation: string
  fileName: string
  /** True when the plans were stored; false when any row was rejected, in which case nothing was stored. */
  loaded: boolean
  read: number
  created: number
  updated: number
  unchanged: number
  rejections: { row: number; sheet: string | null; reason: string }[]
  warnings: string[]
  plans: { reference: string; outcome: 'created' | 'updated' | 'unchanged' }[]
}

const HEADER_SEARCH_ROWS = 20
const DUPLICATE_REFERENCE = 'A plan with this reference already exists: choose another'

/** Throws the form's field messages when a draft breaks a rule. */
function validated(input: unknown): PlanDraft {
  const parsed = parsePlanDraft(input)
  if (parsed.success) return parsed.data
  const fields: Record<string, string> = {}
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'reference')] ??= issue.message
  throw new InvalidInputError('Check the planned procurement', fields)
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505'
}

export function createPipelineService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  const today = () => ukCalendarDay(clock.now())

  async function referenceTaken(trx: Db, organisationId: string, reference: string, exceptId?: string) {
    const [held] = await findPlansByReference(trx, organisationId, [reference])
    return held !== undefined && held.id !== exceptId
  }

  return {
    /** Today's date in the UK, the day the pipeline's window starts. */
    today,

    /** An organisation's plans, filtered, for its own people. */
    list: (organisationId: string, filter: PlanFilter = {}) => listPlans(db, organisationId, filter),

    /** The departments, categories and advertisement dates in use, for the filters. */
    facets: (organisationId: string) => planFacets(db, organisationId),

    /** One plan of the organisation; NotFoundError for another organisation's. */
    async get(organisationId: string, id: string): Promise<Plan> {
      const plan = await findPlan(db, organisationId, id)
      if (!plan) throw new NotFoundError('There is no such planned procurement')
      return plan
    },

    /** Adds a plan to the organisation's pipeline. */
    async add(actor: Actor, organisationId: string, input: unknown): Promise<Plan> {
      const draft = validated(input)
      try {
        return await db.transaction().execute(async (trx) => {
          if (await referenceTaken(trx, organisationId, draft.reference))
            throw new InvalidInputError(DUPLICATE_REFERENCE, { reference: DUPLICATE_REFERENCE })
          const plan = await insertPlan(trx, organisationId, draft, actor.userId)
          await recordAudit(trx, actor, [
            {
              organisationId,
              action: 'pipeline.plan_added',
              entityType: 'procurement_plan',
              entityId: plan.id,
              after: plan,
            },
          ])
          return plan
        })
      } catch (error) {
        if (isUniqueViolation(error))
          throw new InvalidInputError(DUPLICATE_REFERENCE, { reference: DUPLICATE_REFERENCE })
        throw error
      }
    },

    /** Replaces a plan's details (status included), audited with before and after. */
    async update(actor: Actor, organisationId: string, id: string, input: unknown): Promise<Plan> {
      const draft = validated(input)
      try {
        return await db.transaction().execute(async (trx) => {
          const before = await findPlan(trx, organisationId, id)
          if (!before) throw new NotFoundError('There is no such planned procurement')
          if (await referenceTaken(trx, organisationId, draft.reference, id))
            throw new InvalidInputError(DUPLICATE_REFERENCE, { reference: DUPLICATE_REFERENCE })
          const after = (await updatePlan(trx, organisationId, id, draft, actor.userId))!
          await recordAudit(trx, actor, [
            {
              organisationId,
              action: 'pipeline.plan_changed',
              entityType: 'procurement_plan',
              entityId: id,
              before,
              after,
            },
          ])
          return after
        })
      } catch (error) {
        if (isUniqueViolation(error))
          throw new InvalidInputError(DUPLICATE_REFERENCE, { reference: DUPLICATE_REFERENCE })
        throw error
      }
    },

    /** Moves a plan on: advertised, awarded, cancelled (or back to planned). */
    async setStatus(actor: Actor, organisationId: string, id: string, status: PlanStatus): Promise<Plan> {
      return db.transaction().execute(async (trx) => {
        const before = await findPlan(trx, organisationId, id)
        if (!before) throw new NotFoundError('There is no such planned procurement')
        if (before.status === status) return before
        const { id: _id, organisationId: _org, category: _c, createdAt: _a, updatedAt: _u, ...draft } = before
        const after = (await updatePlan(trx, organisationId, id, { ...draft, status }, actor.userId))!
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'pipeline.plan_status_changed',
            entityType: 'procurement_plan',
            entityId: id,
            before: { status: before.status },
            after: { status },
          },
        ])
        return after
      })
    },

    /**
     * The public pipeline today: plans expected to be advertised within the next 18 months and overdue plans, with
     * the filters a business uses, grouped by quarter (overdue first).
     */
    async publicPipeline(organisationId: string, filter: PublicPipelineFilter = {}) {
      const day = today()
      const window = pipelineWindow(day)
      const plans = await listPublicPlans(db, organisationId, { today: day, until: window.to }, filter)
      return { today: day, window, plans, groups: groupPipeline(plans, day) }
    },

    /**
     * Loads a pipeline file: every row becomes a plan (created, updated or unchanged, matched by reference) or is
     * rejected with its row number and reason. All or nothing: if any row is rejected, nothing is stored, so the
     * public never sees half a pipeline; loading the same file again changes nothing.
     */
    async importFile(
      actor: Actor,
      options: { organisationId: string; source: TabularSource },
    ): Promise<PipelineImportSummary> {
      const { organisationId, source } = options
      const fileName = 'path' in source ? source.path : source.name
      const summary: PipelineImportSummary = {
        organisation: organisationId,
        fileName,
        loaded: false,
        read: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejections: [],
        warnings: [],
        plans: [],
      }
      const rows = await readPlanFile(source, summary)
      if (summary.rejections.length > 0) return summary

      const changes = await db.transaction().execute(async (trx) => {
        const held = new Map(
          (await findPlansByReference(trx, organisationId, [...rows.keys()])).map((p) => [p.reference, p]),
        )
        const audit: AuditEntry[] = []
        for (const [reference, { draft }] of rows) {
          const before = held.get(reference)
          if (!before) {
            const plan = await insertPlan(trx, organisationId, draft, actor.userId)
            audit.push({
              organisationId,
              action: 'pipeline.plan_added',
              entityType: 'procurement_plan',
              entityId: plan.id,
              after: plan,
            })
            summary.plans.push({ reference, outcome: 'created' })
          } else if (samePlan(draft, before)) {
            summary.plans.push({ reference, outcome: 'unchanged' })
          } else {
            const after = (await updatePlan(trx, organisationId, before.id, draft, actor.userId))!
            audit.push({
              organisationId,
              action: 'pipeline.plan_changed',
              entityType: 'procurement_plan',
              entityId: after.id,
              before,
              after,
            })
            summary.plans.push({ reference, outcome: 'updated' })
          }
        }
        const count = (outcome: string) => summary.plans.filter((p) => p.outcome === outcome).length
        audit.push({
          organisationId,
          action: 'pipeline.imported',
          entityType: 'organisation',
          entityId: organisationId,
          after: {
            fileName,
            read: summary.read,
            created: count('created'),
            updated: count('updated'),
            unchanged: count('unchanged'),
          },
        })
        await recordAudit(trx, actor, audit)
        return { created: count('created'), updated: count('updated'), unchanged: count('unchanged') }
      })
      return { ...summary, ...changes, loaded: true }
    },
  }
}

/** Reads every row of a pipeline file into drafts keyed by reference, noting rejections in the summary. */
async function readPlanFile(source: TabularSource, summary: PipelineImportSummary) {
  const rows = new Map<string, { draft: PlanDraft; row: number }>()
  const sheets = new Map<string, { mapping: PlanMapping | null; seen: number }>()
  let firstLine: string[] | undefined
  for await (const row of readTabular(source)) {
    const key = row.sheet ?? ''
    let state = sheets.get(key)
    if (!state) sheets.set(key, (state = { mapping: null, seen: 0 }))
    if (!state.mapping) {
      if (state.seen >= HEADER_SEARCH_ROWS) continue
      state.seen++
      firstLine ??= row.cells
      const header = mapPlanColumns(row.cells)
      if (header.mapping) {
        state.mapping = header.mapping
        if (header.unused.length > 0)
          summary.warnings.push(`Columns not used: ${header.unused.map((h) => `“${h}”`).join(', ')}`)
      }
      continue
    }
    const outcome = interpretPlanRow(row.cells, state.mapping)
    if (outcome.kind === 'blank') continue
    summary.read++
    const reject = (reason: string) => summary.rejections.push({ row: row.rowNumber, sheet: row.sheet, reason })
    if (outcome.kind === 'rejected') {
      reject(outcome.reason)
      continue
    }
    const earlier = rows.get(outcome.draft.reference)
    if (earlier) {
      reject(`Reference “${outcome.draft.reference}” is also on row ${earlier.row}: each plan needs its own reference`)
      continue
    }
    rows.set(outcome.draft.reference, { draft: outcome.draft, row: row.rowNumber })
  }
  if (![...sheets.values()].some((s) => s.mapping)) {
    const seen = firstLine ? ` The first line reads: ${firstLine.map((c) => `“${c.trim()}”`).join(', ')}.` : ''
    throw new DomainRuleError(
      `cwb found no header row naming a reference (“${PLAN_COLUMNS.reference.header}”), a title (“${PLAN_COLUMNS.title.header}”) and an expected advertisement date (“${PLAN_COLUMNS.expectedAdvertDate.header}”) in the first ${HEADER_SEARCH_ROWS} lines.${seen}`,
    )
  }
  if (summary.read === 0) throw new DomainRuleError('The file has a header row but no planned procurements under it')
  return rows
}

export type PipelineService = ReturnType<typeof createPipelineService>
