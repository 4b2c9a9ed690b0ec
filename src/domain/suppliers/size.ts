// Size bands, as Islington's Progressive Procurement Strategy defines them: micro is under 10 staff and turnover under
// £2m; small under 50 and under £10m; medium under 250 and under £50m (micro + small + medium = SME); large otherwise.
// Both tests must pass for a band, so a 5-person firm turning over £30m is medium, not micro.
//
// When only one figure is known the band is 'unknown', with one exception: a figure that on its own already rules out
// every SME band (250 or more staff, or turnover of £50m or more) makes the firm 'large', because no value of the
// missing figure could make it an SME. Guessing the other way (e.g. 3 staff, turnover unknown → micro) would count
// firms as SMEs on half the evidence, so we do not.

export const SizeBand = {
  Micro: 'micro',
  Small: 'small',
  Medium: 'medium',
  Large: 'large',
  Unknown: 'unknown',
} as const
export type SizeBand = (typeof SizeBand)[keyof typeof SizeBand]
export const SIZE_BANDS: readonly SizeBand[] = Object.values(SizeBand)

export const SIZE_BAND_LABELS: Record<SizeBand, string> = {
  micro: 'Micro',
  small: 'Small',
  medium: 'Medium',
  large: 'Large',
  unknown: 'Not known',
}

/** Upper limits (exclusive) of each SME band: staff head count and annual turnover in pounds. */
export const SIZE_LIMITS = [
  { band: SizeBand.Micro, employees: 10, turnover: 2_000_000 },
  { band: SizeBand.Small, employees: 50, turnover: 10_000_000 },
  { band: SizeBand.Medium, employees: 250, turnover: 50_000_000 },
] as const

const LARGE = SIZE_LIMITS[SIZE_LIMITS.length - 1]!

/** Whole pounds from a turnover given as a number or a decimal string ('1250000.00'); null when absent or not a number. */
function pounds(turnover: number | string | null | undefined): number | null {
  if (turnover === null || turnover === undefined || turnover === '') return null
  const value = typeof turnover === 'number' ? turnover : Number(String(turnover).trim())
  return Number.isFinite(value) && value >= 0 ? value : null
}

function count(employees: number | null | undefined): number | null {
  return employees === null || employees === undefined || !Number.isFinite(employees) || employees < 0
    ? null
    : employees
}

/** The size band for a head count and an annual turnover in pounds (either may be missing). */
export function sizeBand(employees: number | null | undefined, turnover: number | string | null | undefined): SizeBand {
  const staff = count(employees)
  const money = pounds(turnover)
  if (staff === null || money === null) {
    if ((staff !== null && staff >= LARGE.employees) || (money !== null && money >= LARGE.turnover))
      return SizeBand.Large
    return SizeBand.Unknown
  }
  for (const limit of SIZE_LIMITS) if (staff < limit.employees && money < limit.turnover) return limit.band
  return SizeBand.Large
}

/** Small and medium-sized enterprises, micro included. */
export function isSme(band: SizeBand): boolean {
  return band === SizeBand.Micro || band === SizeBand.Small || band === SizeBand.Medium
}
