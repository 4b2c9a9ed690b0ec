// An address that does not exist gets the GOV.UK "Page not found" page, which still shows who is signed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD } from './helpers/fixtures.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
  await createAccessFixture(t.services)
})
afterAll(() => t.close())

describe('an unknown address', () => {
  it('is a 404 page for the public, with no session made', async () => {
    const client = new Client(t.app)
    const response = await client.get('/no-such-page')
    expect(response.statusCode).toBe(404)
    expect($(response.body)('h1').text()).toBe('Page not found')
    expect(response.headers['set-cookie']).toBeUndefined()
  })

  it('shows the signed-in person in the header', async () => {
    const client = new Client(t.app)
    await client.signIn('officer@example.org', FIXTURE_PASSWORD)
    const response = await client.get('/no-such-page')
    expect(response.statusCode).toBe(404)
    expect($(response.body)('.cwb-account-bar').text()).toContain('officer')
  })

  it('answers JSON under /api', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } })
  })
})
