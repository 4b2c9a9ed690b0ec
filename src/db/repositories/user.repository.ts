// People, their memberships and their password tokens.
import type { Membership, MembershipRole, OrgRole } from '../../domain/access/roles.js'
import type { User } from '../../domain/users/user.js'
import type { Db } from '../database.js'
import type { AppUserRow } from '../schema.js'

function userRowToUser(row: AppUserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin,
    hasPassword: row.password_hash !== null,
    lockedUntil: row.locked_until,
    disabledAt: row.disabled_at,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  }
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst()
  return row && userRowToUser(row)
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst()
  return row && userRowToUser(row)
}

/** The stored password hash, for verification only. */
export async function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirst()
  return row?.password_hash ?? null
}

export async function insertUser(
  db: Db,
  user: { email: string; name: string; isAdmin: boolean; passwordHash: string | null },
): Promise<User> {
  const row = await db
    .insertInto('app_user')
    .values({ email: user.email, name: user.name, is_admin: user.isAdmin, password_hash: user.passwordHash })
    .returningAll()
    .executeTakeFirstOrThrow()
  return userRowToUser(row)
}

export async function updateUser(
  db: Db,
  id: string,
  changes: { name?: string; isAdmin?: boolean; disabled?: boolean },
) {
  await db
    .updateTable('app_user')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.isAdmin !== undefined ? { is_admin: changes.isAdmin } : {}),
      ...(changes.disabled !== undefined ? { disabled_at: changes.disabled ? new Date() : null } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', userId)
    .execute()
}

/** Counts a failed sign-in; locks the account when the count reaches the limit. Returns the new count. */
export async function recordFailedSignIn(db: Db, userId: string, limit: number, lockUntil: Date): Promise<number> {
  const row = await db
    .updateTable('app_user')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_sign_ins')
    .executeTakeFirstOrThrow()
  if (row.failed_sign_ins >= limit) {
    await db
      .updateTable('app_user')
      .set({ locked_until: lockUntil, failed_sign_ins: 0 })
      .where('id', '=', userId)
      .execute()
  }
  return row.failed_sign_ins
}

export async function recordSuccessfulSignIn(db: Db, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: at })
    .where('id', '=', userId)
    .execute()
}

/** Everyone, or everyone with a membership of one organisation, in name order. */
export async function listUsers(db: Db, filter: { organisationId?: string } = {}): Promise<User[]> {
  let query = db.selectFrom('app_user').selectAll('app_user').orderBy('app_user.name').orderBy('app_user.email')
  if (filter.organisationId) {
    const orgId = filter.organisationId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('membership')
          .select('membership.id')
          .whereRef('membership.user_id', '=', 'app_user.id')
          .where('membership.organisation_id', '=', orgId),
      ),
    )
  }
  return (await query.execute()).map(userRowToUser)
}

/** A person's memberships with the names of their organisations and suppliers. */
export async function listMemberships(db: Db, userIds: readonly string[]): Promise<Map<string, Membership[]>> {
  const result = new Map<string, Membership[]>(userIds.map((id) => [id, []]))
  if (userIds.length === 0) return result
  const rows = await db
    .selectFrom('membership as m')
    .leftJoin('organisation as o', 'o.id', 'm.organisation_id')
    .leftJoin('supplier as s', 's.id', 'm.supplier_id')
    .select([
      'm.user_id',
      'm.role',
      'm.organisation_id',
      'o.name as organisation_name',
      'm.supplier_id',
      's.name as supplier_name',
    ])
    .where('m.user_id', 'in', userIds)
    .orderBy('o.name')
    .orderBy('s.name')
    .execute()
  for (const row of rows) {
    const membership: Membership =
      row.role === 'supplier'
        ? { role: 'supplier', supplierId: row.supplier_id ?? '', supplierName: row.supplier_name ?? '' }
        : {
            role: row.role as OrgRole,
            organisationId: row.organisation_id ?? '',
            organisationName: row.organisation_name ?? '',
          }
    result.get(row.user_id)?.push(membership)
  }
  return result
}

/** Gives a person a role in an organisation (replacing any role they had there) or for a supplier. */
export async function upsertMembership(
  db: Db,
  m: { userId: string; role: MembershipRole; organisationId?: string; supplierId?: string },
): Promise<void> {
  if (m.role === 'supplier') {
    await db
      .deleteFrom('membership')
      .where('user_id', '=', m.userId)
      .where('supplier_id', '=', m.supplierId ?? '')
      .execute()
    await db.insertInto('membership').values({ user_id: m.userId, role: m.role, supplier_id: m.supplierId }).execute()
    return
  }
  await db
    .deleteFrom('membership')
    .where('user_id', '=', m.userId)
    .where('organisation_id', '=', m.organisationId ?? '')
    .execute()
  await db
    .insertInto('membership')
    .values({ user_id: m.userId, role: m.role, organisation_id: m.organisationId })
    .execute()
}

export async function deleteMembership(
  db: Db,
  m: { userId: string; organisationId?: string; supplierId?: string },
): Promise<number> {
  let query = db.deleteFrom('membership').where('user_id', '=', m.userId)
  query = m.organisationId
    ? query.where('organisation_id', '=', m.organisationId)
    : query.where('supplier_id', '=', m.supplierId ?? '')
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function insertPasswordToken(
  db: Db,
  token: { tokenHash: string; userId: string; purpose: 'reset' | 'set'; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('password_token')
    .values({ token_hash: token.tokenHash, user_id: token.userId, purpose: token.purpose, expires_at: token.expiresAt })
    .execute()
}

/** Marks a token used and returns its user, if the token exists, is unused and has not expired. Single use. */
export async function consumePasswordToken(db: Db, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('password_token')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst()
  return row?.user_id
}

/** Whether a token could still be used (without using it), to decide which page to show. */
export async function isPasswordTokenUsable(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('password_token')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row !== undefined
}

/** Suppliers a person can be linked to, by name (for the supplier role). */
export async function findSuppliersByName(db: Db, query: string, limit = 20): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('supplier')
    .select(['id', 'name'])
    .where('name', 'ilike', `%${query.replace(/[%_\\]/g, '\\$&')}%`)
    .orderBy('name')
    .limit(limit)
    .execute()
}

export async function findSupplierName(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('supplier').select('name').where('id', '=', id).executeTakeFirst()
  return row?.name
}

/** Suppliers in name order, for choosing which one a supplier-role person acts for. */
export async function listSupplierNames(db: Db, limit = 1000): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('supplier').select(['id', 'name']).orderBy('name').limit(limit).execute()
}
