// People who sign in, and the rules on their credentials.
import type { Membership } from '../access/roles.js'

export type User = {
  id: string
  email: string
  name: string
  isAdmin: boolean
  hasPassword: boolean
  lockedUntil: Date | null
  disabledAt: Date | null
  lastSignInAt: Date | null
  createdAt: Date
}

export type UserWithMemberships = User & { memberships: Membership[] }

/** Sign-in failures in a row before an account is locked, and for how long. */
export const MAX_FAILED_SIGN_INS = 5
export const LOCKOUT_MINUTES = 15
/** How long an emailed password link works. */
export const RESET_LINK_MINUTES = 60
export const SET_PASSWORD_LINK_HOURS = 72
export const MIN_PASSWORD_LENGTH = 12

/** Normalises an email address for storage and comparison. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Why a password is not acceptable, or null. Length over complexity, as NCSC advises. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`
  if (password.length > 200) return 'Password must be 200 characters or fewer'
  const lower = password.toLowerCase()
  if (context.email && lower.includes(normaliseEmail(context.email).split('@')[0] ?? '\u0000'))
    return 'Password must not contain your email address'
  if (/^(.)\1+$/.test(password)) return 'Password must not be one character repeated'
  if (['password1234', 'passwordpassword', '123456789012', 'qwertyuiopas'].includes(lower))
    return 'Password is too common. Choose another'
  return null
}

/** Whether an account is locked at a moment. */
export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime()
}
