// Signing in and out, lockout, password reset and change, and who a signed-in person is.
import {
  consumePasswordToken,
  findPasswordHash,
  findUserByEmail,
  findUserById,
  insertPasswordToken,
  isPasswordTokenUsable,
  listMemberships,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  setPasswordHash,
} from '../db/repositories/user.repository.js'
import { countSessionsOfUser, deleteSessionsOfUser } from '../db/repositories/session.repository.js'
import type { Principal } from '../domain/access/roles.js'
import type { Actor } from '../domain/audit/audit.js'
import { InvalidInputError } from '../domain/errors.js'
import {
  isLocked,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  normaliseEmail,
  passwordProblem,
  RESET_LINK_MINUTES,
} from '../domain/users/user.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import type { MailService } from './mail.service.js'
import { hashToken, newToken } from './support/tokens.js'

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'locked' }

export function createAuthService(deps: Pick<ServiceDeps, 'db' | 'hasher' | 'clock' | 'publicUrl'>, mail: MailService) {
  const { db, hasher, clock, publicUrl } = deps

  return {
    /** Checks an email and password. Locks the account for a while after repeated failures. */
    async signIn(actor: Actor, email: string, password: string): Promise<SignInResult> {
      const user = await findUserByEmail(db, normaliseEmail(email))
      const hash = user ? await findPasswordHash(db, user.id) : null
      // Always verify, even for unknown emails, so the time taken does not reveal which accounts exist.
      const passwordMatches = await hasher.verify(hash ?? '', password)
      if (!user || user.disabledAt) return { ok: false, reason: 'invalid' }
      const now = clock.now()
      if (isLocked(user, now)) return { ok: false, reason: 'locked' }
      if (!hash || !passwordMatches) {
        const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)
        const failures = await recordFailedSignIn(db, user.id, MAX_FAILED_SIGN_INS, lockUntil)
        if (failures >= MAX_FAILED_SIGN_INS) {
          await recordAudit(db, { ...actor, userId: user.id, label: user.email }, [
            {
              organisationId: null,
              action: 'user.locked',
              entityType: 'user',
              entityId: user.id,
              after: { lockedUntil: lockUntil },
            },
          ])
          return { ok: false, reason: 'locked' }
        }
        return { ok: false, reason: 'invalid' }
      }
      await recordSuccessfulSignIn(db, user.id, now)
      await recordAudit(db, { ...actor, userId: user.id, label: user.email }, [
        { organisationId: null, action: 'user.sign-in', entityType: 'user', entityId: user.id },
      ])
      return { ok: true, userId: user.id }
    },

    /** The person behind a session, or null if the account no longer exists or is disabled. */
    async principal(userId: string, currentOrganisationId: string | null): Promise<Principal | null> {
      const user = await findUserById(db, userId)
      if (!user || user.disabledAt) return null
      const memberships = (await listMemberships(db, [user.id])).get(user.id) ?? []
      return {
        userId: user.id,
        name: user.name,
        email: user.email,
        isAdmin: user.isAdmin,
        memberships,
        currentOrganisationId,
      }
    },

    /** Emails a single-use reset link if the address belongs to someone. Says nothing either way. */
    async requestPasswordReset(actor: Actor, email: string): Promise<void> {
      const user = await findUserByEmail(db, normaliseEmail(email))
      if (!user || user.disabledAt) return
      const { token, tokenHash } = newToken()
      await insertPasswordToken(db, {
        tokenHash,
        userId: user.id,
        purpose: 'reset',
        expiresAt: new Date(clock.now().getTime() + RESET_LINK_MINUTES * 60_000),
      })
      await recordAudit(db, actor, [
        { organisationId: null, action: 'user.password-reset-requested', entityType: 'user', entityId: user.id },
      ])
      await mail.send({
        to: user.email,
        subject: 'Reset your password for cwb',
        text: [
          `Hello ${user.name},`,
          '',
          'Someone asked to reset the password of your cwb account. If it was you, use this link.',
          `It works once and expires in ${RESET_LINK_MINUTES} minutes:`,
          `${publicUrl}/password/reset/${token}`,
          '',
          'If it was not you, ignore this email: your password has not changed.',
        ].join('\n'),
      })
    },

    /** Whether a reset or set-password link can still be used. */
    isTokenUsable: (token: string) => isPasswordTokenUsable(db, hashToken(token), clock.now()),

    /** Sets a new password from an emailed link; the link then stops working and every session ends. */
    async setPasswordWithToken(
      actor: Actor,
      token: string,
      password: string,
    ): Promise<{ ok: boolean; userId?: string }> {
      const problem = passwordProblem(password)
      if (problem) throw new InvalidInputError(problem, { password: problem })
      const hash = await hasher.hash(password)
      return db.transaction().execute(async (trx) => {
        const userId = await consumePasswordToken(trx, hashToken(token), clock.now())
        if (!userId) return { ok: false }
        const user = await findUserById(trx, userId)
        const contextual = passwordProblem(password, { email: user?.email })
        if (contextual) throw new InvalidInputError(contextual, { password: contextual })
        await setPasswordHash(trx, userId, hash)
        await deleteSessionsOfUser(trx, userId)
        await recordAudit(trx, { ...actor, userId, label: user?.email ?? actor.label }, [
          { organisationId: null, action: 'user.password-set', entityType: 'user', entityId: userId },
        ])
        return { ok: true, userId }
      })
    },

    /** Changes a password after checking the current one; other sessions end. */
    async changePassword(actor: Actor, userId: string, current: string, next: string, keepSid?: string) {
      const hash = await findPasswordHash(db, userId)
      if (!hash || !(await hasher.verify(hash, current)))
        throw new InvalidInputError('Your current password is not right', {
          currentPassword: 'Your current password is not right',
        })
      const user = await findUserById(db, userId)
      const problem = passwordProblem(next, { email: user?.email })
      if (problem) throw new InvalidInputError(problem, { newPassword: problem })
      const newHash = await hasher.hash(next)
      await db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, userId, newHash)
        await deleteSessionsOfUser(trx, userId, keepSid)
        await recordAudit(trx, actor, [
          { organisationId: null, action: 'user.password-change', entityType: 'user', entityId: userId },
        ])
      })
    },

    /** Ends every session of a person, optionally keeping one. Returns how many ended. */
    async signOutEverywhere(actor: Actor, userId: string, keepSid?: string): Promise<number> {
      const ended = await deleteSessionsOfUser(db, userId, keepSid)
      await recordAudit(db, actor, [
        {
          organisationId: null,
          action: 'user.sign-out-everywhere',
          entityType: 'user',
          entityId: userId,
          after: { sessionsEnded: ended },
        },
      ])
      return ended
    },

    activeSessions: (userId: string) => countSessionsOfUser(db, userId, clock.now()),
  }
}

export type AuthService = ReturnType<typeof createAuthService>
