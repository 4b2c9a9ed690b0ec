// Organisation identifiers in org-id form (https://org-id.guide): a registry prefix, a hyphen, and the identifier the
// registry gives, e.g. GB-LAE-ISL (Islington in the Local Authorities (England) register), GB-COH-01234567 (Companies
// House), GB-CHC-1234567 (Charity Commission for England and Wales). OCDS names parties this way. Pure: no I/O.

/**
 * The UK registries public bodies and their suppliers are found in, with their org-id.guide prefixes. Prefixes
 * starting XI- (international registries such as XI-LEI or XI-GRID) are accepted too.
 */
export const ORG_ID_REGISTRIES: Readonly<Record<string, string>> = {
  'GB-LAE': 'Local Authorities (England)',
  'GB-LAS': 'Local Authorities (Scotland)',
  'GB-PLA': 'Principal Local Authorities (Wales)',
  'GB-LANI': 'Local Authorities (Northern Ireland)',
  'GB-NHS': 'NHS Organisation Data Service',
  'GB-EDU': 'Get Information about Schools (Department for Education)',
  'GB-UKPRN': 'UK Register of Learning Providers',
  'GB-GOR': 'Government Organisation Register',
  'GB-COH': 'Companies House',
  'GB-CHC': 'Charity Commission for England and Wales',
  'GB-SC': 'Scottish Charity Register',
  'GB-NIC': 'Charity Commission for Northern Ireland',
  'GB-MPR': 'Mutuals Public Register',
  'GB-SHPE': 'Social Housing Providers (England)',
  'GB-NIP': 'Northern Ireland Companies',
  'GB-REV': 'HM Revenue and Customs exempt charities',
}

export type OrgId = { scheme: string; id: string }

export type OrgIdCheck = { ok: true; value: OrgId } | { ok: false; message: string }

/** Splits "GB-LAE-ISL" into scheme "GB-LAE" and id "ISL", checking that the prefix is a registry cwb knows. */
export function parseOrgId(text: string): OrgIdCheck {
  const t = text.trim()
  if (t === '') return { ok: false, message: 'Enter the organisation identifier, like GB-LAE-ISL' }
  const upper = t.toUpperCase()
  // Longest prefix first, so GB-LANI is not read as GB-LAN + I.
  const prefix = Object.keys(ORG_ID_REGISTRIES)
    .sort((a, b) => b.length - a.length)
    .find((p) => upper.startsWith(`${p}-`))
  const international = /^(XI-[A-Z0-9]{2,12})-/.exec(upper)?.[1]
  const scheme = prefix ?? international
  if (!scheme)
    return {
      ok: false,
      message:
        'Organisation identifier must start with a registry prefix from org-id.guide, such as GB-LAE, GB-NHS, GB-EDU, GB-COH, GB-CHC or GB-GOR',
    }
  const id = t.slice(scheme.length + 1)
  if (!/^[A-Za-z0-9][A-Za-z0-9./_-]{0,59}$/.test(id))
    return {
      ok: false,
      message: `Organisation identifier must have the registry’s identifier after ${scheme}-, like ${scheme}-ISL`,
    }
  return { ok: true, value: { scheme, id } }
}

/** The identifier normalised ("gb-lae-isl" → "GB-LAE-ISL"), or null when it is not one. */
export function normaliseOrgId(text: string): string | null {
  const parsed = parseOrgId(text)
  return parsed.ok ? `${parsed.value.scheme}-${parsed.value.id.toUpperCase()}` : null
}

/**
 * A Companies House number as the register writes it: eight characters, digits zero-padded ("1234567" → "01234567"),
 * or two letters and six digits for Scotland, Northern Ireland, LLPs and the like ("SC123456").
 */
export function companyNumberOrgId(companyNumber: string): OrgId | null {
  const t = companyNumber.trim().toUpperCase().replace(/\s+/g, '')
  if (/^\d{1,8}$/.test(t)) return { scheme: 'GB-COH', id: t.padStart(8, '0') }
  if (/^[A-Z]{2}\d{6}$/.test(t)) return { scheme: 'GB-COH', id: t }
  return null
}

/**
 * A charity number in the register it belongs to: Scottish (SC012345) and Northern Irish (NIC100002, or a bare
 * 1000xx number with NIC) charities have their own registers; the rest are the Charity Commission for England and
 * Wales (a six or seven digit number, with "-1" style suffixes for linked charities dropped).
 */
export function charityNumberOrgId(charityNumber: string): OrgId | null {
  const t = charityNumber.trim().toUpperCase().replace(/\s+/g, '')
  if (/^SC\d{6}$/.test(t)) return { scheme: 'GB-SC', id: t }
  if (/^NIC\d{5,6}$/.test(t)) return { scheme: 'GB-NIC', id: t.slice(3) }
  const main = /^(\d{6,8})(?:-\d+)?$/.exec(t)?.[1]
  return main ? { scheme: 'GB-CHC', id: main } : null
}
