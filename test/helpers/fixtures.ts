// A small world for access tests: two organisations, one person per role in the first, a supplier, an admin.
import { SYSTEM_ACTOR } from '../../src/domain/audit/audit.js'
import type { Services } from '../../src/services.js'

export const FIXTURE_PASSWORD = 'correct horse battery staple'

export type AccessFixture = Awaited<ReturnType<typeof createAccessFixture>>

export async function createAccessFixture(services: Services) {
  const actor = SYSTEM_ACTOR
  await services.organisations.add(actor, { id: 'org-a', name: 'Organisation A', type: 'council', home: ['E09000019'] })
  await services.organisations.add(actor, { id: 'org-b', name: 'Organisation B', type: 'nhs', home: ['E09000007'] })
  await services.organisations.addNetwork(actor, {
    id: 'net-ab',
    name: 'Network AB',
    description: '',
    memberIds: ['org-a', 'org-b'],
  })
  const supplier = await services.deps.db
    .insertInto('supplier')
    .values({ name: 'Fixture Supplies Ltd', normalised_name: 'fixture supplies' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const add = async (email: string, role: Parameters<Services['users']['add']>[1]['role'], organisationId?: string) =>
    (
      await services.users.add(actor, {
        email,
        name: email.split('@')[0]!,
        role,
        organisationId,
        supplierId: role === 'supplier' ? supplier.id : undefined,
        password: FIXTURE_PASSWORD,
      })
    ).user
  const users = {
    admin: await add('admin@example.org', 'admin'),
    org_admin: await add('orgadmin@example.org', 'org_admin', 'org-a'),
    officer: await add('officer@example.org', 'officer', 'org-a'),
    analyst: await add('analyst@example.org', 'analyst', 'org-a'),
    viewer: await add('viewer@example.org', 'viewer', 'org-a'),
    supplier: await add('supplier@example.org', 'supplier'),
    otherOrgAdmin: await add('orgadmin-b@example.org', 'org_admin', 'org-b'),
    /** The person that routes about "a person" act on, so that the role users above stay as they are. */
    victim: await add('victim@example.org', 'analyst', 'org-a'),
  }
  return { users, supplierId: supplier.id }
}
