// The social value catalogue: frameworks, outcomes, measures and their dated proxy values.
import type { Framework, Measure, ProxyValue, Theme } from '../../domain/social-value/framework.js'
import type { Db } from '../database.js'

export type FrameworkSummary = {
  id: string
  name: string
  description: string
  licence: string
  ownerOrganisationId: string | null
  shipped: boolean
  measures: number
}

export type StoredMeasure = Omit<Measure, 'proxies'> & {
  id: string
  frameworkId: string
  outcomeCode: string
  outcomeName: string
  theme: Theme
  proxies: ProxyValue[]
}

/** Frameworks an organisation may use (installation-wide ones and its own licensed ones); all with `null`. */
export async function listFrameworks(db: Db, organisationId: string | null): Promise<FrameworkSummary[]> {
  let q = db
    .selectFrom('sv_framework as f')
    .select((eb) => [
      'f.id',
      'f.name',
      'f.description',
      'f.licence',
      'f.owner_organisation_id',
      'f.shipped',
      eb
        .selectFrom('sv_measure as m')
        .whereRef('m.framework_id', '=', 'f.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('measures'),
    ])
    .orderBy('f.name')
  if (organisationId !== null)
    q = q.where((eb) =>
      eb.or([eb('f.owner_organisation_id', 'is', null), eb('f.owner_organisation_id', '=', organisationId)]),
    )
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    licence: r.licence,
    ownerOrganisationId: r.owner_organisation_id,
    shipped: r.shipped,
    measures: Number(r.measures ?? 0),
  }))
}

/** A framework's own row (without its outcomes and measures), or undefined. */
export async function findFrameworkSummary(db: Db, id: string) {
  return db.selectFrom('sv_framework').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Inserts or updates a framework's own fields. */
export async function saveFrameworkHead(
  db: Db,
  f: Framework,
  shipped: boolean,
): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await findFrameworkSummary(db, f.id)
  const values = {
    name: f.name,
    description: f.description,
    licence: f.licence,
    owner_organisation_id: f.ownerOrganisationId,
  }
  if (!existing) {
    await db
      .insertInto('sv_framework')
      .values({ id: f.id, ...values, shipped })
      .execute()
    return 'created'
  }
  const same =
    existing.name === f.name &&
    existing.description === f.description &&
    existing.licence === f.licence &&
    existing.owner_organisation_id === f.ownerOrganisationId
  if (same) return 'unchanged'
  await db
    .updateTable('sv_framework')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', f.id)
    .execute()
  return 'updated'
}

export async function upsertOutcome(
  db: Db,
  frameworkId: string,
  o: { code: string; theme: Theme; name: string },
  position: number,
): Promise<void> {
  await db
    .insertInto('sv_outcome')
    .values({ framework_id: frameworkId, code: o.code, theme: o.theme, name: o.name, position })
    .onConflict((oc) => oc.columns(['framework_id', 'code']).doUpdateSet({ theme: o.theme, name: o.name, position }))
    .execute()
}

/** Inserts or updates a measure by its code; returns its id and whether anything changed. */
export async function upsertMeasure(
  db: Db,
  frameworkId: string,
  outcomeCode: string,
  m: Omit<Measure, 'proxies'>,
  position: number,
): Promise<{ id: string; change: 'created' | 'updated' | 'unchanged' }> {
  const existing = await db
    .selectFrom('sv_measure')
    .selectAll()
    .where('framework_id', '=', frameworkId)
    .where('code', '=', m.code)
    .executeTakeFirst()
  const values = {
    outcome_code: outcomeCode,
    name: m.name,
    unit: m.unit,
    description: m.description,
    evidence: m.evidence,
    position,
  }
  if (!existing) {
    const row = await db
      .insertInto('sv_measure')
      .values({ framework_id: frameworkId, code: m.code, ...values })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, change: 'created' }
  }
  const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => existing[k] === values[k])
  if (!same) await db.updateTable('sv_measure').set(values).where('id', '=', existing.id).execute()
  return { id: existing.id, change: same ? 'unchanged' : 'updated' }
}

export async function listProxiesOfMeasure(db: Db, measureId: string): Promise<ProxyValue[]> {
  const rows = await db
    .selectFrom('sv_proxy_value')
    .selectAll()
    .where('measure_id', '=', measureId)
    .orderBy('valid_from')
    .execute()
  return rows.map(proxyFromRow)
}

