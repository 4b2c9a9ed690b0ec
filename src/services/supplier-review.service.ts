// The review queue: payees the matcher was unsure of, each with a provisional supplier and its candidates. A person
// accepts the best candidate, picks another supplier, or keeps the payee as a supplier of its own. Decisions are
// remembered as the organisation's aliases, so later files resolve the same name without asking again.
import { randomUUID } from 'node:crypto'
import {
  countMatches,
  deleteSupplier,
  findMatch,
  listMatches,
  markMatchDecided,
  repointOrganisation,
  supplierInUse,
  type MatchStatus,
  type SupplierMatch,
} from '../db/repositories/supplier-match.repository.js'
import {
  findCoopRecords,
  findRegisterRecordsByIdentifiers,
  findSuppliersByIdentifiers,
  findSuppliersByIds,
  setOrganisationAlias,
  type SupplierRef,
} from '../db/repositories/supplier-resolution.repository.js'
import { searchSuppliersByName } from '../db/repositories/supplier-registry.repository.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../domain/audit/audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { OrgIdScheme, orgIdsOf, parseOrgId } from '../domain/suppliers/supplier.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import { Batch, type StoredCandidate } from './supplier-resolution.batch.js'

export const MatchAction = { Accept: 'accept', Reject: 'reject', Pick: 'pick' } as const
export type MatchAction = (typeof MatchAction)[keyof typeof MatchAction]
export type MatchDecisionInput = { action: MatchAction; supplierId?: string }

