// What the register's exports read in bulk: every variation of an organisation's contracts in one query, rather than
// one query per contract.
import type { ContractVariation } from '../../domain/contracts/contract.js'
import type { Db } from '../database.js'

/** Every variation of an organisation's contracts, grouped by contract, oldest first. */
export async function listVariationsOfOrganisation(
  db: Db,
  organisationId: string,
): Promise<Map<string, ContractVariation[]>> {
  const rows = await db
    .selectFrom('contract_variation as v')
    .innerJoin('contract as c', 'c.id', 'v.contract_id')
    .selectAll('v')
    .where('c.organisation_id', '=', organisationId)
    .orderBy('v.contract_id')
    .orderBy('v.varied_on')
    .orderBy('v.created_at')
    .execute()
  const byContract = new Map<string, ContractVariation[]>()
  for (const r of rows) {
    const list = byContract.get(r.contract_id) ?? []
    list.push({
      id: r.id,
      contractId: r.contract_id,
      kind: r.kind,
      variedOn: r.varied_on,
      reason: r.reason,
      valueChange: r.value_change,
      previousTotalValue: r.previous_total_value,
      newTotalValue: r.new_total_value,
      previousEndDate: r.previous_end_date,
      newEndDate: r.new_end_date,
      previousReviewDate: r.previous_review_date,
      newReviewDate: r.new_review_date,
      approvedBy: r.approved_by,
      recordedBy: r.recorded_by,
      createdAt: r.created_at,
    })
    byContract.set(r.contract_id, list)
  }
  return byContract
}
