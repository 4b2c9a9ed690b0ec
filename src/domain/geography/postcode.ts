// UK postcodes: tidy what people and registers type (" ex13pb", "EC1A1BB") into the 'N1 1AA' form, and place a
// postcode in a local authority district. Pure: the lookups are passed in.

/**
 * The shape of a UK postcode: outward code (one or two area letters, a district digit, then an optional digit or
 * letter) and inward code (a sector digit and two unit letters, never C, I, K, M, O or V). The outward letter rules
 * are looser than the GOV.UK pattern on purpose: retired districts such as W1M and W1V still appear in registers and
 * in the NSPL. GIR 0AA (Girobank) is the one historic exception. Checked against all 394,842 NSPL (May 2025)
 * postcodes in London's postcode areas.
 */
const POSTCODE = /^(?:GIR0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2})$/

/** 'N1 1AA' from " n11aa", "N1  1AA" or "n1 1aa"; null when the text is not shaped like a UK postcode. */
export function normalisePostcode(text: string | null | undefined): string | null {
  if (!text) return null
  const compact = text.replace(/\s+/g, '').toUpperCase()
  if (!POSTCODE.test(compact)) return null
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

/** The outward code ("N1" of "N1 1AA", "EC1A" of "EC1A 1BB"), or null when the text is not a postcode. */
export function outwardCode(postcode: string | null | undefined): string | null {
  const normalised = normalisePostcode(postcode)
  return normalised ? normalised.slice(0, normalised.indexOf(' ')) : null
}

/** One local authority district's share of the postcodes in an outward code. */
export type DistrictShare = { code: string; share: number }

/** Outward code → its districts, largest share first (src/reference/postcode-districts.json). */
export type PostcodeDistricts = ReadonlyMap<string, readonly DistrictShare[]>

/** How sure we are of a district: 'exact' from the full postcode, 'district' from a dominant outward code. */
export const DistrictConfidence = { Exact: 'exact', District: 'district' } as const
export type DistrictConfidence = (typeof DistrictConfidence)[keyof typeof DistrictConfidence]

export type PlacedPostcode = { code: string; confidence: DistrictConfidence }

/** An outward code places a postcode only when at least this share of its postcodes lie in one district. */
export const DOMINANT_SHARE = 0.8

/**
 * The local authority district a postcode is in. The exact district (from the full-postcode register, ref_postcode)
 * wins; otherwise the outward code's largest district when it holds at least 80% of the code's postcodes; otherwise
 * null: unknown, never guessed. "N1 9GU" with no exact entry is null, as N1 is only 73% Islington.
 */
export function districtForPostcode(
  postcode: string | null | undefined,
  exact: string | undefined,
  districts: PostcodeDistricts,
): PlacedPostcode | null {
  if (exact) return { code: exact, confidence: DistrictConfidence.Exact }
  const outward = outwardCode(postcode)
  const largest = outward ? districts.get(outward)?.[0] : undefined
  if (!largest || largest.share < DOMINANT_SHARE) return null
  return { code: largest.code, confidence: DistrictConfidence.District }
}
