// Sends email and keeps a copy of every message in the outbox table.
import { insertOutboxEmail, listOutboxEmails } from '../db/repositories/outbox.repository.js'
import type { EmailMessage } from './support/mailer.js'
import type { ServiceDeps } from './deps.js'

export function createMailService({ db, mailer }: Pick<ServiceDeps, 'db' | 'mailer'>) {
  return {
    /** Sends a message (or keeps it in the outbox when no SMTP server is configured). Never throws on delivery. */
    async send(message: EmailMessage) {
      const result = await mailer.send(message)
      await insertOutboxEmail(db, { ...message, ...result })
      return result
    },
    outbox: (limit?: number) => listOutboxEmails(db, limit),
  }
}

export type MailService = ReturnType<typeof createMailService>
