// Who may do what. Pure: no I/O. Routes and services both ask these functions.

/** Roles a person can hold within one organisation, or (supplier) for one supplier. */
export const OrgRole = {
  OrgAdmin: 'org_admin',
  Officer: 'officer',
  Analyst: 'analyst',
  Viewer: 'viewer',
} as const
export type OrgRole = (typeof OrgRole)[keyof typeof OrgRole]

export const SUPPLIER_ROLE = 'supplier' as const
export type MembershipRole = OrgRole | typeof SUPPLIER_ROLE

export const ORG_ROLES: readonly OrgRole[] = Object.values(OrgRole)
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = [...ORG_ROLES, SUPPLIER_ROLE]

export const ROLE_LABELS: Record<MembershipRole | 'admin' | 'public', string> = {
  admin: 'Administrator',
  org_admin: 'Organisation administrator',
  officer: 'Officer',
  analyst: 'Analyst',
  viewer: 'Viewer (councillor or scrutiny)',
  supplier: 'Supplier',
  public: 'Public',
}

export const ROLE_DESCRIPTIONS: Record<MembershipRole, string> = {
  org_admin: "Manages the organisation's people and settings, and reads its audit log",
  officer: 'Procurement, commissioning and contract management: changes the organisation’s data',
  analyst: 'Loads payment files and works with the figures',
  viewer: "Reads all of the organisation's data but changes nothing",
  supplier: 'Acts for one supplier: sees only that supplier’s own information',
}

export type Membership =
  | { role: OrgRole; organisationId: string; organisationName: string }
  | { role: typeof SUPPLIER_ROLE; supplierId: string; supplierName: string }

/** The signed-in person as the rules see them. `current` is the organisation they are working in. */
export type Principal = {
  userId: string
  name: string
  email: string
  isAdmin: boolean
  memberships: readonly Membership[]
  currentOrganisationId: string | null
}

/** What a route demands of the person asking. */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'admin' }
  | { kind: 'org'; roles: readonly OrgRole[] }
  | { kind: 'supplier' }
  | { kind: 'any-of'; rules: readonly Access[] }

/** Roles that may read an organisation's private data. */
export const READ_ROLES: readonly OrgRole[] = ['org_admin', 'officer', 'analyst', 'viewer']
/** Roles that may change an organisation's operational data. */
export const CHANGE_ROLES: readonly OrgRole[] = ['org_admin', 'officer']
/** Roles that may load and work with spend figures. */
export const ANALYSE_ROLES: readonly OrgRole[] = ['org_admin', 'officer', 'analyst']

/** The role a person holds in an organisation, if any. Installation administrators act as organisation administrators. */
export function roleIn(principal: Principal, organisationId: string): OrgRole | null {
  const membership = principal.memberships.find((m) => 'organisationId' in m && m.organisationId === organisationId)
  if (membership && membership.role !== SUPPLIER_ROLE) return membership.role
  return principal.isAdmin ? OrgRole.OrgAdmin : null
}

/** The organisations a person belongs to, in name order. */
export function organisationsOf(principal: Principal): { id: string; name: string; role: OrgRole }[] {
  return principal.memberships
    .flatMap((m) =>
      m.role === SUPPLIER_ROLE ? [] : [{ id: m.organisationId, name: m.organisationName, role: m.role }],
    )
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** The suppliers a person acts for. */
export function suppliersOf(principal: Principal): { id: string; name: string }[] {
  return principal.memberships.flatMap((m) =>
    m.role === SUPPLIER_ROLE ? [{ id: m.supplierId, name: m.supplierName }] : [],
  )
}

/** The organisation a person works in now: the chosen one if they still belong to it, else their first. */
export function currentOrganisation(principal: Principal): string | null {
  const mine = organisationsOf(principal)
  if (
    principal.currentOrganisationId &&
    (mine.some((o) => o.id === principal.currentOrganisationId) || principal.isAdmin)
  )
    return principal.currentOrganisationId
  return mine[0]?.id ?? null
}

/** Whether a principal (or the public, when null) meets an access rule, in the organisation they are working in. */
export function isAllowed(principal: Principal | null, access: Access, organisationId: string | null): boolean {
  switch (access.kind) {
    case 'public':
      return true
    case 'signed-in':
      return principal !== null
    case 'admin':
      return principal?.isAdmin === true
    case 'supplier':
      return principal !== null && suppliersOf(principal).length > 0
    case 'org': {
      if (!principal || !organisationId) return false
      const role = roleIn(principal, organisationId)
      return role !== null && access.roles.includes(role)
    }
    case 'any-of':
      return access.rules.some((rule) => isAllowed(principal, rule, organisationId))
  }
}

/** The single role that best describes a person for display: admin first, then their role where they work now. */
export function headlineRole(principal: Principal): MembershipRole | 'admin' {
  if (principal.isAdmin) return 'admin'
  const org = currentOrganisation(principal)
  const role = org ? roleIn(principal, org) : null
  return role ?? (suppliersOf(principal).length > 0 ? SUPPLIER_ROLE : OrgRole.Viewer)
}
