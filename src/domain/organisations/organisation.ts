// Organisations (anchor institutions), networks and their vocabularies.
export const OrganisationType = {
  Council: 'council',
  Nhs: 'nhs',
  Education: 'education',
  Housing: 'housing',
  Police: 'police',
  Fire: 'fire',
  Other: 'other',
} as const
export type OrganisationType = (typeof OrganisationType)[keyof typeof OrganisationType]
export const ORGANISATION_TYPES = Object.values(OrganisationType)

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  council: 'Council',
  nhs: 'NHS trust or health body',
  education: 'College, university or school',
  housing: 'Housing association',
  police: 'Police',
  fire: 'Fire and rescue',
  other: 'Other anchor institution',
}

export type Area = { code: string; name: string }

export type Organisation = {
  id: string
  name: string
  type: OrganisationType
  home: Area[]
  neighbours: Area[]
  region: Area
  /** Its identifier in org-id form (e.g. GB-LAE-ISL), used in open contracting data; null when not given. */
  orgIdentifier: string | null
  createdAt: Date
}

export type Network = {
  id: string
  name: string
  description: string
  members: { id: string; name: string }[]
}

/** Identifiers are short lower-case slugs, used in URLs and on the command line. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/

/** Suggests an identifier from a name: "Islington Council" → "islington-council". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
}
