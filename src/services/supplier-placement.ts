// Placing new suppliers: postcode → local authority district, from the full-postcode register (ref_postcode) when it
// has the postcode, else from the shipped outward-code shares when one district clearly dominates; else unknown.
import { findPostcodeDistricts } from '../db/repositories/supplier-resolution.repository.js'
import type { Db } from '../db/database.js'
import type { Geography } from '../domain/geography/geography.js'
import { districtForPostcode, normalisePostcode } from '../domain/geography/postcode.js'
import { loadPostcodeDistricts } from '../reference/postcode-districts.js'

/** The district of each postcode (normalised 'N1 1AA' form) that can be placed; the others are left out. */
export async function placePostcodes(
  db: Db,
  geography: Geography,
  postcodes: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(postcodes.map((p) => normalisePostcode(p)).filter((p): p is string => p !== null))]
  const placed = new Map<string, string>()
  if (wanted.length === 0) return placed
  const exact = await findPostcodeDistricts(db, wanted)
  const shares = loadPostcodeDistricts()
  for (const postcode of wanted) {
    const district = districtForPostcode(postcode, exact.get(postcode), shares)
    // supplier.district_code references area: only current districts the installation knows can be stored.
    if (district && geography.districts.has(district.code)) placed.set(postcode, district.code)
  }
  return placed
}
