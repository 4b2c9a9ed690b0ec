// Suppliers' ethical standards: declarations (by the supplier itself, or recorded by an officer) kept as history,
// and the check of which mandatory standards are missing, expired or not met. A supplier is a care provider when
// it is a party to an active contract with a social work CPV code (853…), and then the Ethical Care Charter applies.
import { z } from 'zod'
import {
  cpvCodesOfSupplier,
  cpvCodesOfSuppliers,
  insertDeclaration,
  listDeclarations,
  supplierExists,
  suppliersOfOrganisationContracts,
} from '../db/repositories/sv-declaration.repository.js'
import type { Actor } from '../domain/audit/audit.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { InvalidInputError, NotFoundError } from '../domain/errors.js'
import {
  checkEthicalStandards,
  declarationProblem,
  ETHICAL_STANDARD_CODES,
  isCareContract,
  type Declaration,
  type EthicalStandardCode,
  type StandardCheck,
} from '../domain/social-value/ethical.js'
import { addDays, isIsoDate } from '../domain/social-value/period.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

const link = z
  .url({ protocol: /^https?$/, error: 'Enter a link starting https://' })
  .nullable()
  .default(null)

export const declarationSchema = z
  .object({
    standard: z.enum(ETHICAL_STANDARD_CODES as [EthicalStandardCode, ...EthicalStandardCode[]], {
      error: 'Choose a standard',
    }),
    meets: z.boolean().default(true),
    coversSupplyChain: z.boolean().nullable().default(null),
    statementUrl: link,
    statementYear: z.number().int().min(2000, 'Enter a year from 2000').max(2100).nullable().default(null),
    evidenceUrl: link,
    evidenceNote: z.string().trim().max(2000).default(''),
    declaredOn: z.string().refine(isIsoDate, 'Enter the date of the declaration as a real date'),
    expiresOn: z.string().refine(isIsoDate, 'Enter the expiry as a real date').nullable().default(null),
  })
  .refine((d) => !d.expiresOn || d.expiresOn >= d.declaredOn, {
    path: ['expiresOn'],
    message: 'The expiry must be after the declaration',
  })
export type DeclarationInput = z.input<typeof declarationSchema>

/** A declaration that holds but ends within this many days is shown as expiring soon, so it can be renewed in time. */
export const EXPIRING_SOON_DAYS = 30
/** How far back the overview looks for suppliers paid but not on an active contract. */
export const PAID_WITHIN_DAYS = 365

export function createSvEthicsService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  const today = () => ukCalendarDay(clock.now())

  async function isCareProvider(supplierId: string) {
    return (await cpvCodesOfSupplier(db, supplierId)).some(isCareContract)
  }

  /** Each supplier's standards today, with two queries whatever the number of suppliers. */
  async function checksOf(supplierIds: readonly string[]) {
    const ids = [...new Set(supplierIds)]
    const [declarations, cpv] = await Promise.all([listDeclarations(db, ids), cpvCodesOfSuppliers(db, ids)])
    const bySupplier = new Map<string, typeof declarations>()
    for (const d of declarations) bySupplier.set(d.supplierId, [...(bySupplier.get(d.supplierId) ?? []), d])
    const day = today()
    return new Map(
      ids.map((id) => {
        const care = (cpv.get(id) ?? []).some(isCareContract)
        return [
          id,
          {
            isCareProvider: care,
            ...checkEthicalStandards(bySupplier.get(id) ?? [], { isCareProvider: care, today: day }),
          },
        ]
      }),
    )
  }

  /**
   * Every supplier on an organisation's active contracts with the mandatory standards it lacks; with `includePaid`,
   * also every supplier it paid in the last year (PAID_WITHIN_DAYS).
   */
  async function overview(organisationId: string, options: { includePaid?: boolean } = {}) {
    const suppliers = await suppliersOfOrganisationContracts(db, organisationId, {
      paidSince: options.includePaid ? addDays(today(), -PAID_WITHIN_DAYS) : undefined,
    })
    const checks = await checksOf(suppliers.map((s) => s.id))
    return suppliers.map((s) => {
      const check = checks.get(s.id)!
      return {
        supplierId: s.id,
        name: s.name,
        onContract: s.onContract,
        isCareProvider: check.isCareProvider,
        flags: check.flags,
        standards: check.standards,
      }
    })
  }

  return {
    /**
     * Records a declaration for a supplier. The caller has checked the actor acts for the supplier, or is an
     * officer recording it on the supplier's behalf.
     */
    async declare(actor: Actor, supplierId: string, input: DeclarationInput) {
      const parsed = declarationSchema.safeParse(input)
      if (!parsed.success) {
        const fields: Record<string, string> = {}
        for (const i of parsed.error.issues) fields[i.path.join('.') || 'form'] ??= i.message
        throw new InvalidInputError('Check the declaration', fields)
      }
      const d: Declaration = parsed.data
      const problem = declarationProblem(d)
      if (problem)
        throw new InvalidInputError(problem, {
          [d.standard === 'modern-slavery' ? 'statementUrl' : 'coversSupplyChain']: problem,
        })
      if (!(await supplierExists(db, supplierId))) throw new NotFoundError('There is no such supplier')
      return db.transaction().execute(async (trx) => {
        const id = await insertDeclaration(trx, supplierId, d, { userId: actor.userId, label: actor.label })
        await recordAudit(trx, actor, [
          {
            organisationId: null,
            action: 'sv.declaration-made',
            entityType: 'sv_declaration',
            entityId: id,
            after: { supplierId, ...d },
          },
        ])
        return id
      })
    },

    /** A supplier's declarations (newest first) and the state of each standard today. */
    async forSupplier(supplierId: string) {
      const declarations = await listDeclarations(db, [supplierId])
      const care = await isCareProvider(supplierId)
      const day = today()
      return {
        declarations,
        isCareProvider: care,
        today: day,
        /** A standard met today that ends on or before this day is expiring soon. */
        expiringBy: addDays(day, EXPIRING_SOON_DAYS),
        ...checkEthicalStandards(declarations, { isCareProvider: care, today: day }),
      }
    },

    overview,

    /** The mandatory standards each of several suppliers lacks today (for warnings on contract pages). */
    async flagsOf(supplierIds: readonly string[]): Promise<Map<string, StandardCheck[]>> {
      const checks = await checksOf(supplierIds)
      return new Map([...checks].map(([id, c]) => [id, c.flags]))
    },

    /** For a headline: how many suppliers on the organisation's active contracts lack a mandatory standard. */
    async flaggedCount(organisationId: string): Promise<{ suppliers: number; flagged: number }> {
      const all = await overview(organisationId)
      return { suppliers: all.length, flagged: all.filter((s) => s.flags.length > 0).length }
    },
  }
}

export type SvEthicsService = ReturnType<typeof createSvEthicsService>
