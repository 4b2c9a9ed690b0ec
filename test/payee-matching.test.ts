// How good automatic payee matching is, on real ledger spellings. test/fixtures/payee-labels.csv holds 222 payee
// names taken from the real spend files in ../shared/data/spend (Leeds 2013, Oxford 2014–18, the GLA and Trafford
// 2024-25), grouped by hand into the real organisations they are ("HM REVENUE & CUSTOMS", "Hm Revenues & Customs",
// "HM REVENUE & CUSTOM" are one group). About half are spellings of the same organisation; the rest are near-misses
// that must stay apart (London boroughs, Leeds' colleges and universities, Capita's subsidiaries …). The names are
// copied exactly as published (columns: group, source, name); the grouping is ours. Contains public sector information
// licensed under the Open Government Licence v3.0 (Leeds City Council, Oxford City Council, Greater London Authority,
// Trafford Council).
//
// The test resolves the first spelling of every group in a fresh organisation (so each makes a supplier), then all
// the other spellings, and counts pairs of names: a pair is merged when both resolved to the same supplier without
// a person. Precision = merged pairs that are one organisation / all merged pairs; recall = merged pairs that are
// one organisation / all pairs that are one organisation.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { normaliseSupplierName } from '../src/domain/spend/supplier-name.js'
import type { Services } from '../src/services.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

type Label = { group: string; source: string; name: string }
const labels = parse(readFileSync(new URL('./fixtures/payee-labels.csv', import.meta.url)), {
  columns: true,
}) as Label[]

let testDb: TestDb
let services: Services

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: 'labelled',
    name: 'Labelled Council',
    type: 'council',
    home: ['E08000035'],
  })
})
afterAll(() => testDb.destroy())

describe('automatic payee matching on hand-labelled real spellings', () => {
  it('merges spellings of one organisation with precision of at least 0.95', async () => {
    const firsts = new Map<string, Label>()
    for (const l of labels) if (!firsts.has(l.group)) firsts.set(l.group, l)
    const rest = labels.filter((l) => firsts.get(l.group) !== l)
    const resolve = (batch: Label[]) =>
      testDb.db.transaction().execute((trx) =>
        services.supplierResolution.resolvePayees(
          trx,
          'labelled',
          batch.map((l) => ({ name: l.name })),
        ),
      )
    const resolved = new Map([...(await resolve([...firsts.values()])), ...(await resolve(rest))])

    const supplierOf = (l: Label) => resolved.get(normaliseSupplierName(l.name))?.supplierId
    let truePairs = 0
    let falsePairs = 0
    let missedPairs = 0
    const wrong: string[] = []
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i]!, labels[j]!]
        const same = a.group === b.group
        const merged = supplierOf(a) !== undefined && supplierOf(a) === supplierOf(b)
        if (merged && same) truePairs++
        else if (merged) {
          falsePairs++
          wrong.push(`${a.name} ~ ${b.name}`)
        } else if (same) missedPairs++
      }
    }
    const precision = truePairs / (truePairs + falsePairs)
    const recall = truePairs / (truePairs + missedPairs)
    const reviews = [...resolved.values()].filter((r) => r.review).length
    console.log(
      `payee matching: ${labels.length} names in ${firsts.size} organisations; ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} ` +
        `(${truePairs} right merges, ${falsePairs} wrong, ${missedPairs} missed); ${reviews} names sent to review`,
    )
    expect(wrong).toEqual([])
    expect(precision).toBeGreaterThanOrEqual(0.95)
    // A floor, so a change that stops merging anything does not pass quietly.
    expect(recall).toBeGreaterThanOrEqual(0.75)
  })
})
