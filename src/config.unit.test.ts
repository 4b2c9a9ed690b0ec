import { describe, expect, it } from 'vitest'
import { parseConfig } from './config.js'

describe('the session cookie setting', () => {
  it('is not Secure by default outside production, so a browser on http://localhost can sign in', () => {
    expect(parseConfig({}).cookieSecure).toBe(false)
  })

  it('is Secure by default in production, and either way as set', () => {
    const production = { CWB_PRODUCTION: 'true', SESSION_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://cwb.example.org' }
    expect(parseConfig(production).cookieSecure).toBe(true)
    expect(parseConfig({ ...production, COOKIE_SECURE: 'false' }).cookieSecure).toBe(false)
    expect(parseConfig({ COOKIE_SECURE: 'true' }).cookieSecure).toBe(true)
  })
})
