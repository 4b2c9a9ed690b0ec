// Commitments and returns, one by one: officers record what a contract promised and review what its suppliers
// report; suppliers, for the contracts they are a party to, submit their actual figures with evidence. Officer
// functions take the organisation and see only its rows; supplier functions take the supplier the person acts for
// and see only contracts it is a party to. Every change is audited and every return keeps its history.
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { findContract, isContractOf } from '../db/repositories/contract.repository.js'
import {
  deleteCommitment,
  findCommitment,
  findCommitmentByKey,
  findContractForSupplier,
  findCoveringCommitment,
  findEvidenceFile,
  findOverlapping,
  findReturn,
  findReturnByKey,
  insertCommitment,
  insertEvidence,
  insertEvidenceFile,
  insertReturn,
  insertReturnEvent,
  listCommitments,
  listCommitmentsOfSupplier,
  listContractChoices,
  listContractsWithCommitmentsOfSupplier,
  listEvidence,
  listReturnEvents,
  listReturnsOfOrganisations,
  listReturnsOfSupplier,
  lockReturn,
  resubmitReturn,
  setReturnReview,
  svRowExists,
  updateCommitment,
  updateCommitmentTarget,
  type CommitmentFilter,
  type CommitmentKey,
  type ReturnFilter,
  type SvReturn,
} from '../db/repositories/sv-delivery.repository.js'
import { findFrameworkSummary, listMeasures } from '../db/repositories/sv-framework.repository.js'
import { findSupplier } from '../db/repositories/supplier-registry.repository.js'
import { findSvSettings, saveSvSettings, type SvSettings } from '../db/repositories/sv-settings.repository.js'
import type { Actor } from '../domain/audit/audit.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors.js'
import { evidenceFileProblem } from '../domain/social-value/evidence-file.js'
import { proxyInForce } from '../domain/social-value/framework.js'
import {
  isIsoDate,
  periodLabel,
  periodOutsideTerm,
  periodWithin,
  returnDueDate,
} from '../domain/social-value/period.js'
import {
  formatPence,
  formatQuantity,
  parseMoneyPence,
  parseQuantity,
  valuePence,
} from '../domain/social-value/quantity.js'
import { validateThresholds } from '../domain/social-value/rag.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export const REVIEW_DECISIONS = ['accepted', 'queried', 'rejected'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

/** Largest evidence file accepted (the upload table keeps files in the database). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

const quantity = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .refine(
      (v) => parseQuantity(v) !== undefined,
      `The ${what} must be a number of 0 or more with at most 3 decimal places`,
    )
    .transform((v) => formatQuantity(parseQuantity(v)!))
const date = (what: string) => z.string().refine(isIsoDate, `Enter the ${what} as a real date`)

export const commitmentInputSchema = z
  .object({
    contractId: z.uuid('Choose a contract'),
    measureId: z.uuid('Choose a measure'),
    periodStart: date('start of the period'),
    periodEnd: date('end of the period'),
    targetQuantity: quantity('target'),
  })
  .refine((v) => v.periodEnd >= v.periodStart, {
    path: ['periodEnd'],
    message: 'The end of the period must be after its start',
  })
  .refine((v) => Number(v.targetQuantity) > 0, {
    path: ['targetQuantity'],
    message: 'The target must be more than 0: a commitment promises something',
  })
export type CommitmentInput = z.input<typeof commitmentInputSchema>

export const returnInputSchema = z
  .object({
    contractId: z.uuid('Choose a contract'),
    measureId: z.uuid('Choose a measure'),
    periodStart: date('start of the period'),
    periodEnd: date('end of the period'),
    actualQuantity: quantity('figure you delivered'),
    description: z.string().trim().max(4000, 'The description must be 4,000 characters or fewer').default(''),
    links: z
      .array(
        z.object({
          url: z.url({ protocol: /^https?$/, error: 'Enter a link starting https://' }),
          description: z.string().trim().max(500).default(''),
        }),
      )
      .max(20, 'Give at most 20 links')
      .default([]),
    files: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(255),
          content: z.instanceof(Uint8Array),
          description: z.string().trim().max(500).default(''),
        }),
      )
      .max(10, 'Attach at most 10 files')
      .default([]),
  })
  .refine((v) => v.periodEnd >= v.periodStart, {
    path: ['periodEnd'],
    message: 'The end of the period must be after its start',
  })
  .refine((v) => v.description || v.links.length || v.files.length, {
    path: ['description'],
    message: 'Describe the evidence, or give a link or a file',
  })
export type ReturnInput = z.input<typeof returnInputSchema>

function overlapError(measureCode: string, overlap: { period_start: string; period_end: string }) {
  const other = periodLabel({ start: overlap.period_start, end: overlap.period_end })
  return new InvalidInputError(
    `This contract already has a commitment for ${measureCode} for ${other}, which overlaps this period`,
    { periodStart: `The period overlaps the commitment for ${other}: choose a period that does not` },
  )
}

/**
 * The measure a commitment is for and the commitment's key (contract, measure, period), once the measure exists and
 * no other commitment of the contract for that measure (other than `exceptId`, the one being changed) shares a day
 * with the period: two commitments sharing days would count the same delivery twice.
 */
