// The service navigation: what each person sees depends on what they may open.
import { ANALYSE_ROLES, isAllowed, READ_ROLES, type Access, type Principal } from '../../domain/access/roles.js'
import { paths } from '../paths.js'

const items: { text: string; href: string; access: Access }[] = [
  { text: 'Home', href: paths.home, access: { kind: 'signed-in' } },
  { text: 'Spend', href: paths.spend, access: { kind: 'org', roles: READ_ROLES } },
  { text: 'Contracts', href: paths.contracts, access: { kind: 'org', roles: READ_ROLES } },
  { text: 'Pipeline', href: paths.pipeline, access: { kind: 'org', roles: READ_ROLES } },
  { text: 'Social value', href: paths.socialValue, access: { kind: 'org', roles: READ_ROLES } },
  { text: 'Social value returns', href: paths.supplierSocialValue, access: { kind: 'supplier' } },
  { text: 'Supplier review', href: paths.supplierReview, access: { kind: 'org', roles: ANALYSE_ROLES } },
  { text: 'People', href: paths.organisationPeople, access: { kind: 'org', roles: ['org_admin'] } },
  {
    text: 'Audit log',
    href: paths.audit,
    access: { kind: 'any-of', rules: [{ kind: 'org', roles: ['org_admin'] }, { kind: 'admin' }] },
  },
  { text: 'Organisations', href: paths.adminOrganisations, access: { kind: 'admin' } },
  { text: 'Networks', href: paths.adminNetworks, access: { kind: 'admin' } },
  { text: 'Users', href: paths.adminUsers, access: { kind: 'admin' } },
  { text: 'Outbox', href: paths.adminOutbox, access: { kind: 'admin' } },
]

export function navigationFor(principal: Principal | null, organisationId: string | null, url: string) {
  if (!principal) return []
  const here = url.split('?')[0] ?? ''
  return items
    .filter((item) => isAllowed(principal, item.access, organisationId))
    .map((item) => ({
      text: item.text,
      href: item.href,
      active: here === item.href || here.startsWith(`${item.href}/`),
    }))
}
