// What services are built from. The composition root (src/services.ts) assembles it once.
import type { Db } from '../db/database.js'
import type { Geography } from '../domain/geography/geography.js'
import type { Clock } from './support/clock.js'
import type { Mailer } from './support/mailer.js'
import type { PasswordHasher } from './support/password-hasher.js'

export type ServiceDeps = {
  db: Db
  clock: Clock
  hasher: PasswordHasher
  mailer: Mailer
  geography: Geography
  /** Where emailed links point, e.g. https://cwb.example.org */
  publicUrl: string
}
