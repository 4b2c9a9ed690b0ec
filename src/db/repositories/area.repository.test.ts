import { afterEach, beforeEach, describe, it, expect } from 'vitest'
import { geographyFrom, type Geography } from '../../domain/geography/geography.js'
import { loadGeography, loadGeographyData } from '../../reference/geography.js'
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js'
import type { Db } from '../database.js'
import { listDistricts, syncAreas } from './area.repository.js'

let testDb: TestDb
let db: Db

beforeEach(async () => {
  testDb = await createTestDb()
  db = testDb.db
})

afterEach(async () => {
  await testDb.destroy()
})

const countRows = async (table: 'area' | 'area_neighbour') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('syncAreas', () => {
  it('loads every district, region and neighbour pair', async () => {
    const result = await syncAreas(db, loadGeography())
    expect(result).toEqual({ districts: 361, neighbours: expect.any(Number), unchanged: false })
    expect(result.neighbours % 2).toBe(0)
    expect(await countRows('area')).toBe(361 + 12)
    expect(await countRows('area_neighbour')).toBe(result.neighbours)

    const islington = await db.selectFrom('area').selectAll().where('gss_code', '=', 'E09000019').executeTakeFirst()
    expect(islington).toEqual({
      gss_code: 'E09000019',
      name: 'Islington',
      kind: 'district',
      district_type: 'london-borough',
      region_code: 'E12000007',
      region_name: 'London',
      nation: 'England',
    })
    const wales = await db.selectFrom('area').selectAll().where('gss_code', '=', 'W92000004').executeTakeFirst()
    expect(wales).toMatchObject({ name: 'Wales', kind: 'region', nation: 'Wales', region_code: null })

    const neighbours = await db
      .selectFrom('area_neighbour')
      .select('neighbour_code')
      .where('gss_code', '=', 'E09000019')
      .orderBy('neighbour_code')
      .execute()
    expect(neighbours.map((n) => n.neighbour_code)).toEqual(['E09000001', 'E09000007', 'E09000012', 'E09000014'])
  })

  it('does nothing the second time', async () => {
    const first = await syncAreas(db, loadGeography())
    const stamp = await db.selectFrom('app_setting').selectAll().where('key', '=', 'geography_hash').executeTakeFirst()
    expect(typeof stamp?.value).toBe('string')

    const second = await syncAreas(db, loadGeography())
    expect(second).toEqual({ ...first, unchanged: true })
    expect(await countRows('area')).toBe(373)
    expect(await countRows('area_neighbour')).toBe(first.neighbours)
    const after = await db.selectFrom('app_setting').selectAll().where('key', '=', 'geography_hash').executeTakeFirst()
    expect(after).toEqual(stamp)
  })

  it('applies changes: renames, new neighbour lists', async () => {
    const first = await syncAreas(db, loadGeography())
    const data = loadGeographyData()
    const without = (list: readonly string[] | undefined, code: string) => (list ?? []).filter((c) => c !== code)
    const changed: Geography = geographyFrom({
      ...data,
      districts: data.districts.map((d) => (d.code === 'E09000019' ? { ...d, name: 'Islington (renamed)' } : d)),
      neighbours: {
        ...data.neighbours,
        E09000019: without(data.neighbours.E09000019, 'E09000012'),
        E09000012: without(data.neighbours.E09000012, 'E09000019'),
      },
    })
    const result = await syncAreas(db, changed)
    expect(result).toEqual({ districts: 361, neighbours: first.neighbours - 2, unchanged: false })
    const row = await db.selectFrom('area').select('name').where('gss_code', '=', 'E09000019').executeTakeFirst()
    expect(row?.name).toBe('Islington (renamed)')
    const islingtonNeighbours = await db
      .selectFrom('area_neighbour')
      .select('neighbour_code')
      .where('gss_code', '=', 'E09000019')
      .orderBy('neighbour_code')
      .execute()
    expect(islingtonNeighbours.map((n) => n.neighbour_code)).toEqual(['E09000001', 'E09000007', 'E09000014'])
    expect(await countRows('area_neighbour')).toBe(result.neighbours)
  })

  it('resyncs when the tables were changed behind its back', async () => {
    const first = await syncAreas(db, loadGeography())
    await db.deleteFrom('area_neighbour').where('gss_code', '=', 'E09000019').execute()
    const again = await syncAreas(db, loadGeography())
    expect(again.unchanged).toBe(false)
    expect(await countRows('area_neighbour')).toBe(first.neighbours)
  })

  it('keeps districts that organisations still point at when they leave the geography', async () => {
    await syncAreas(db, loadGeography())
    await db
      .insertInto('organisation')
      .values({ id: 'islington-council', name: 'Islington Council', type: 'council', region_code: 'E12000007' })
      .execute()
    await db
      .insertInto('organisation_area')
      .values({ organisation_id: 'islington-council', gss_code: 'E09000019', relation: 'home' })
      .execute()
    const data = loadGeographyData()
    const without = geographyFrom({
      ...data,
      districts: data.districts.filter((d) => d.code !== 'E09000019'),
      neighbours: Object.fromEntries(
        Object.entries(data.neighbours)
          .filter(([code]) => code !== 'E09000019')
          .map(([code, list]) => [code, list.filter((n) => n !== 'E09000019')]),
      ),
    })
    await syncAreas(db, without)
    expect(await countRows('area')).toBe(373)
  })
})

describe('listDistricts', () => {
  it('lists districts by name with their region', async () => {
    await syncAreas(db, loadGeography())
    const districts = await listDistricts(db)
    expect(districts).toHaveLength(361)
    expect(districts[0]).toEqual({ code: 'S12000033', name: 'Aberdeen City', regionName: 'Scotland' })
    expect(districts).toContainEqual({ code: 'S12000023', name: 'Orkney Islands', regionName: 'Scotland' })
    const names = districts.map((d) => d.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB')))
  })
})
