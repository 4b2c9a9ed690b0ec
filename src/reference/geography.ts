// The shipped UK local-authority geography (src/reference/geography.json, built by scripts/build-geography.ts).
// Read once per process, on first use.
import fs from 'node:fs'
import { geographyFrom, type Geography, type GeographyData } from '../domain/geography/geography.js'

let data: GeographyData | undefined
let geography: Geography | undefined

/** The raw reference data, including `sources` and `attribution` for an about/licences page. */
export function loadGeographyData(): GeographyData {
  data ??= JSON.parse(fs.readFileSync(new URL('./geography.json', import.meta.url), 'utf8')) as GeographyData
  return data
}

/** Current UK local authority districts, regions and neighbours. */
export function loadGeography(): Geography {
  geography ??= geographyFrom(loadGeographyData())
  return geography
}
