// Password reset and set-password links, end to end through a real SMTP server running in this process.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpMailer } from '../src/services/support/mailer.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD } from './helpers/fixtures.js'

type ReceivedEmail = { envelopeTo: string[]; headers: string; text: string }

const NEW_PASSWORD = 'a fresh and lengthy passphrase'
const CHECK_YOUR_EMAIL = 'Check your email'
const LINK_EXPIRED = 'This link has expired or has already been used'

/** A clock the tests can move forward. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) }

const received: ReceivedEmail[] = []
let smtp: SMTPServer
let smtpRunning = false
let t: TestApp

/** Undoes quoted-printable transfer encoding (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}

function parseEmail(raw: string, envelopeTo: string[]): ReceivedEmail {
  const split = raw.indexOf('\r\n\r\n')
  const headers = raw.slice(0, split)
  const body = raw.slice(split + 4)
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase()
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body
  return { envelopeTo, headers, text }
}

function header(email: ReceivedEmail, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(email.headers)?.[1]?.replace(/\r\n[ \t]+/g, ' ')
}

/** The path of the one link to this app in an email. */
function linkIn(email: ReceivedEmail, kind: 'reset' | 'set'): string {
  const match = new RegExp(`http://localhost:3000(/password/${kind}/[A-Za-z0-9_-]+)`).exec(email.text)
  if (!match) throw new Error(`No ${kind} link in:\n${email.text}`)
  return match[1]!
}

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push(
          parseEmail(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        )
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject)
    smtp.listen(0, '127.0.0.1', () => resolve())
  })
  smtpRunning = true
  return (smtp.server.address() as AddressInfo).port
}

async function stopSmtp(): Promise<void> {
  if (!smtpRunning) return
  smtpRunning = false
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
}

beforeAll(async () => {
  const port = await startSmtp()
  t = await createTestApp({ clock, mailer: createSmtpMailer(`smtp://127.0.0.1:${port}`, 'cwb <no-reply@example.org>') })
  await createAccessFixture(t.services)
})
afterAll(async () => {
  await t?.close()
  await stopSmtp()
})

function forgotten(client: Client, email: string) {
  return client.post('/password/forgotten', { email }, { csrfFrom: '/password/forgotten' })
}

/** Posts a new password to a link; a dead link has no form, so the CSRF token then comes from another page. */
function choosePassword(client: Client, path: string, password: string, options: { dead?: boolean } = {}) {
  return client.post(
    path,
    { password, confirmPassword: password },
    { csrfFrom: options.dead ? '/password/forgotten' : path },
  )
}

function signInStatus(email: string, password: string) {
  return new Client(t.app).post('/sign-in', { email, password }).then((r) => r.statusCode)
}

function outbox(to: string) {
  return t.testDb.db.selectFrom('outbox_email').selectAll().where('to_address', '=', to).orderBy('created_at').execute()
}

function pageText(html: string): string {
  return $(html)('main').text().replace(/\s+/g, ' ').trim()
}

