// An organisation's officers keep its contracts register: add a contract, change it, record variations, extensions
// and early ends, and see what is due. Every read and write is scoped to the organisation; every change is audited
// with before and after, in the same transaction, through the register's one write path.
import {
  countVariationsOfOrganisation,
  findSupplierIdsByCompanyNumber,
  listContractChanges,
  listRemindersOfContract,
} from '../db/repositories/contract-due.repository.js'
import { findContractSettings, saveContractSettings } from '../db/repositories/contract-settings.repository.js'
import {
  findContract,
  findContractByReference,
  insertContract,
  insertVariation,
  listContractsOfOrganisation,
  listVariations,
  updateContract,
} from '../db/repositories/contract.repository.js'
import { findSuppliers, searchSuppliersByName } from '../db/repositories/supplier-registry.repository.js'
import { listUsers } from '../db/repositories/user.repository.js'
import type { Actor } from '../domain/audit/audit.js'
import { parseContractDraft, type Contract, type ContractDraft } from '../domain/contracts/contract.js'
import { dueSoon, normaliseReminderMonths, outstandingActions, type ContractSettings } from '../domain/contracts/due.js'
import { linkedSupplierIds } from '../domain/contracts/spend-against-contract.js'
import { applyVariation, pickDraft, type VariationInput } from '../domain/contracts/variation.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { isVcse, normaliseCompanyNumber, sizeBandOfSupplier } from '../domain/suppliers/supplier.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export const STALE_EDIT_MESSAGE =
  'Someone else changed this contract since you started. Check their changes below, then make yours again.'

export type SupplierChoice = {
  id: string
  name: string
  companyNumber: string | null
  charityNumber: string | null
  postcode: string | null
}

const today = (clock: ServiceDeps['clock']) => ukCalendarDay(clock.now())

/** Validation problems from the draft schema, keyed by the top-level field each belongs to. */
function draftProblems(input: unknown): { draft: ContractDraft } | { fields: Record<string, string> } {
  const parsed = parseContractDraft(input)
  if (parsed.success) return { draft: parsed.data }
  const fields: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'form')
    fields[key] ??= issue.message
  }
  return { fields }
}

