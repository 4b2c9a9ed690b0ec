// Social value targets: baseline and stretch £ per organisation, financial year and scope (the total or a theme).
import type { Db } from '../database.js'
import type { SvTargetTable } from '../schema.js'

export type SvTargetScope = SvTargetTable['scope']

export type SvTarget = {
  financialYear: string
  scope: SvTargetScope
  /** £, two decimals; null when not set. */
  baseline: string | null
  stretch: string | null
}

/** An organisation's targets, for one financial year or every year, in year then scope order. */
export async function listSvTargets(db: Db, organisationId: string, financialYear?: string): Promise<SvTarget[]> {
  let q = db
    .selectFrom('sv_target')
    .select(['financial_year', 'scope', 'baseline', 'stretch'])
    .where('organisation_id', '=', organisationId)
  if (financialYear) q = q.where('financial_year', '=', financialYear)
  const rows = await q.orderBy('financial_year').orderBy('scope').execute()
  return rows.map((r) => ({
    financialYear: r.financial_year,
    scope: r.scope,
    baseline: r.baseline,
    stretch: r.stretch,
  }))
}

/** Replaces an organisation's targets for a financial year: scopes with neither figure are removed. */
export async function replaceSvTargets(
  db: Db,
  organisationId: string,
  financialYear: string,
  targets: readonly SvTarget[],
  updatedBy: string | null,
): Promise<void> {
  await db
    .deleteFrom('sv_target')
    .where('organisation_id', '=', organisationId)
    .where('financial_year', '=', financialYear)
    .execute()
  const rows = targets
    .filter((t) => t.baseline !== null || t.stretch !== null)
    .map((t) => ({
      organisation_id: organisationId,
      financial_year: financialYear,
      scope: t.scope,
      baseline: t.baseline,
      stretch: t.stretch,
      updated_by: updatedBy,
    }))
  if (rows.length > 0) await db.insertInto('sv_target').values(rows).execute()
}
