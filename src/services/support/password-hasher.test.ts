// The real argon2id hasher (the other tests use a fast stand-in).
import { describe, expect, it } from 'vitest'
import { createArgon2Hasher } from './password-hasher.js'

const hasher = createArgon2Hasher()
const PASSWORD = 'correct horse battery staple'

/** The parts of a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash (the parameters in any order). */
function phc(hash: string) {
  const [, algorithm, version, params, salt, digest] = hash.split('$')
  return {
    algorithm,
    version,
    params: Object.fromEntries((params ?? '').split(',').map((p) => p.split('='))),
    salt,
    digest,
  }
}

describe('createArgon2Hasher', () => {
  it('makes argon2id hashes with the configured cost, salted so no two are alike', async () => {
    const first = await hasher.hash(PASSWORD)
    const second = await hasher.hash(PASSWORD)
    expect(first.startsWith('$argon2id$')).toBe(true)
    const parts = phc(first)
    expect(parts).toMatchObject({ algorithm: 'argon2id', version: 'v=19', params: { m: '65536', t: '3' } })
    expect(parts.salt).toMatch(/^[A-Za-z0-9+/]{16,}$/)
    expect(parts.digest).toMatch(/^[A-Za-z0-9+/]{32,}$/)
    expect(first).not.toBe(second)
    expect(first).not.toContain(PASSWORD)
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash(PASSWORD)
    expect(await hasher.verify(hash, PASSWORD)).toBe(true)
    expect(await hasher.verify(hash, 'Correct horse battery staple')).toBe(false)
    expect(await hasher.verify(hash, `${PASSWORD} `)).toBe(false)
    expect(await hasher.verify(hash, '')).toBe(false)
  })

  it('handles passwords beyond ASCII', async () => {
    const password = 'pâté, naïve café — 密码 🔑'
    const hash = await hasher.hash(password)
    expect(await hasher.verify(hash, password)).toBe(true)
    expect(await hasher.verify(hash, password.normalize('NFD'))).toBe(false)
  })

  it('answers false, without throwing, for a hash it cannot read', async () => {
    for (const garbage of [
      'garbage',
      '$argon2id$v=19$m=65536,t=3,p=4$not-base64$also-not',
      '$2b$10$abcdefghijklmnopqrstuv',
      'test-hash:x',
    ])
      await expect(hasher.verify(garbage, PASSWORD)).resolves.toBe(false)
  })

  it('answers false for an account with no password (an empty hash), even given the decoy’s own password', async () => {
    await expect(hasher.verify('', PASSWORD)).resolves.toBe(false)
    await expect(hasher.verify('', 'decoy-password-for-timing')).resolves.toBe(false)
  })

  it('uses other costs when asked, and still verifies hashes made with the default', async () => {
    const cheap = createArgon2Hasher({ memoryCost: 19456, timeCost: 2 })
    const hash = await cheap.hash(PASSWORD)
    expect(phc(hash)).toMatchObject({ algorithm: 'argon2id', params: { m: '19456', t: '2' } })
    expect(await cheap.verify(hash, PASSWORD)).toBe(true)
    expect(await cheap.verify(await hasher.hash(PASSWORD), PASSWORD)).toBe(true)
  })
})