export type MatchDetail = {
  match: SupplierMatch
  /** Candidates as stored, with suppliers' current names, postcodes and identifiers; ones since removed are dropped. */
  candidates: StoredCandidate[]
  provisional: SupplierRef | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function createSupplierReviewService({ db, geography }: Pick<ServiceDeps, 'db' | 'geography'>) {
  /** The supplier a decision points at: a supplier id, or a register record's org-id (its supplier is made if new). */
  async function targetSupplier(trx: Db, organisationId: string, ref: string): Promise<SupplierRef> {
    if (UUID.test(ref)) {
      const [found] = await findSuppliersByIds(trx, [ref])
      if (!found)
        throw new InvalidInputError('That supplier no longer exists', { choice: 'Select a supplier from the list' })
      return found
    }
    const orgId = parseOrgId(ref)
    const coopKey = ref.startsWith('coop:') ? ref.slice('coop:'.length) : null
    const ids = {
      companyNumbers: orgId?.scheme === OrgIdScheme.Company ? [orgId.id] : [],
      charityNumbers:
        orgId && orgId.scheme !== OrgIdScheme.Company && orgId.scheme !== OrgIdScheme.Mutual ? [orgId.id] : [],
    }
    const [existing] = await findSuppliersByIdentifiers(trx, ids)
    if (existing) return existing
    const records = coopKey ? await findCoopRecords(trx, [coopKey]) : await findRegisterRecordsByIdentifiers(trx, ids)
    if (records.length === 0)
      throw new InvalidInputError('There is no such organisation in the registers', {
        choice: 'Select a supplier from the list',
      })
    const batch = new Batch(trx, organisationId, geography, randomUUID)
    await batch.preferExistingSuppliers(records)
    const made = batch.createFromRegister(records)
    await batch.flush()
    const [supplier] = await findSuppliersByIds(trx, [made.id])
    return supplier!
  }

  async function refreshCandidates(match: SupplierMatch): Promise<StoredCandidate[]> {
    const stored = match.candidates as StoredCandidate[]
    const current = new Map(
      (
        await findSuppliersByIds(
          db,
          stored.filter((c) => UUID.test(c.id)).map((c) => c.id),
        )
      ).map((s) => [s.id, s]),
    )
    return stored.flatMap((c) => {
      if (c.source !== 'supplier') return [c]
      const s = current.get(c.id)
      return s ? [{ ...c, name: s.name, postcode: s.postcode, identifiers: orgIdsOf(s), verified: s.verified }] : []
    })
  }

  return {
    /** An organisation's matches with a status (pending by default), largest amount first. */
    listMatches: (organisationId: string, status: MatchStatus = 'pending', limit?: number) =>
      listMatches(db, organisationId, status, limit),

    countPending: (organisationId: string) => countMatches(db, organisationId, 'pending'),

    async getMatch(organisationId: string, id: string): Promise<MatchDetail> {
      const match = UUID.test(id) ? await findMatch(db, organisationId, id) : undefined
      if (!match) throw new NotFoundError('There is no such payee waiting for review')
      const [provisional] = match.supplierId ? await findSuppliersByIds(db, [match.supplierId]) : []
      return { match, candidates: await refreshCandidates(match), provisional: provisional ?? null }
    },

    /** Suppliers whose name contains the words searched for, verified first. */
    searchSuppliers: (query: string, limit = 20) => searchSuppliersByName(db, normaliseSupplierName(query), limit),

    /**
     * Decides a match. Accept or pick: the payee's name becomes the organisation's alias for the chosen supplier, the
     * organisation's payments move to it, and the provisional supplier is deleted if nothing else uses it. Reject:
     * the provisional supplier stays as the payee's own record. Audited in the same transaction.
     */
    async decideMatch(actor: Actor, organisationId: string, matchId: string, decision: MatchDecisionInput) {
      if (!UUID.test(matchId)) throw new NotFoundError('There is no such payee waiting for review')
      return db.transaction().execute(async (trx) => {
        const match = await findMatch(trx, organisationId, matchId, true)
        if (!match) throw new NotFoundError('There is no such payee waiting for review')
        if (match.status !== 'pending') throw new ConflictError(`${match.payeeName} has already been decided`)
        const provisionalId = match.supplierId
        const alias = {
          organisationId,
          alias: match.payeeName,
          normalisedAlias: match.normalisedName,
          source: 'officer' as const,
        }
        const before = { status: match.status, payeeName: match.payeeName, supplierId: provisionalId }
        const counts = { payments: match.payments, amount: match.amount }

        if (decision.action === MatchAction.Reject) {
          if (provisionalId) await setOrganisationAlias(trx, { ...alias, supplierId: provisionalId })
          await markMatchDecided(trx, match.id, {
            status: 'rejected',
            supplierId: provisionalId,
            decidedBy: actor.userId,
            ...counts,
          })
          await recordAudit(trx, actor, [
            {
              organisationId,
              action: 'supplier_match.reject',
              entityType: 'supplier_match',
              entityId: match.id,
              before,
              after: { status: 'rejected', supplierId: provisionalId },
            },
          ])
          return {
            status: 'rejected' as const,
            supplierId: provisionalId,
            supplierName: match.payeeName,
            paymentsMoved: 0,
          }
        }

        // Accept takes the best candidate unless the page says which one it showed first; pick needs a supplier.
        const best = (match.candidates as StoredCandidate[])[0]?.id
        const ref = decision.supplierId ?? (decision.action === MatchAction.Accept ? best : undefined)
        if (!ref)
          throw new InvalidInputError('Select the supplier this payee is', {
            choice: 'Select the supplier this payee is',
          })
        const target = await targetSupplier(trx, organisationId, ref)
        if (target.id === provisionalId)
          throw new InvalidInputError('That is the payee’s own provisional record: choose “None of these” to keep it', {
            choice: 'Select another supplier, or none of these',
          })
        await setOrganisationAlias(trx, { ...alias, supplierId: target.id })
        const paymentsMoved = provisionalId
          ? await repointOrganisation(trx, organisationId, provisionalId, target.id)
          : 0
        await markMatchDecided(trx, match.id, {
          status: 'accepted',
          supplierId: target.id,
          decidedBy: actor.userId,
          ...counts,
        })
        const provisionalDeleted = provisionalId !== null && !(await supplierInUse(trx, provisionalId))
        if (provisionalDeleted) await deleteSupplier(trx, provisionalId)
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: `supplier_match.${decision.action}`,
            entityType: 'supplier_match',
            entityId: match.id,
            before,
            after: {
              status: 'accepted',
              supplierId: target.id,
              supplierName: target.name,
              paymentsMoved,
              provisionalDeleted,
            },
          },
        ])
        return { status: 'accepted' as const, supplierId: target.id, supplierName: target.name, paymentsMoved }
      })
    },
  }
}

export type SupplierReviewService = ReturnType<typeof createSupplierReviewService>
