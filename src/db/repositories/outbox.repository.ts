// Every email the application sends (or, with no SMTP server configured, keeps for administrators to read).
import type { Db } from '../database.js'

export type OutboxEmail = {
  id: string
  to: string
  subject: string
  text: string
  status: 'sent' | 'outbox' | 'failed'
  transport: string
  error: string | null
  createdAt: Date
}

export async function insertOutboxEmail(
  db: Db,
  email: {
    to: string
    subject: string
    text: string
    status: OutboxEmail['status']
    transport: string
    error?: string
  },
): Promise<void> {
  await db
    .insertInto('outbox_email')
    .values({
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      status: email.status,
      transport: email.transport,
      error: email.error ?? null,
      sent_at: email.status === 'sent' ? new Date() : null,
    })
    .execute()
}

export async function listOutboxEmails(db: Db, limit = 100): Promise<OutboxEmail[]> {
  const rows = await db.selectFrom('outbox_email').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    status: r.status,
    transport: r.transport,
    error: r.error,
    createdAt: r.created_at,
  }))
}