async function checkedCommitmentKey(trx: Db, v: CommitmentKey, exceptId?: string) {
  const [measure] = await listMeasures(trx, { measureIds: [v.measureId] })
  if (!measure) throw new InvalidInputError('Choose a measure', { measureId: 'Choose a measure' })
  const key: CommitmentKey = {
    contractId: v.contractId,
    measureId: v.measureId,
    periodStart: v.periodStart,
    periodEnd: v.periodEnd,
  }
  const overlap = await findOverlapping(trx, 'sv_commitment', key, exceptId)
  if (overlap) throw overlapError(measure.code, overlap)
  return { measure, key }
}

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const i of error.issues) fields[i.path.join('.') || 'form'] ??= i.message
  return fields
}

export type ReturnDetail = SvReturn & {
  evidence: Awaited<ReturnType<typeof listEvidence>>
  history: Awaited<ReturnType<typeof listReturnEvents>>
  dueDate: string
}

export function createSvReturnsService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  const today = () => ukCalendarDay(clock.now())

  return {
    async settings(organisationId: string): Promise<SvSettings> {
      return findSvSettings(db, organisationId)
    },

    /** Changes an organisation's settings (framework, due days, reminder lead, RAG thresholds), audited. */
    async updateSettings(actor: Actor, organisationId: string, changes: Partial<SvSettings>): Promise<SvSettings> {
      return db.transaction().execute(async (trx) => {
        const before = await findSvSettings(trx, organisationId)
        const after = { ...before, ...changes }
        const problem = validateThresholds(after)
        if (problem) throw new InvalidInputError(problem, { greenPercent: problem })
        if (!Number.isInteger(after.dueDays) || after.dueDays < 0 || after.dueDays > 365)
          throw new InvalidInputError('Returns must be due 0 to 365 days after the period ends', {
            dueDays: 'Enter a number of days from 0 to 365',
          })
        if (
          !Number.isInteger(after.reminderDaysBefore) ||
          after.reminderDaysBefore < 0 ||
          after.reminderDaysBefore > 90
        )
          throw new InvalidInputError('Reminders go 0 to 90 days before the due date', {
            reminderDaysBefore: 'Enter a number of days from 0 to 90',
          })
        if (after.frameworkId) {
          const f = await findFrameworkSummary(trx, after.frameworkId)
          if (!f || (f.owner_organisation_id && f.owner_organisation_id !== organisationId))
            throw new InvalidInputError('Choose a framework your organisation may use', {
              frameworkId: 'Choose a framework',
            })
        }
        await saveSvSettings(trx, organisationId, after)
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'sv.settings-changed',
            entityType: 'sv_settings',
            entityId: organisationId,
            before,
            after,
          },
        ])
        return after
      })
    },

    /** An organisation's commitments (or a network's, given its members). */
    async listCommitments(organisationIds: string | readonly string[], filter: CommitmentFilter = {}) {
      return listCommitments(db, typeof organisationIds === 'string' ? [organisationIds] : organisationIds, filter)
    },

    async getCommitment(organisationId: string, id: string) {
      const c = await findCommitment(db, organisationId, id)
      if (!c) throw new NotFoundError('There is no such commitment')
      return c
    },

    /** Records a contract's commitment for a measure and period, or changes its target. */
    async saveCommitment(actor: Actor, organisationId: string, input: CommitmentInput) {
      const parsed = commitmentInputSchema.safeParse(input)
      if (!parsed.success) throw new InvalidInputError('Check the commitment', fieldsOf(parsed.error))
      const v = parsed.data
      return db.transaction().execute(async (trx) => {
        const contract = await findContract(trx, organisationId, v.contractId)
        if (!contract) throw new NotFoundError('There is no such contract')
        const outside = periodOutsideTerm({ start: v.periodStart, end: v.periodEnd }, contract)
        if (outside)
          throw new InvalidInputError('Check the commitment', {
            periodStart: outside.charAt(0).toUpperCase() + outside.slice(1),
          })
        const { measure, key } = await checkedCommitmentKey(trx, v)
        const existing = await findCommitmentByKey(trx, key)
        let id: string
        if (existing) {
          id = existing.id
          await updateCommitmentTarget(trx, id, v.targetQuantity, null)
        } else {
          id = await insertCommitment(trx, {
            ...key,
            organisationId,
            targetQuantity: v.targetQuantity,
            source: 'manual',
            importId: null,
            createdBy: actor.userId,
          })
        }
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: existing ? 'sv.commitment-changed' : 'sv.commitment-added',
            entityType: 'sv_commitment',
            entityId: id,
            before: existing ? { targetQuantity: existing.target_quantity } : null,
            after: { ...key, measureCode: measure.code, targetQuantity: v.targetQuantity },
          },
        ])
        return (await findCommitment(trx, organisationId, id))!
      })
    },

    /**
     * Whether a commitment or return exists, whoever holds it: so that someone shown only their own can be told
     * "not yours" (403) apart from "no such thing" (404).
     */
    async exists(kind: 'commitment' | 'return', id: string): Promise<boolean> {
      return svRowExists(db, kind === 'commitment' ? 'sv_commitment' : 'sv_return', id)
    },

    /** The organisation's contracts a commitment can be recorded on (not cancelled), by reference. */
    async contractChoices(organisationId: string) {
      return listContractChoices(db, organisationId)
    },

    /** The contracts a supplier is a party to that carry commitments, with the organisation each is for. */
    async contractsOfSupplier(supplierId: string) {
      return listContractsWithCommitmentsOfSupplier(db, supplierId)
    },

    /**
     * A return with what it is judged against: the commitment whose period contains it (its target), the proxy
     * value in force at the start of each and the £ they come to, and the supplier's name.
     */
    async returnInContext(scope: { organisationId: string } | { supplierId: string }, id: string) {
      const r = await this.getReturn(scope, id)
      const [measure] = await listMeasures(db, { measureIds: [r.measureId] })
      const commitments = await listCommitments(db, [r.organisationId], {
        contractId: r.contractId,
        measureId: r.measureId,
      })
      const period = { start: r.periodStart, end: r.periodEnd }
      const commitment =
        commitments.find((c) => periodWithin(period, { start: c.periodStart, end: c.periodEnd })) ?? null
      const valued = (quantity: string, on: string) => {
        const proxy = measure ? proxyInForce(measure.proxies, on) : undefined
        return {
          proxyValue: proxy?.value ?? null,
          value: proxy ? formatPence(valuePence(parseQuantity(quantity)!, parseMoneyPence(proxy.value)!)) : null,
        }
      }
      const supplier = r.supplierId ? await findSupplier(db, r.supplierId) : undefined
      return {
        ...r,
        supplierName: supplier?.name ?? null,
        actual: valued(r.actualQuantity, r.periodStart),
        commitment: commitment && { ...commitment, ...valued(commitment.targetQuantity, commitment.periodStart) },
      }
    },

    /**
     * Changes a commitment's contract, measure, period or target, checked as a new one would be (against every other
     * commitment, not itself), and audited with what it was before.
     */
    async changeCommitment(actor: Actor, organisationId: string, id: string, input: CommitmentInput) {
      const parsed = commitmentInputSchema.safeParse(input)
      if (!parsed.success) throw new InvalidInputError('Check the commitment', fieldsOf(parsed.error))
      const v = parsed.data
      return db.transaction().execute(async (trx) => {
        const before = await findCommitment(trx, organisationId, id)
        if (!before) throw new NotFoundError('There is no such commitment')
        if (!(await isContractOf(trx, organisationId, v.contractId)))
          throw new InvalidInputError('Choose a contract', { contractId: 'Choose a contract' })
        const { measure, key } = await checkedCommitmentKey(trx, v, id)
        const same = await findCommitmentByKey(trx, key)
        if (same && same.id !== id)
          throw new InvalidInputError('The contract already has this commitment', {
            periodStart: 'The contract already has a commitment for this measure and period: change that one instead',
          })
        await updateCommitment(trx, id, { ...key, targetQuantity: v.targetQuantity })
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'sv.commitment-changed',
            entityType: 'sv_commitment',
            entityId: id,
            before: {
              contractId: before.contractId,
              measureCode: before.measureCode,
              periodStart: before.periodStart,
              periodEnd: before.periodEnd,
              targetQuantity: before.targetQuantity,
            },
            after: { ...key, measureCode: measure.code, targetQuantity: v.targetQuantity },
          },
        ])
        return (await findCommitment(trx, organisationId, id))!
      })
    },

    /** Removes a commitment (returns already made stay; they no longer count towards it). */
    async removeCommitment(actor: Actor, organisationId: string, id: string) {
      await db.transaction().execute(async (trx) => {
        const before = await findCommitment(trx, organisationId, id)
        if (!before || !(await deleteCommitment(trx, organisationId, id)))
          throw new NotFoundError('There is no such commitment')
        await recordAudit(trx, actor, [
          { organisationId, action: 'sv.commitment-removed', entityType: 'sv_commitment', entityId: id, before },
        ])
      })
    },

    /**
     * A supplier submits (or, after a query or rejection, resubmits) its figures for a contract, measure and
     * period. The supplier must be a party to the contract, and the contract must have a commitment for the
     * measure covering the period. An accepted return cannot be changed by the supplier.
     */
    async submitReturn(actor: Actor, supplierId: string, input: ReturnInput): Promise<ReturnDetail> {
      const parsed = returnInputSchema.safeParse(input)
      if (!parsed.success) throw new InvalidInputError('Check the return', fieldsOf(parsed.error))
      const v = parsed.data
      const refused = v.files.map((f) => evidenceFileProblem(f.name)).find((problem) => problem !== null)
      if (refused) throw new InvalidInputError(refused, { files: refused })
      const tooBig = v.files.find((f) => f.content.byteLength > MAX_EVIDENCE_BYTES)
      if (tooBig)
        throw new InvalidInputError(`${tooBig.name} is larger than 10 MB`, {
          files: 'Each file must be 10 MB or smaller',
        })
      const contract = await findContractForSupplier(db, v.contractId, supplierId)
      if (!contract) throw new ForbiddenError('You can only make returns for contracts your organisation holds')
      const key = {
        contractId: v.contractId,
        measureId: v.measureId,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
      }
      if (!(await findCoveringCommitment(db, key)))
        throw new InvalidInputError('This contract has no commitment for that measure and period', {
          measureId: 'Choose a measure and period the contract has a commitment for',
        })
      const overlap = await findOverlapping(db, 'sv_return', key)
      if (overlap) {
        const other = periodLabel({ start: overlap.period_start, end: overlap.period_end })
        throw new InvalidInputError(
          `A return for ${other} already covers part of this period: each day is reported once`,
          { periodStart: `The period overlaps the return for ${other}` },
        )
      }
      const id = await db.transaction().execute(async (trx) => {
        const existing = await findReturnByKey(trx, key)
        let id: string
        let version: number
        if (!existing) {
          id = await insertReturn(trx, {
            ...key,
            organisationId: contract.organisation_id,
            actualQuantity: v.actualQuantity,
            description: v.description,
            status: 'submitted',
            supplierId,
            source: 'supplier',
            importId: null,
            submittedBy: actor.userId,
            submittedAt: clock.now(),
          })
          version = 1
        } else {
          await lockReturn(trx, existing.id)
          const current = (await findReturnByKey(trx, key))!
          if (current.status === 'accepted')
            throw new ConflictError('This return has been accepted and can no longer be changed')
          id = existing.id
          version = await resubmitReturn(trx, id, {
            actualQuantity: v.actualQuantity,
            description: v.description,
            supplierId,
            submittedBy: actor.userId,
            now: clock.now(),
          })
        }
        for (const link of v.links)
          await insertEvidence(trx, {
            returnId: id,
            version,
            kind: 'link',
            url: link.url,
            description: link.description,
          })
        for (const file of v.files) {
          const uploadId = await insertEvidenceFile(trx, {
            organisationId: contract.organisation_id,
            fileName: file.name,
            content: file.content,
            createdBy: actor.userId,
          })
          await insertEvidence(trx, {
            returnId: id,
            version,
            kind: 'file',
            uploadId,
            fileName: file.name,
            description: file.description,
          })
        }
        await insertReturnEvent(trx, {
          returnId: id,
          version,
          status: 'submitted',
          actualQuantity: v.actualQuantity,
          description: v.description,
          comment: null,
          actorUserId: actor.userId,
          actorLabel: actor.label,
        })
        await recordAudit(trx, actor, [
          {
            organisationId: contract.organisation_id,
            action: version === 1 ? 'sv.return-submitted' : 'sv.return-resubmitted',
            entityType: 'sv_return',
            entityId: id,
            after: {
              ...key,
              supplierId,
              actualQuantity: v.actualQuantity,
              version,
              links: v.links.length,
              files: v.files.map((f) => f.name),
            },
          },
        ])
        return id
      })
      return this.getReturn({ supplierId }, id)
    },

    /** An officer accepts, queries or rejects a submitted (or queried) return; a query or rejection needs a comment. */
    async reviewReturn(
      actor: Actor,
      organisationId: string,
      input: { returnId: string; decision: ReviewDecision; comment?: string | null; expectedVersion?: number },
    ): Promise<ReturnDetail> {
      const comment = input.comment?.trim() || null
      if (!REVIEW_DECISIONS.includes(input.decision))
        throw new InvalidInputError('Choose accept, query or reject', { decision: 'Choose accept, query or reject' })
      if (input.decision !== 'accepted' && !comment)
        throw new InvalidInputError('Say why, so the supplier knows what to do', {
          comment: 'Enter a comment for the supplier',
        })
      if (comment && comment.length > 4000)
        throw new InvalidInputError('The comment must be 4,000 characters or fewer', {
          comment: 'The comment must be 4,000 characters or fewer',
        })
      await db.transaction().execute(async (trx) => {
        await lockReturn(trx, input.returnId)
        const before = await findReturn(trx, { organisationId }, input.returnId)
        if (!before) throw new NotFoundError('There is no such return')
        if (input.expectedVersion !== undefined && before.version !== input.expectedVersion)
          throw new ConflictError('The supplier changed this return meanwhile; look at it again')
        if (before.status === input.decision) throw new ConflictError(`This return is already ${input.decision}`)
        if (before.status === 'accepted' || before.status === 'rejected')
          throw new ConflictError(
            `This return was ${before.status}; the supplier must resubmit before it is reviewed again`,
          )
        await setReturnReview(trx, before.id, { status: input.decision, comment, by: actor.userId, now: clock.now() })
        await insertReturnEvent(trx, {
          returnId: before.id,
          version: before.version,
          status: input.decision,
          actualQuantity: before.actualQuantity,
          description: before.description,
          comment,
          actorUserId: actor.userId,
          actorLabel: actor.label,
        })
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: `sv.return-${input.decision}`,
            entityType: 'sv_return',
            entityId: before.id,
            before: { status: before.status },
            after: { status: input.decision, comment },
          },
        ])
      })
      return this.getReturn({ organisationId }, input.returnId)
    },

    /** Returns made to an organisation (or a network's members). */
    async listReturns(organisationIds: string | readonly string[], filter: ReturnFilter = {}) {
      return listReturnsOfOrganisations(
        db,
        typeof organisationIds === 'string' ? [organisationIds] : organisationIds,
        filter,
      )
    },

    /** Returns on the contracts a supplier is a party to. */
    async listReturnsForSupplier(supplierId: string) {
      return listReturnsOfSupplier(db, supplierId)
    },

    /** One return with its evidence and history, seen by its organisation or by a supplier on the contract. */
    async getReturn(scope: { organisationId: string } | { supplierId: string }, id: string): Promise<ReturnDetail> {
      const r = await findReturn(db, scope, id)
      if (!r) throw new NotFoundError('There is no such return')
      const settings = await findSvSettings(db, r.organisationId)
      return {
        ...r,
        evidence: await listEvidence(db, id),
        history: await listReturnEvents(db, id),
        dueDate: returnDueDate({ start: r.periodStart, end: r.periodEnd }, settings.dueDays),
      }
    },

    /** An evidence file's name and bytes, through a return the caller may see. */
    async evidenceFile(
      scope: { organisationId: string } | { supplierId: string },
      returnId: string,
      evidenceId: string,
    ) {
      if (!(await findReturn(db, scope, returnId))) throw new NotFoundError('There is no such return')
      const file = await findEvidenceFile(db, returnId, evidenceId)
      if (!file) throw new NotFoundError('There is no such file')
      return { fileName: file.file_name, content: file.content, sizeBytes: file.size_bytes }
    },

    /**
     * What a supplier owes: each commitment on its contracts with the period, due date, and the return made for
     * exactly that period if any ('missing', 'overdue' when past due without one).
     */
    async returnsDueForSupplier(supplierId: string) {
      const commitments = await listCommitmentsOfSupplier(db, supplierId)
      const returns = await listReturnsOfSupplier(db, supplierId)
      const settings = new Map<string, SvSettings>()
      const day = today()
      const out = []
      for (const c of commitments) {
        if (!settings.has(c.organisationId)) settings.set(c.organisationId, await findSvSettings(db, c.organisationId))
        const dueDate = returnDueDate(
          { start: c.periodStart, end: c.periodEnd },
          settings.get(c.organisationId)!.dueDays,
        )
        const made = returns.find(
          (r) =>
            r.contractId === c.contractId &&
            r.measureId === c.measureId &&
            r.periodStart === c.periodStart &&
            r.periodEnd === c.periodEnd,
        )
        const state = made ? made.status : day > dueDate ? 'overdue' : c.periodEnd < day ? 'due' : 'not-yet-due'
        out.push({ commitment: c, dueDate, returnId: made?.id ?? null, state })
      }
      return out
    },
  }
}

export type SvReturnsService = ReturnType<typeof createSvReturnsService>
