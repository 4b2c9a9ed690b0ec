// The spend dashboard in a browser, on the demo place: it passes axe and fits a 320 px screen, signed in and public,
// and each figure leads to the payments behind it.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { signIn } from './support/sign-in.js'
import { startE2eServer, type E2eServer } from './support/server.js'

const VIEWPORTS = [
  ['desktop', undefined],
  ['mobile', { width: 320, height: 640 }],
] as const

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

/** Nothing wider than the screen: the page does not scroll sideways. */
async function expectNoOverflow(page: Page, width: number | undefined) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width ?? 10_000)
}

describe('the signed-in dashboard', () => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`passes axe and fits the screen, with the drill-down (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'viewer@demo.cwb.localhost')
      // At 320 px the service navigation folds into a menu button.
      if (viewport) await page.getByRole('button', { name: 'Menu' }).click()
      await page.locator('.govuk-service-navigation__link', { hasText: 'Spend' }).click()
      await verifyOnPage(page, { title: 'Spend – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      expect(await page.locator('svg.cwb-chart[role=img]').count()).toBe(7)
      await screenshot(page, `spend-${name}`)

      await page.locator('#table-tier').getByRole('link', { name: 'Local (home area)' }).click()
      await verifyOnPage(page, { title: 'Payments – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      expect(await page.locator('caption').innerText()).toContain('Supplier location: Local (home area)')
      await screenshot(page, `spend-payments-${name}`)

      await page.goto(`${server.url}/spend?from=2025-02-30&to=2025-01-01`)
      await verifyOnPage(page, { title: 'Error: Spend – Community Wealth Builder' })
      await screenshot(page, `spend-errors-${name}`)
      await page.context().close()
    })
  }

  it('pools the network’s spend for someone in it', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'network@demo.cwb.localhost')
    await page.goto(`${server.url}/spend`)
    await page.getByLabel('Whose spend').selectOption({ label: 'Islington Anchor Network (3 organisations)' })
    await page.getByRole('button', { name: 'Show figures' }).click()
    await verifyOnPage(page, { title: 'Spend – Community Wealth Builder' })
    expect(await page.locator('.govuk-caption-l').innerText()).toBe('Islington Anchor Network')
    await page.context().close()
  })
})

describe('the public dashboard', () => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`passes axe and fits the screen, reached from the start page (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await page.goto(server.url)
      await page.getByRole('link', { name: 'Islington Council spending' }).click()
      await verifyOnPage(page, { title: 'Islington Council: spend – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      await screenshot(page, `public-spend-${name}`)
      await page.locator('#individuals + p').getByRole('link').click()
      await verifyOnPage(page, { title: 'Islington Council: payments – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      expect(await page.locator('tbody').innerText()).not.toContain('REDACTED PERSONAL DATA')
      await screenshot(page, `public-spend-unnamed-${name}`)
      await page.context().close()
    })
  }
})