describe('resetting a forgotten password', () => {
  let resetPath: string

  it('emails a reset link over SMTP to a known address and says to check your email', async () => {
    const response = await forgotten(new Client(t.app), 'Viewer@Example.org')
    expect(response.statusCode).toBe(200)
    expect($(response.body)('h1').text()).toBe(CHECK_YOUR_EMAIL)
    expect(received).toHaveLength(1)
    const email = received[0]!
    expect(email.envelopeTo).toEqual(['viewer@example.org'])
    expect(header(email, 'Subject')).toBe('Reset your password for cwb')
    expect(header(email, 'From')).toContain('no-reply@example.org')
    expect(email.text).toContain('It works once and expires in 60 minutes')
    resetPath = linkIn(email, 'reset')
  })

  it('records the message in the outbox as sent', async () => {
    const rows = await outbox('viewer@example.org')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      status: 'sent',
      transport: 'smtp',
      subject: 'Reset your password for cwb',
      error: null,
    })
    expect(rows[0]!.sent_at).toBeInstanceOf(Date)
  })

  it('shows the new password form at the link', async () => {
    const response = await new Client(t.app).get(resetPath)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('input[name=password]')).toHaveLength(1)
    expect(page('input[name=confirmPassword]')).toHaveLength(1)
    expect(page('input[name=_csrf]').val()).toEqual(expect.any(String))
  })

  it('refuses a password that is too short, and the link still works', async () => {
    const response = await choosePassword(new Client(t.app), resetPath, 'too short')
    expect(response.statusCode).toBe(400)
    expect($(response.body)('.govuk-error-summary').text()).toContain('Password must be 12 characters or more')
    expect((await new Client(t.app).get(resetPath)).statusCode).toBe(200)
  })

  it('sets the new password, ends the sessions the person had, and goes to sign in', async () => {
    const before = new Client(t.app)
    await before.signIn('viewer@example.org', FIXTURE_PASSWORD)

    const client = new Client(t.app)
    const response = await choosePassword(client, resetPath, NEW_PASSWORD)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/sign-in')
    const signIn = await client.get('/sign-in')
    expect($(signIn.body)('.govuk-notification-banner').text()).toContain('Your password has been set')

    const old = await before.get('/account')
    expect(old.statusCode).toBe(302)
    expect(old.headers.location).toBe('/sign-in')
  })

  it('signs in with the new password and not the old one', async () => {
    expect(await signInStatus('viewer@example.org', NEW_PASSWORD)).toBe(302)
    expect(await signInStatus('viewer@example.org', FIXTURE_PASSWORD)).toBe(401)
  })

  it('works only once', async () => {
    const page = await new Client(t.app).get(resetPath)
    expect(page.statusCode).toBe(410)
    expect($(page.body)('h1').text()).toBe(LINK_EXPIRED)
    const again = await choosePassword(new Client(t.app), resetPath, 'yet another long passphrase', { dead: true })
    expect(again.statusCode).toBe(410)
    expect(await signInStatus('viewer@example.org', NEW_PASSWORD)).toBe(302)
  })

  it('gives an unknown email address the same answer, and sends nothing', async () => {
    const sentBefore = received.length
    const outboxBefore = await t.testDb.db.selectFrom('outbox_email').select('id').execute()
    const known = await forgotten(new Client(t.app), 'officer@example.org')
    const unknown = await forgotten(new Client(t.app), 'nobody@example.org')
    expect(unknown.statusCode).toBe(known.statusCode)
    expect(pageText(unknown.body).replace('nobody@example.org', 'EMAIL')).toBe(
      pageText(known.body).replace('officer@example.org', 'EMAIL'),
    )
    expect(received).toHaveLength(sentBefore + 1)
    expect(received.at(-1)!.envelopeTo).toEqual(['officer@example.org'])
    expect(await t.testDb.db.selectFrom('outbox_email').select('id').execute()).toHaveLength(outboxBefore.length + 1)
    expect(await outbox('nobody@example.org')).toEqual([])
  })

  it('rejects a made-up link', async () => {
    const response = await new Client(t.app).get('/password/reset/not-a-real-token')
    expect(response.statusCode).toBe(410)
    expect($(response.body)('h1').text()).toBe(LINK_EXPIRED)
  })

  it('refuses a link after it has expired', async () => {
    await forgotten(new Client(t.app), 'analyst@example.org')
    const path = linkIn(received.at(-1)!, 'reset')
    expect((await new Client(t.app).get(path)).statusCode).toBe(200)
    clock.offsetMs = 61 * 60_000
    try {
      const page = await new Client(t.app).get(path)
      expect(page.statusCode).toBe(410)
      expect($(page.body)('h1').text()).toBe(LINK_EXPIRED)
      expect((await choosePassword(new Client(t.app), path, NEW_PASSWORD, { dead: true })).statusCode).toBe(410)
    } finally {
      clock.offsetMs = 0
    }
    expect(await signInStatus('analyst@example.org', FIXTURE_PASSWORD)).toBe(302)
    expect(await signInStatus('analyst@example.org', NEW_PASSWORD)).toBe(401)
  })
})

describe('the set-password link for a person an organisation administrator adds', () => {
  it('is emailed, sets the password once, and the person can then sign in to their organisation', async () => {
    const admin = new Client(t.app)
    await admin.signIn('orgadmin@example.org', FIXTURE_PASSWORD)
    const added = await admin.post('/organisation/people/add', {
      name: 'Nadia Newcomer',
      email: 'nadia@example.org',
      role: 'officer',
    })
    expect(added.statusCode).toBe(302)
    expect(added.headers.location).toBe('/organisation/people')

    const email = received.at(-1)!
    expect(email.envelopeTo).toEqual(['nadia@example.org'])
    expect(header(email, 'Subject')).toBe('Set your password for cwb')
    expect(email.text).toContain('Hello Nadia Newcomer')
    expect(email.text).toContain('with the role Officer')
    const path = linkIn(email, 'set')
    expect((await outbox('nadia@example.org')).map((r) => r.status)).toEqual(['sent'])

    // No password yet, so no way in.
    expect(await signInStatus('nadia@example.org', NEW_PASSWORD)).toBe(401)

    const page = await new Client(t.app).get(path)
    expect(page.statusCode).toBe(200)
    const response = await choosePassword(new Client(t.app), path, NEW_PASSWORD)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/sign-in')

    const nadia = new Client(t.app)
    await nadia.signIn('nadia@example.org', NEW_PASSWORD)
    const home = await nadia.get('/home')
    expect(home.statusCode).toBe(200)
    expect($(home.body)('.cwb-account-bar').text()).toContain('Organisation A')

    expect((await new Client(t.app).get(path)).statusCode).toBe(410)
    expect(
      (await choosePassword(new Client(t.app), path, 'a different long passphrase', { dead: true })).statusCode,
    ).toBe(410)
  })
})

describe('when the SMTP server is down', () => {
  it('records the message as failed and gives the person the same answer', async () => {
    await stopSmtp()
    const sentBefore = received.length
    const response = await forgotten(new Client(t.app), 'victim@example.org')
    expect(response.statusCode).toBe(200)
    expect($(response.body)('h1').text()).toBe(CHECK_YOUR_EMAIL)
    expect(received).toHaveLength(sentBefore)
    const rows = await outbox('victim@example.org')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      status: 'failed',
      transport: 'smtp',
      subject: 'Reset your password for cwb',
      sent_at: null,
    })
    expect(rows[0]!.error).toEqual(expect.any(String))
  })
})
