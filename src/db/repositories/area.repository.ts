// Areas (districts and regions) and which districts touch. Loaded from the shipped geography on every boot.
import { createHash } from 'node:crypto'
import { sql, type Insertable } from 'kysely'
import type { Geography } from '../../domain/geography/geography.js'
import type { Db } from '../database.js'
import type { AreaNeighbourTable, AreaTable } from '../schema.js'

const HASH_KEY = 'geography_hash'
/** Bump when the way rows are derived from a Geography changes, so existing databases resync. */
const SYNC_VERSION = 1
const CHUNK = 500

type AreaRow = Insertable<AreaTable>
type AreaNeighbourRow = Insertable<AreaNeighbourTable>

export type AreaSyncResult = { districts: number; neighbours: number; unchanged: boolean }
export type DistrictListing = { code: string; name: string; regionName: string }

function areaRows(geo: Geography): AreaRow[] {
  const regions: AreaRow[] = [...geo.regions.values()].map((r) => ({
    gss_code: r.code,
    name: r.name,
    kind: 'region',
    district_type: null,
    region_code: null,
    region_name: null,
    nation: r.nation,
  }))
  const districts: AreaRow[] = [...geo.districts.values()].map((d) => ({
    gss_code: d.code,
    name: d.name,
    kind: 'district',
    district_type: d.type,
    region_code: d.regionCode,
    region_name: d.regionName,
    nation: d.nation,
  }))
  return [...regions, ...districts].sort((a, b) => a.gss_code.localeCompare(b.gss_code))
}

function neighbourRows(geo: Geography): AreaNeighbourRow[] {
  return [...geo.neighbours]
    .flatMap(([code, list]) => list.map((n) => ({ gss_code: code, neighbour_code: n })))
    .sort((a, b) => a.gss_code.localeCompare(b.gss_code) || a.neighbour_code.localeCompare(b.neighbour_code))
}

function contentHash(areas: AreaRow[], neighbours: AreaNeighbourRow[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ version: SYNC_VERSION, areas, neighbours }))
    .digest('hex')
}

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** True when the stored hash and row counts say the tables already hold this content. */
async function isInSync(db: Db, hash: string, districts: number, neighbours: number): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('app_setting').select('value').where('key', '=', HASH_KEY).as('hash'),
      eb
        .selectFrom('area')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('kind', '=', 'district')
        .as('districts'),
      eb
        .selectFrom('area_neighbour')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('neighbours'),
    ])
    .executeTakeFirstOrThrow()
  return row.hash === hash && Number(row.districts) === districts && Number(row.neighbours) === neighbours
}

/**
 * Makes the area and area_neighbour tables match the geography: upserts every region and district (rows that have
 * left the geography stay, since organisations and suppliers may still point at them) and replaces the neighbour
 * pairs, in one transaction. Cheap when nothing has changed, so it can run on every boot.
 */
export async function syncAreas(db: Db, geo: Geography): Promise<AreaSyncResult> {
  const areas = areaRows(geo)
  const neighbours = neighbourRows(geo)
  const hash = contentHash(areas, neighbours)
  const counts = { districts: geo.districts.size, neighbours: neighbours.length }

  if (await isInSync(db, hash, counts.districts, counts.neighbours)) return { ...counts, unchanged: true }

  return db.transaction().execute(async (trx) => {
    // Several processes may boot at once: serialise, then look again.
    await sql`select pg_advisory_xact_lock(hashtext(${HASH_KEY}))`.execute(trx)
    if (await isInSync(trx, hash, counts.districts, counts.neighbours)) return { ...counts, unchanged: true }

    for (const batch of chunks(areas)) {
      await trx
        .insertInto('area')
        .values(batch)
        .onConflict((oc) =>
          oc.column('gss_code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            district_type: eb.ref('excluded.district_type'),
            region_code: eb.ref('excluded.region_code'),
            region_name: eb.ref('excluded.region_name'),
            nation: eb.ref('excluded.nation'),
          })),
        )
        .execute()
    }
    await trx.deleteFrom('area_neighbour').execute()
    for (const batch of chunks(neighbours)) {
      await trx.insertInto('area_neighbour').values(batch).execute()
    }
    await trx
      .insertInto('app_setting')
      .values({ key: HASH_KEY, value: JSON.stringify(hash) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(hash), updated_at: sql`now()` }))
      .execute()
    return { ...counts, unchanged: false }
  })
}

/** Every district in the database, for pickers: sorted by name (in JS, so PGlite and PostgreSQL collations agree). */
export async function listDistricts(db: Db): Promise<DistrictListing[]> {
  const rows = await db
    .selectFrom('area')
    .select(['gss_code', 'name', 'region_name'])
    .where('kind', '=', 'district')
    .execute()
  return rows
    .map((r) => ({ code: r.gss_code, name: r.name, regionName: r.region_name ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.code.localeCompare(b.code))
}
