// The LM3 local multiplier: suppliers' survey answers in, the organisation's multiplier out.
import {
  findLm3Response,
  hasPaid,
  listLm3ForReport,
  listLm3ResponsesOfSupplier,
  listPayersOfSupplier,
  listPaymentYears,
  paidSuppliersTotal,
  upsertLm3Response,
} from '../db/repositories/lm3.repository.js'
import type { Actor } from '../domain/audit/audit.js'
import { InvalidInputError } from '../domain/errors.js'
import {
  aggregateLm3,
  calculateLm3,
  financialYearOf,
  LM3_FIELDS,
  percentToShare,
  validateShares,
  type Lm3Field,
  type Lm3Result,
  type Lm3Shares,
  type Lm3Summary,
} from '../domain/spend/lm3.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

/** Answers as the form gives them: percentages from 0 to 100. */
export type Lm3Submission = {
  organisationId: string
  supplierId: string
  periodStart: string
  periodEnd: string
  percentages: Record<Lm3Field, string>
}

export type Lm3SupplierRow = Lm3Result & {
  supplierId: string
  name: string
  periodStart: string
  periodEnd: string
  shares: Lm3Shares
}

export type Lm3Report = { from: string; to: string; suppliers: Lm3SupplierRow[]; organisation: Lm3Summary }

export function createLm3Service({ db }: Pick<ServiceDeps, 'db'>) {
  return {
    /**
     * Records (or replaces) a supplier's answers for an organisation and period, audited with before and after.
     * The caller has checked the actor may act for the supplier; here the organisation must have paid it.
     */
    async submit(actor: Actor, submission: Lm3Submission) {
      const shares = Object.fromEntries(
        LM3_FIELDS.map((f) => [f, percentToShare(submission.percentages[f]) ?? submission.percentages[f]]),
      ) as Lm3Shares
      const problems = validateShares(shares)
      if (Object.keys(problems).length > 0) throw new InvalidInputError('Check the answers', problems)
      if (!(await hasPaid(db, submission.organisationId, submission.supplierId)))
        throw new InvalidInputError('Choose an organisation that has paid you', {
          organisationId: 'Choose an organisation that has paid you',
        })
      const key = {
        organisationId: submission.organisationId,
        supplierId: submission.supplierId,
        periodStart: submission.periodStart,
        periodEnd: submission.periodEnd,
      }
      return db.transaction().execute(async (trx) => {
        const before = await findLm3Response(trx, key)
        const after = await upsertLm3Response(trx, key, shares, actor.userId)
        await recordAudit(trx, actor, [
          {
            organisationId: key.organisationId,
            action: before ? 'lm3.updated' : 'lm3.submitted',
            entityType: 'lm3_response',
            entityId: after.id,
            before: before ?? null,
            after,
          },
        ])
        return after
      })
    },

    /** A supplier's answers so far, and who paid it in which financial years (the choices the survey offers). */
    async forSupplier(supplierId: string) {
      return {
        responses: await listLm3ResponsesOfSupplier(db, supplierId),
        payers: await listPayersOfSupplier(db, supplierId),
      }
    },

    /** The financial years in which an organisation made payments, newest first ("2025-26"). */
    async years(organisationId: string): Promise<string[]> {
      return (await listPaymentYears(db, organisationId)).map((y) => financialYearOf(`${y}-04-01`))
    },

    /** R1, R2, R3 and LM3 per supplier that answered for a period, and the organisation's LM3 over them. */
    async report(organisationId: string, range: { from: string; to: string }): Promise<Lm3Report> {
      const rows = await listLm3ForReport(db, organisationId, range)
      const paid = await paidSuppliersTotal(db, organisationId, range)
      const suppliers = rows.map((r) => ({
        supplierId: r.supplierId,
        name: r.supplierName,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        shares: r.shares,
        ...calculateLm3({ r1: r.r1, shares: r.shares }),
      }))
      return { ...range, suppliers, organisation: aggregateLm3(suppliers, paid) }
    },
  }
}

export type Lm3Service = ReturnType<typeof createLm3Service>
