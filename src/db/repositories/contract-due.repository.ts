// Contracts whose dates need attention, the owners to tell, and the reminders already sent (claimed once each).
import { sql } from 'kysely'
import type { Contract } from '../../domain/contracts/contract.js'
import type { DueKind } from '../../domain/contracts/due.js'
import type { Db } from '../database.js'
import { findContractsByIds } from './contract.repository.js'

/**
 * Running contracts whose end or review date falls between two dates (inclusive), across every organisation or one.
 * With each, the owner's account email when the owner is a person of the service.
 */
export async function listContractsWithDatesBetween(
  db: Db,
  range: { from: string; to: string; organisationId?: string },
): Promise<{ contract: Contract; ownerAccountEmail: string | null; ownerAccountName: string | null }[]> {
  let query = db
    .selectFrom('contract')
    .leftJoin('app_user', (join) =>
      join.onRef('app_user.id', '=', 'contract.owner_user_id').on('app_user.disabled_at', 'is', null),
    )
    .select(['contract.id', 'app_user.email', 'app_user.name'])
    .where('contract.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([eb('contract.end_date', '>=', range.from), eb('contract.end_date', '<=', range.to)]),
        eb.and([eb('contract.review_date', '>=', range.from), eb('contract.review_date', '<=', range.to)]),
      ]),
    )
    .orderBy('contract.organisation_id')
    .orderBy('contract.reference')
  if (range.organisationId) query = query.where('contract.organisation_id', '=', range.organisationId)
  const rows = await query.execute()
  const contracts = await findContractsByIds(
    db,
    rows.map((r) => r.id),
  )
  const owners = new Map(rows.map((r) => [r.id, r]))
  return contracts.map((contract) => ({
    contract,
    ownerAccountEmail: owners.get(contract.id)?.email ?? null,
    ownerAccountName: owners.get(contract.id)?.name ?? null,
  }))
}

export type ReminderKey = { contractId: string; kind: DueKind; dueDate: string; leadMonths: number }

/**
 * Claims a reminder before it is sent: true for the one caller that inserted it, false when it was already sent
 * (by an earlier run or by another process at the same moment).
 */
export async function claimReminder(db: Db, key: ReminderKey, sentTo: string, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('contract_reminder')
    .values({
      contract_id: key.contractId,
      kind: key.kind,
      due_date: key.dueDate,
      lead_months: key.leadMonths,
      sent_to: sentTo,
      sent_at: at,
    })
    .onConflict((oc) => oc.columns(['contract_id', 'kind', 'due_date', 'lead_months']).doNothing())
    .returning('contract_id')
    .executeTakeFirst()
  return row !== undefined
}

/** Whether a reminder has been sent already (for a dry run, which claims nothing). */
export async function isReminderSent(db: Db, key: ReminderKey): Promise<boolean> {
  const row = await db
    .selectFrom('contract_reminder')
    .select('contract_id')
    .where('contract_id', '=', key.contractId)
    .where('kind', '=', key.kind)
    .where('due_date', '=', key.dueDate)
    .where('lead_months', '=', key.leadMonths)
    .executeTakeFirst()
  return row !== undefined
}

/** Gives a claim back when the message could not be delivered, so the next run tries again. */
export async function releaseReminder(db: Db, key: ReminderKey): Promise<void> {
  await db
    .deleteFrom('contract_reminder')
    .where('contract_id', '=', key.contractId)
    .where('kind', '=', key.kind)
    .where('due_date', '=', key.dueDate)
    .where('lead_months', '=', key.leadMonths)
    .execute()
}

export type SentReminder = ReminderKey & { sentTo: string; sentAt: Date }

/** The reminders sent for a contract, newest first. */
export async function listRemindersOfContract(db: Db, contractId: string): Promise<SentReminder[]> {
  const rows = await db
    .selectFrom('contract_reminder')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('sent_at', 'desc')
    .execute()
  return rows.map((r) => ({
    contractId: r.contract_id,
    kind: r.kind,
    dueDate: r.due_date,
    leadMonths: r.lead_months,
    sentTo: r.sent_to,
    sentAt: r.sent_at,
  }))
}

/** How many variations each of an organisation's contracts has. */
export async function countVariationsOfOrganisation(db: Db, organisationId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('contract_variation')
    .innerJoin('contract', 'contract.id', 'contract_variation.contract_id')
    .select(['contract_variation.contract_id', sql<number>`count(*)::int`.as('n')])
    .where('contract.organisation_id', '=', organisationId)
    .groupBy('contract_variation.contract_id')
    .execute()
  return new Map(rows.map((r) => [r.contract_id, Number(r.n)]))
}

export type ContractChange = { id: number; action: string; actorLabel: string; occurredAt: Date; fields: string[] }

/** The audit log's changes to one contract of an organisation, newest first, with the fields each one changed. */
export async function listContractChanges(
  db: Db,
  organisationId: string,
  contractId: string,
): Promise<ContractChange[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['id', 'action', 'actor_label', 'occurred_at', 'before', 'after'])
    .where('organisation_id', '=', organisationId)
    .where('entity_type', '=', 'contract')
    .where('entity_id', '=', contractId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
  return rows.map((r) => {
    const before = (r.before ?? {}) as Record<string, unknown>
    const after = (r.after ?? {}) as Record<string, unknown>
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => r.before !== null && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    )
    return { id: Number(r.id), action: r.action, actorLabel: r.actor_label, occurredAt: r.occurred_at, fields }
  })
}

/** Supplier records with a company number (already normalised), to link a contract's party to. */
export async function findSupplierIdsByCompanyNumber(db: Db, companyNumber: string): Promise<string[]> {
  const rows = await db
    .selectFrom('supplier')
    .select('id')
    .where('company_number', '=', companyNumber)
    .orderBy('verified', 'desc')
    .limit(5)
    .execute()
  return rows.map((r) => r.id)
}