export async function insertProxy(db: Db, measureId: string, p: ProxyValue): Promise<void> {
  await db
    .insertInto('sv_proxy_value')
    .values({
      measure_id: measureId,
      valid_from: p.validFrom,
      value: p.value,
      source: p.source,
      source_year: p.sourceYear,
      reference: p.reference,
      is_assumption: p.isAssumption,
      note: p.note,
    })
    .execute()
}

/** Updates a proxy's citation (source, year, reference, note) without touching its value or date. */
export async function updateProxyCitation(db: Db, measureId: string, p: ProxyValue): Promise<void> {
  await db
    .updateTable('sv_proxy_value')
    .set({
      source: p.source,
      source_year: p.sourceYear,
      reference: p.reference,
      is_assumption: p.isAssumption,
      note: p.note,
    })
    .where('measure_id', '=', measureId)
    .where('valid_from', '=', p.validFrom)
    .execute()
}

function proxyFromRow(r: {
  valid_from: string
  value: string
  source: string
  source_year: string
  reference: string
  is_assumption: boolean
  note: string
}): ProxyValue {
  return {
    validFrom: r.valid_from,
    value: r.value,
    source: r.source,
    sourceYear: r.source_year,
    reference: r.reference,
    isAssumption: r.is_assumption,
    note: r.note,
  }
}

/** Measures with their outcome, theme and proxy values, for the given framework or measure ids. */
export async function listMeasures(
  db: Db,
  filter: { frameworkId?: string; measureIds?: readonly string[] },
): Promise<StoredMeasure[]> {
  if (filter.measureIds && filter.measureIds.length === 0) return []
  let q = db
    .selectFrom('sv_measure as m')
    .innerJoin('sv_outcome as o', (j) =>
      j.onRef('o.framework_id', '=', 'm.framework_id').onRef('o.code', '=', 'm.outcome_code'),
    )
    .select([
      'm.id',
      'm.framework_id',
      'm.code',
      'm.outcome_code',
      'm.name',
      'm.unit',
      'm.description',
      'm.evidence',
      'o.name as outcome_name',
      'o.theme',
    ])
    .orderBy('o.position')
    .orderBy('m.position')
    .orderBy('m.code')
  if (filter.frameworkId) q = q.where('m.framework_id', '=', filter.frameworkId)
  if (filter.measureIds) q = q.where('m.id', 'in', [...filter.measureIds])
  const rows = await q.execute()
  if (rows.length === 0) return []
  const proxies = await db
    .selectFrom('sv_proxy_value')
    .selectAll()
    .where(
      'measure_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('valid_from')
    .execute()
  const byMeasure = new Map<string, ProxyValue[]>()
  for (const p of proxies) byMeasure.set(p.measure_id, [...(byMeasure.get(p.measure_id) ?? []), proxyFromRow(p)])
  return rows.map((r) => ({
    id: r.id,
    frameworkId: r.framework_id,
    code: r.code,
    outcomeCode: r.outcome_code,
    outcomeName: r.outcome_name,
    theme: r.theme,
    name: r.name,
    unit: r.unit,
    description: r.description,
    evidence: r.evidence,
    proxies: byMeasure.get(r.id) ?? [],
  }))
}

/** A whole framework in catalogue order, as the export writes it. */
export async function loadFramework(db: Db, id: string): Promise<Framework | undefined> {
  const head = await findFrameworkSummary(db, id)
  if (!head) return undefined
  const outcomes = await db
    .selectFrom('sv_outcome')
    .selectAll()
    .where('framework_id', '=', id)
    .orderBy('position')
    .orderBy('code')
    .execute()
  const measures = await listMeasures(db, { frameworkId: id })
  return {
    id: head.id,
    name: head.name,
    description: head.description,
    licence: head.licence,
    ownerOrganisationId: head.owner_organisation_id,
    outcomes: outcomes.map((o) => ({
      code: o.code,
      theme: o.theme,
      name: o.name,
      measures: measures
        .filter((m) => m.outcomeCode === o.code)
        .map((m) => ({
          code: m.code,
          name: m.name,
          unit: m.unit,
          description: m.description,
          evidence: m.evidence,
          proxies: m.proxies,
        })),
    })),
  }
}
