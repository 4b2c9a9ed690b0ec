// Email transports: SMTP through nodemailer, or none (the message stays in the outbox for administrators to read).
import nodemailer from 'nodemailer'

export type EmailMessage = { to: string; subject: string; text: string }
export type DeliveryResult = { status: 'sent' | 'outbox' | 'failed'; transport: string; error?: string }
export type Mailer = { send: (message: EmailMessage) => Promise<DeliveryResult> }

/** A mailer that sends nothing: every message is kept in the outbox. */
export const outboxOnlyMailer: Mailer = {
  send: async () => ({ status: 'outbox', transport: 'outbox' }),
}

/** Sends through an SMTP server given as a URL, e.g. smtp://user:pass@host:587 or smtps://… */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    send: async (message) => {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text })
        return { status: 'sent', transport: 'smtp' }
      } catch (error) {
        return { status: 'failed', transport: 'smtp', error: error instanceof Error ? error.message : String(error) }
      }
    },
  }
}
