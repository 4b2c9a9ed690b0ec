// People and their roles.
import {
  deleteMembership,
  findSupplierName,
  findUserByEmail,
  findUserById,
  insertPasswordToken,
  insertUser,
  listMemberships,
  listSupplierNames,
  listUsers,
  updateUser,
  upsertMembership,
} from '../db/repositories/user.repository.js'
import { findOrganisation } from '../db/repositories/organisation.repository.js'
import { deleteSessionsOfUser } from '../db/repositories/session.repository.js'
import { MEMBERSHIP_ROLES, ROLE_LABELS, type MembershipRole } from '../domain/access/roles.js'
import type { Actor } from '../domain/audit/audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js'
import {
  normaliseEmail,
  passwordProblem,
  SET_PASSWORD_LINK_HOURS,
  type User,
  type UserWithMemberships,
} from '../domain/users/user.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import type { MailService } from './mail.service.js'
import { newToken } from './support/tokens.js'

export type AddUserInput = {
  email: string
  name: string
  /** 'admin' makes an installation administrator; other roles need an organisation (or, for supplier, a supplier). */
  role: MembershipRole | 'admin'
  organisationId?: string
  supplierId?: string
  /** Without a password the person is emailed a link to set one. */
  password?: string
}

export function createUserService(deps: Pick<ServiceDeps, 'db' | 'hasher' | 'clock' | 'publicUrl'>, mail: MailService) {
  const { db, hasher, clock, publicUrl } = deps

  async function checkTarget(input: { role: MembershipRole | 'admin'; organisationId?: string; supplierId?: string }) {
    if (input.role === 'admin') return
    if (!MEMBERSHIP_ROLES.includes(input.role))
      throw new InvalidInputError(`There is no role ${input.role}`, { role: 'Select a role' })
    if (input.role === 'supplier') {
      if (!input.supplierId || !(await findSupplierName(db, input.supplierId)))
        throw new InvalidInputError('Select the supplier this person acts for', {
          supplierId: 'Select the supplier this person acts for',
        })
      return
    }
    if (!input.organisationId || !(await findOrganisation(db, input.organisationId)))
      throw new InvalidInputError(`There is no organisation ${input.organisationId ?? ''}`.trim(), {
        organisationId: 'Select an organisation',
      })
  }

  async function withMemberships(users: User[]): Promise<UserWithMemberships[]> {
    const memberships = await listMemberships(
      db,
      users.map((u) => u.id),
    )
    return users.map((u) => ({ ...u, memberships: memberships.get(u.id) ?? [] }))
  }

  return {
    async list(filter: { organisationId?: string } = {}): Promise<UserWithMemberships[]> {
      return withMemberships(await listUsers(db, filter))
    },

    async get(id: string): Promise<UserWithMemberships> {
      const user = await findUserById(db, id)
      if (!user) throw new NotFoundError('There is no such person')
      return (await withMemberships([user]))[0]!
    },

    findByEmail: (email: string) => findUserByEmail(db, normaliseEmail(email)),

    /** Suppliers a supplier-role person can be linked to. */
    supplierChoices: () => listSupplierNames(db),

    /** Adds a person with a role. Emails a set-password link when no password is given. */
    async add(actor: Actor, input: AddUserInput): Promise<{ user: User; setPasswordLink?: string }> {
      const email = normaliseEmail(input.email)
      await checkTarget(input)
      if (input.password) {
        const problem = passwordProblem(input.password, { email })
        if (problem) throw new InvalidInputError(problem, { password: problem })
      }
      const passwordHash = input.password ? await hasher.hash(input.password) : null
      const { token, tokenHash } = newToken()
      const result = await db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, email))
          throw new ConflictError(`Someone with the email address ${email} already exists`)
        const user = await insertUser(trx, {
          email,
          name: input.name.trim(),
          isAdmin: input.role === 'admin',
          passwordHash,
        })
        if (input.role !== 'admin')
          await upsertMembership(trx, {
            userId: user.id,
            role: input.role,
            organisationId: input.organisationId,
            supplierId: input.supplierId,
          })
        if (!passwordHash)
          await insertPasswordToken(trx, {
            tokenHash,
            userId: user.id,
            purpose: 'set',
            expiresAt: new Date(clock.now().getTime() + SET_PASSWORD_LINK_HOURS * 3600_000),
          })
        await recordAudit(trx, actor, [
          {
            organisationId: input.role === 'admin' || input.role === 'supplier' ? null : (input.organisationId ?? null),
            action: 'user.add',
            entityType: 'user',
            entityId: user.id,
            after: {
              email,
              name: user.name,
              role: input.role,
              organisationId: input.organisationId,
              supplierId: input.supplierId,
            },
          },
        ])
        return user
      })
      if (passwordHash) return { user: result }
      const setPasswordLink = `${publicUrl}/password/set/${token}`
      await mail.send({
        to: email,
        subject: 'Set your password for cwb',
        text: [
          `Hello ${result.name},`,
          '',
          `An account has been made for you on cwb, the Community Wealth Builder, with the role ${ROLE_LABELS[input.role]}.`,
          '',
          'Set your password with this link. It works once and expires in 72 hours:',
          setPasswordLink,
          '',
          'If you did not expect this email, you can ignore it.',
        ].join('\n'),
      })
      return { user: result, setPasswordLink }
    },

    /** Gives a person a role in an organisation or for a supplier, replacing the role they had there. */
    async grant(
      actor: Actor,
      input: { userId: string; role: MembershipRole; organisationId?: string; supplierId?: string },
    ) {
      await checkTarget(input)
      await db.transaction().execute(async (trx) => {
        const user = await findUserById(trx, input.userId)
        if (!user) throw new NotFoundError('There is no such person')
        const before = (await listMemberships(trx, [user.id])).get(user.id) ?? []
        await upsertMembership(trx, input)
        await recordAudit(trx, actor, [
          {
            organisationId: input.organisationId ?? null,
            action: 'membership.grant',
            entityType: 'user',
            entityId: user.id,
            before:
              before.find((m) =>
                'organisationId' in m ? m.organisationId === input.organisationId : m.supplierId === input.supplierId,
              ) ?? null,
            after: { role: input.role, organisationId: input.organisationId, supplierId: input.supplierId },
          },
        ])
      })
    },

    /** Takes away a person's role in an organisation (or for a supplier), and signs them out. */
    async revoke(actor: Actor, input: { userId: string; organisationId?: string; supplierId?: string }) {
      if (!input.organisationId === !input.supplierId)
        throw new InvalidInputError('Say which role to remove: the organisation or the supplier', {
          organisationId: 'Select an organisation',
        })
      await db.transaction().execute(async (trx) => {
        const before = (await listMemberships(trx, [input.userId])).get(input.userId) ?? []
        const removed = await deleteMembership(trx, input)
        if (removed === 0) throw new NotFoundError('That person has no role there')
        await deleteSessionsOfUser(trx, input.userId)
        await recordAudit(trx, actor, [
          {
            organisationId: input.organisationId ?? null,
            action: 'membership.revoke',
            entityType: 'user',
            entityId: input.userId,
            before: before.find((m) =>
              'organisationId' in m ? m.organisationId === input.organisationId : m.supplierId === input.supplierId,
            ),
          },
        ])
      })
    },

    /** Disables or re-enables an account; disabling ends every session. */
    async setDisabled(actor: Actor, userId: string, disabled: boolean) {
      await db.transaction().execute(async (trx) => {
        const user = await findUserById(trx, userId)
        if (!user) throw new NotFoundError('There is no such person')
        await updateUser(trx, userId, { disabled })
        if (disabled) await deleteSessionsOfUser(trx, userId)
        await recordAudit(trx, actor, [
          {
            organisationId: null,
            action: disabled ? 'user.disable' : 'user.enable',
            entityType: 'user',
            entityId: userId,
            before: { disabled: user.disabledAt !== null },
            after: { disabled },
          },
        ])
      })
    },

    async rename(actor: Actor, userId: string, name: string) {
      await db.transaction().execute(async (trx) => {
        const user = await findUserById(trx, userId)
        if (!user) throw new NotFoundError('There is no such person')
        await updateUser(trx, userId, { name: name.trim() })
        await recordAudit(trx, actor, [
          {
            organisationId: null,
            action: 'user.rename',
            entityType: 'user',
            entityId: userId,
            before: { name: user.name },
            after: { name: name.trim() },
          },
        ])
      })
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
