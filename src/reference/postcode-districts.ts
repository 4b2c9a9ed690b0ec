// The shipped postcode district → local authority district shares (src/reference/postcode-districts.json, built by
// scripts/build-postcode-districts.ts). The fallback for placing a supplier when its full postcode is not in
// ref_postcode. Read once per process, on first use.
import fs from 'node:fs'
import type { GeographySource } from '../domain/geography/geography.js'
import type { DistrictShare, PostcodeDistricts } from '../domain/geography/postcode.js'

/** The shape of postcode-districts.json. */
export type PostcodeDistrictsData = {
  sources: readonly GeographySource[]
  attribution: string
  /** Outward code → districts, largest share first. */
  districts: Readonly<Record<string, readonly DistrictShare[]>>
}

let data: PostcodeDistrictsData | undefined
let districts: PostcodeDistricts | undefined

/** The raw reference data, including `sources` and `attribution` for an about/licences page. */
export function loadPostcodeDistrictsData(): PostcodeDistrictsData {
  data ??= JSON.parse(
    fs.readFileSync(new URL('./postcode-districts.json', import.meta.url), 'utf8'),
  ) as PostcodeDistrictsData
  return data
}

/** Outward code ("N1") → its local authority districts with their shares of its postcodes, largest first. */
export function loadPostcodeDistricts(): PostcodeDistricts {
  districts ??= new Map(Object.entries(loadPostcodeDistrictsData().districts))
  return districts
}
