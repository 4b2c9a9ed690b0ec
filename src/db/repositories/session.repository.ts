// Web sessions live in the database, so any number of web processes can serve the same people.
import type { Db } from '../database.js'

export async function findSession(db: Db, sid: string, now: Date): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('session')
    .select('data')
    .where('sid', '=', sid)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row?.data
}

export async function saveSession(
  db: Db,
  session: { sid: string; userId: string | null; data: Record<string, unknown>; expiresAt: Date },
): Promise<void> {
  const data = JSON.stringify(session.data)
  await db
    .insertInto('session')
    .values({ sid: session.sid, user_id: session.userId, data, expires_at: session.expiresAt })
    .onConflict((oc) =>
      oc
        .column('sid')
        .doUpdateSet({ user_id: session.userId, data, expires_at: session.expiresAt, updated_at: new Date() }),
    )
    .execute()
}

export async function deleteSession(db: Db, sid: string): Promise<void> {
  await db.deleteFrom('session').where('sid', '=', sid).execute()
}

/** Ends every session of a person ("sign out everywhere", password change, account disabled). */
export async function deleteSessionsOfUser(db: Db, userId: string, exceptSid?: string): Promise<number> {
  let query = db.deleteFrom('session').where('user_id', '=', userId)
  if (exceptSid) query = query.where('sid', '<>', exceptSid)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function countSessionsOfUser(db: Db, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('session')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
