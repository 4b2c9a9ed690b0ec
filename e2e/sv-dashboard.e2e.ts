// Social value in a browser, on the demo place: an officer reads the dashboard, the quarterly report and the
// settings; anyone reads the public page. Each passes axe and fits a 320 px screen.
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
  // Loading the demo place on a busy two-core machine can take more than the default minute.
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Nothing wider than the screen: the page does not scroll sideways. */
async function expectNoOverflow(page: Page, width: number | undefined) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width ?? 10_000)
}

describe('an officer', () => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`reads the dashboard, the quarterly report and the settings (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'officer@demo.cwb.localhost')
      if (viewport) await page.getByRole('button', { name: 'Menu' }).click()
      await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Social value', exact: true }).click()
      await verifyOnPage(page, { title: 'Social value – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      // Red/amber/green, themes, quarters and the demo council's targets.
      expect(await page.locator('svg.cwb-chart[role=img]').count()).toBe(4)
      expect(await page.locator('#table-contracts tbody tr').count()).toBe(8)
      await screenshot(page, `sv-dashboard-${name}`)

      await page.getByRole('link', { name: 'Quarterly report for the board' }).click()
      await verifyOnPage(page, {
        title: /^Social value report: Islington Council, 2025-26 – Community Wealth Builder$/,
      })
      await page.getByLabel('Financial quarter', { exact: true }).selectOption('2025-26-Q4')
      await page.getByRole('button', { name: 'Show the report' }).click()
      await verifyOnPage(page, {
        title: 'Social value report: Islington Council, 2025-26 Q4 – Community Wealth Builder',
      })
      await expectNoOverflow(page, viewport?.width)
      await screenshot(page, `sv-report-${name}`)
      const download = page.waitForEvent('download')
      await page.getByRole('link', { name: 'Download the report as a PDF' }).click()
      expect((await download).suggestedFilename()).toBe(
        'islington-council-social-value-report-2026-01-01-to-2026-03-31.pdf',
      )

      await page.goto(`${server.url}/social-value/settings`)
      await verifyOnPage(page, { title: 'Social value settings – Community Wealth Builder' })
      await page.getByRole('group', { name: 'All social value in 2026-27' }).getByLabel('Baseline').fill('100')
      await page.getByRole('group', { name: 'All social value in 2026-27' }).getByLabel('Stretch').fill('50')
      await page.getByRole('button', { name: 'Save settings' }).click()
      await verifyOnPage(page, { title: 'Error: Social value settings – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      await screenshot(page, `sv-settings-error-${name}`)
      await page.getByRole('group', { name: 'All social value in 2026-27' }).getByLabel('Stretch').fill('250000')
      await page.getByRole('button', { name: 'Save settings' }).click()
      await verifyOnPage(page, { title: 'Social value settings – Community Wealth Builder' })
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('have been saved')
      await screenshot(page, `sv-settings-${name}`)

      await page.goto(`${server.url}/social-value/framework`)
      await verifyOnPage(page, { title: /^Social value framework: / })
      await expectNoOverflow(page, viewport?.width)
      await screenshot(page, `sv-framework-${name}`)
      await page.context().close()
      // Six pages, each checked by axe: more than the default minute on a busy machine.
    }, 180_000)
  }

  it('prints the report without the navigation', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(`${server.url}/social-value/report?quarter=2025-26-Q4`)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false)
    expect(await page.locator('form[action="/social-value/report"]').isVisible()).toBe(false)
    expect(await page.locator('h1').isVisible()).toBe(true)
    await screenshot(page, 'sv-report-print')
    await page.context().close()
  })
})

describe('the public page', () => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`passes axe and fits the screen, reached from the public spend page (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await page.goto(`${server.url}/public/islington-council/spend`)
      await page.getByRole('link', { name: 'social value' }).click()
      await verifyOnPage(page, { title: 'Islington Council: social value – Community Wealth Builder' })
      await expectNoOverflow(page, viewport?.width)
      expect(await page.locator('#table-contracts tbody tr').count()).toBe(8)
      await screenshot(page, `sv-public-${name}`)
      await page.context().close()
    })
  }
})
