// Storage for web sessions (used by the session plugin's store).
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  saveSession,
} from '../db/repositories/session.repository.js'
import type { ServiceDeps } from './deps.js'

export function createSessionService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  return {
    get: (sid: string) => findSession(db, sid, clock.now()),
    save: (sid: string, userId: string | null, data: Record<string, unknown>, expiresAt: Date) =>
      saveSession(db, { sid, userId, data, expiresAt }),
    destroy: (sid: string) => deleteSession(db, sid),
    purgeExpired: () => deleteExpiredSessions(db, clock.now()),
  }
}

export type SessionService = ReturnType<typeof createSessionService>
