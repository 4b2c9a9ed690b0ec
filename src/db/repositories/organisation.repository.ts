// Organisations, their areas, and networks. The only place that writes SQL for them.
import type { Network, Organisation, OrganisationType } from '../../domain/organisations/organisation.js'
import type { PlaceDefinition } from '../../domain/geography/geography.js'
import type { Db } from '../database.js'

type Executor = Db

/** All organisations with their areas, in name order (optionally only some ids). */
export async function listOrganisations(db: Executor, ids?: readonly string[]): Promise<Organisation[]> {
  if (ids && ids.length === 0) return []
  let query = db
    .selectFrom('organisation as o')
    .innerJoin('area as r', 'r.gss_code', 'o.region_code')
    .select(['o.id', 'o.name', 'o.type', 'o.created_at', 'o.region_code', 'r.name as region_name', 'o.org_identifier'])
    .orderBy('o.name')
  if (ids) query = query.where('o.id', 'in', ids)
  const rows = await query.execute()
  if (rows.length === 0) return []
  const areas = await db
    .selectFrom('organisation_area as oa')
    .innerJoin('area as a', 'a.gss_code', 'oa.gss_code')
    .select(['oa.organisation_id', 'oa.relation', 'a.gss_code', 'a.name'])
    .where(
      'oa.organisation_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('a.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    type: row.type as OrganisationType,
    region: { code: row.region_code, name: row.region_name },
    orgIdentifier: row.org_identifier,
    createdAt: row.created_at,
    home: areas
      .filter((a) => a.organisation_id === row.id && a.relation === 'home')
      .map((a) => ({ code: a.gss_code, name: a.name })),
    neighbours: areas
      .filter((a) => a.organisation_id === row.id && a.relation === 'neighbour')
      .map((a) => ({ code: a.gss_code, name: a.name })),
  }))
}

/** One organisation, or undefined. */
export async function findOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  const [org] = await listOrganisations(db, [id])
  return org
}

/** Inserts an organisation and its place definition. */
export async function insertOrganisation(
  db: Executor,
  org: { id: string; name: string; type: OrganisationType; place: PlaceDefinition; orgIdentifier?: string | null },
): Promise<void> {
  await db
    .insertInto('organisation')
    .values({
      id: org.id,
      name: org.name,
      type: org.type,
      region_code: org.place.regionCode,
      org_identifier: org.orgIdentifier ?? null,
    })
    .execute()
  await replacePlace(db, org.id, org.place)
}

/** Changes an organisation's name, type and place definition. */
export async function updateOrganisation(
  db: Executor,
  org: { id: string; name: string; type: OrganisationType; place: PlaceDefinition; orgIdentifier?: string | null },
): Promise<void> {
  await db
    .updateTable('organisation')
    .set({
      name: org.name,
      type: org.type,
      region_code: org.place.regionCode,
      // Left as it is when not given (callers that do not know about it).
      ...(org.orgIdentifier === undefined ? {} : { org_identifier: org.orgIdentifier }),
      updated_at: new Date(),
    })
    .where('id', '=', org.id)
    .execute()
  await replacePlace(db, org.id, org.place)
}

async function replacePlace(db: Executor, organisationId: string, place: PlaceDefinition): Promise<void> {
  await db.deleteFrom('organisation_area').where('organisation_id', '=', organisationId).execute()
  const rows = [
    ...place.home.map((code) => ({ organisation_id: organisationId, gss_code: code, relation: 'home' as const })),
    ...place.neighbours.map((code) => ({
      organisation_id: organisationId,
      gss_code: code,
      relation: 'neighbour' as const,
    })),
  ]
  if (rows.length > 0) await db.insertInto('organisation_area').values(rows).execute()
}

/** All networks with their members, in name order. */
export async function listNetworks(db: Executor, ids?: readonly string[]): Promise<Network[]> {
  if (ids && ids.length === 0) return []
  let query = db.selectFrom('network').select(['id', 'name', 'description']).orderBy('name')
  if (ids) query = query.where('id', 'in', ids)
  const networks = await query.execute()
  if (networks.length === 0) return []
  const members = await db
    .selectFrom('network_member as m')
    .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
    .select(['m.network_id', 'o.id', 'o.name'])
    .where(
      'm.network_id',
      'in',
      networks.map((n) => n.id),
    )
    .orderBy('o.name')
    .execute()
  return networks.map((n) => ({
    ...n,
    members: members.filter((m) => m.network_id === n.id).map((m) => ({ id: m.id, name: m.name })),
  }))
}

/** The networks an organisation belongs to. */
export async function networkIdsOf(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('network_member')
    .select('network_id')
    .where('organisation_id', '=', organisationId)
    .execute()
  return rows.map((r) => r.network_id)
}

/** The ids of a network's members, in id order. */
export async function networkMemberIds(db: Executor, networkId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('network_member')
    .select('organisation_id')
    .where('network_id', '=', networkId)
    .orderBy('organisation_id')
    .execute()
  return rows.map((r) => r.organisation_id)
}

export async function insertNetwork(
  db: Executor,
  network: { id: string; name: string; description: string; memberIds: readonly string[] },
): Promise<void> {
  await db
    .insertInto('network')
    .values({ id: network.id, name: network.name, description: network.description })
    .execute()
  await replaceNetworkMembers(db, network.id, network.memberIds)
}

export async function updateNetwork(
  db: Executor,
  network: { id: string; name: string; description: string; memberIds: readonly string[] },
): Promise<void> {
  await db
    .updateTable('network')
    .set({ name: network.name, description: network.description })
    .where('id', '=', network.id)
    .execute()
  await replaceNetworkMembers(db, network.id, network.memberIds)
}

async function replaceNetworkMembers(db: Executor, networkId: string, memberIds: readonly string[]): Promise<void> {
  await db.deleteFrom('network_member').where('network_id', '=', networkId).execute()
  if (memberIds.length > 0)
    await db
      .insertInto('network_member')
      .values(memberIds.map((organisationId) => ({ network_id: networkId, organisation_id: organisationId })))
      .execute()
}