export function createContractService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  async function get(organisationId: string, id: string): Promise<Contract> {
    const contract = await findContract(db, organisationId, id)
    if (!contract) throw new NotFoundError('There is no such contract in this organisation’s register')
    return contract
  }

  /** Checks what the database must agree with: a free reference, an owner and suppliers that exist here. */
  async function checkReferences(organisationId: string, draft: ContractDraft, exceptId?: string) {
    const fields: Record<string, string> = {}
    const same = await findContractByReference(db, organisationId, draft.reference)
    if (same && same.id !== exceptId)
      fields.reference = `A contract with reference ${draft.reference} is already on the register`
    if (draft.ownerUserId) {
      const people = await listUsers(db, { organisationId })
      if (!people.some((p) => p.id === draft.ownerUserId))
        fields.ownerUserId = 'Choose an owner from the people of this organisation'
    }
    const supplierIds = linkedSupplierIds(draft)
    if (supplierIds.length > 0 && (await findSuppliers(db, supplierIds)).length !== supplierIds.length)
      fields.suppliers = 'A linked supplier record no longer exists: choose the supplier again'
    if (Object.keys(fields).length > 0) throw new InvalidInputError('Check the contract’s details', fields)
  }

  return {
    get,

    /** Adds a contract to the organisation's register. */
    async create(actor: Actor, organisationId: string, input: unknown): Promise<Contract> {
      const checked = draftProblems(input)
      if ('fields' in checked) throw new InvalidInputError('Check the contract’s details', checked.fields)
      await checkReferences(organisationId, checked.draft)
      const id = await db.transaction().execute(async (trx) => {
        const newId = await insertContract(trx, {
          organisationId,
          draft: checked.draft,
          actorUserId: actor.userId,
          source: 'manual',
        })
        await recordAudit(trx, actor, [
          { organisationId, action: 'contract.created', entityType: 'contract', entityId: newId, after: checked.draft },
        ])
        return newId
      })
      return get(organisationId, id)
    },

    /**
     * Replaces a contract's details. `expectedVersion` is the version the officer started from: if someone else
     * saved since, nothing changes and a ConflictError says so.
     */
    async update(
      actor: Actor,
      organisationId: string,
      id: string,
      input: unknown,
      expectedVersion: number,
    ): Promise<Contract> {
      const before = await get(organisationId, id)
      if (before.version !== expectedVersion) throw new ConflictError(STALE_EDIT_MESSAGE)
      const checked = draftProblems(input)
      if ('fields' in checked) throw new InvalidInputError('Check the contract’s details', checked.fields)
      await checkReferences(organisationId, checked.draft, id)
      await db.transaction().execute(async (trx) => {
        const saved = await updateContract(trx, id, {
          organisationId,
          draft: checked.draft,
          actorUserId: actor.userId,
          source: before.source,
          expectedVersion,
        })
        if (!saved) throw new ConflictError(STALE_EDIT_MESSAGE)
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'contract.updated',
            entityType: 'contract',
            entityId: id,
            before: pickDraft(before),
            after: checked.draft,
          },
        ])
      })
      return get(organisationId, id)
    },

    /** Records a variation, extension or early end, and changes the contract to match, together. */
    async vary(actor: Actor, organisationId: string, id: string, input: VariationInput, expectedVersion: number) {
      const before = await get(organisationId, id)
      if (before.version !== expectedVersion) throw new ConflictError(STALE_EDIT_MESSAGE)
      const outcome = applyVariation(before, input)
      if (!outcome.ok) throw new InvalidInputError('Check the variation', outcome.errors)
      return db.transaction().execute(async (trx) => {
        const saved = await updateContract(trx, id, {
          organisationId,
          draft: outcome.draft,
          actorUserId: actor.userId,
          source: before.source,
          expectedVersion,
        })
        if (!saved) throw new ConflictError(STALE_EDIT_MESSAGE)
        const variation = await insertVariation(trx, {
          contractId: id,
          kind: input.kind,
          variedOn: input.variedOn,
          reason: input.reason,
          valueChange: input.valueChange,
          ...outcome.record,
          approvedBy: input.approvedBy,
          recordedBy: actor.userId,
        })
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: `contract.${input.kind === 'variation' ? 'varied' : input.kind === 'extension' ? 'extended' : 'terminated'}`,
            entityType: 'contract',
            entityId: id,
            before: pickDraft(before),
            after: { ...outcome.draft, variation },
          },
        ])
        return variation
      })
    },

    /** A contract's variations (oldest first), its audited changes (newest first) and the reminders sent. */
    async history(organisationId: string, id: string) {
      const contract = await get(organisationId, id)
      const [variations, changes, reminders] = await Promise.all([
        listVariations(db, contract.id),
        listContractChanges(db, organisationId, contract.id),
        listRemindersOfContract(db, contract.id),
      ])
      return { variations, changes, reminders }
    },

    /** The people who may own a contract: everyone with a role in the organisation. */
    people: (organisationId: string) => listUsers(db, { organisationId }),

    /** Supplier records to link a contract party to, by company number or by name. */
    async findSuppliers(query: string): Promise<SupplierChoice[]> {
      const company = normaliseCompanyNumber(query)
      const byName = await searchSuppliersByName(db, normaliseSupplierName(query), 20)
      if (!company) return byName
      const found = await findSuppliers(db, await findSupplierIdsByCompanyNumber(db, company))
      const first = found.map((s) => ({
        id: s.id,
        name: s.name,
        companyNumber: s.companyNumber,
        charityNumber: s.charityNumber,
        postcode: s.postcode,
      }))
      return [...first, ...byName.filter((s) => !first.some((f) => f.id === s.id))]
    },

    /** A supplier record as a contract party would start from: its numbers, and whether it is an SME or a VCSE. */
    async supplierChoice(id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
      const [s] = await findSuppliers(db, [id])
      if (!s) return undefined
      const size = sizeBandOfSupplier(s)
      return {
        id: s.id,
        name: s.name,
        companyNumber: s.companyNumber,
        charityNumber: s.charityNumber,
        postcode: s.postcode,
        isSme: size === 'unknown' ? null : size !== 'large',
        isVcse: isVcse(s.flags) ? true : null,
      }
    },

    settings: (organisationId: string) => findContractSettings(db, organisationId),

    async saveSettings(actor: Actor, organisationId: string, input: ContractSettings) {
      const settings = {
        reminderMonths: normaliseReminderMonths(input.reminderMonths),
        dueSoonMonths: input.dueSoonMonths,
      }
      if (settings.reminderMonths.length === 0)
        throw new InvalidInputError('Check the settings', { reminderMonths: 'Enter at least one lead time' })
      await db.transaction().execute(async (trx) => {
        const before = await findContractSettings(trx, organisationId)
        await saveContractSettings(trx, organisationId, settings)
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'contract-settings.updated',
            entityType: 'contract_settings',
            entityId: organisationId,
            before,
            after: settings,
          },
        ])
      })
      return settings
    },

    /** What is due soon and what is outstanding on the organisation's register, as of today. */
    async due(organisationId: string) {
      const day = today(clock)
      const [contracts, settings, variationCounts, people] = await Promise.all([
        listContractsOfOrganisation(db, organisationId),
        findContractSettings(db, organisationId),
        countVariationsOfOrganisation(db, organisationId),
        listUsers(db, { organisationId }),
      ])
      const byId = new Map(contracts.map((c) => [c.id, c]))
      return {
        today: day,
        settings,
        due: dueSoon(contracts, day, settings.dueSoonMonths).map((item) => ({
          ...item,
          contract: byId.get(item.contractId)!,
        })),
        outstanding: outstandingActions(contracts, day).map((a) => ({ ...a, contract: byId.get(a.contractId)! })),
        variationCounts,
        people,
      }
    },
  }
}

export type ContractService = ReturnType<typeof createContractService>
