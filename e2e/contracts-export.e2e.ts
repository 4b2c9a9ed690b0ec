// The organisation identifier OCDS names a buyer by, on the admin form; and the register's downloads, public and full.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { startE2eServer, type E2eServer } from './support/server.js'
import { signIn } from './support/sign-in.js'

const MOBILE = { width: 320, height: 640 }

let server: E2eServer
let browser: Browser

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('contracts register exports', () => {
  for (const [name, viewport] of [
    ['desktop', undefined],
    ['mobile', MOBILE],
  ] as const) {
    it(`an administrator sets an organisation's identifier, with an error first (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'admin@demo.cwb.localhost')
      await page.goto(`${server.url}/admin/organisations/islington-council/edit`)
      await verifyOnPage(page)
      const field = page.getByLabel('Organisation identifier (optional)')
      expect(await field.inputValue()).toBe('GB-LAE-ISL')
      await field.fill('ISL')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await verifyOnPage(page, { title: /^Error: / })
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('registry prefix from org-id.guide')
      if (viewport)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `org-identifier-error-${name}`)
      await page.getByLabel('Organisation identifier (optional)').fill('gb-lae-isl')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await verifyOnPage(page)
      expect(await page.locator('main').innerText()).toContain('GB-LAE-ISL')
      await screenshot(page, `org-identifier-saved-${name}`)
      await page.context().close()
    })
  }

  it('anyone downloads the public register; its own people download the full one', async () => {
    const page = await newPage(browser)
    const csv = await page.request.get(`${server.url}/public/islington-council/contracts.csv`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers()['content-disposition']).toBe('attachment; filename="islington-council-contracts.csv"')
    expect((await csv.text()).startsWith('\uFEFFOrganisation Name,Reference Number,Title of Agreement')).toBe(true)
    const releases = await page.request.get(`${server.url}/public/islington-council/contracts/ocds-releases.json`)
    expect(releases.status()).toBe(200)
    const pkg = (await releases.json()) as { version: string; publisher: { scheme?: string; uid?: string } }
    expect(pkg.version).toBe('1.1')
    expect(pkg.publisher).toMatchObject({ scheme: 'GB-LAE', uid: 'ISL' })

    await page.context().close()

    // Not signed in: sent to sign in (in a context of its own, so the sign-in below is not sent back to the file).
    const anonymous = await newPage(browser)
    expect((await anonymous.request.get(`${server.url}/contracts/export.csv`, { maxRedirects: 0 })).status()).toBe(302)
    await anonymous.context().close()

    const viewer = await newPage(browser)
    await signIn(viewer, server.url, 'viewer@demo.cwb.localhost')
    const full = await viewer.request.get(`${server.url}/contracts/export.csv`)
    expect(full.status()).toBe(200)
    expect(await full.text()).toContain('Contract Owner Email')
    await viewer.context().close()
  })
})
