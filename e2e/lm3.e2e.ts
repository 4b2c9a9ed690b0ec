// A supplier answers the local multiplier survey; a councillor reads the organisation's LM3. Both pass axe.
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

describe('local multiplier (LM3)', () => {
  it('a supplier answers the survey, with errors first', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'supplier@demo.cwb.localhost')
    await page.getByRole('link', { name: 'Local multiplier survey' }).click()
    await verifyOnPage(page)
    await screenshot(page, 'lm3-survey-desktop')
    await page.getByLabel('What percentage of the money from this organisation').fill('70')
    await page.getByLabel('What percentage of that money went on staff costs?').fill('50')
    await page.getByLabel('What percentage of those staff costs').fill('80')
    await page.getByRole('button', { name: 'Save answers' }).click()
    await verifyOnPage(page, { title: /^Error: / })
    await screenshot(page, 'lm3-survey-errors')
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the organisation that paid you')
    await page.getByLabel('Which organisation paid you?').selectOption({ label: 'Islington Council' })
    await page.getByLabel('Which financial year?').selectOption({ index: 1 })
    await page.getByLabel('What percentage of the money from this organisation').fill('30')
    await page.getByRole('button', { name: 'Save answers' }).click()
    await verifyOnPage(page)
    expect(await page.locator('.govuk-notification-banner, .govuk-panel').first().innerText()).toMatch(/saved|thank/i)
    await page.context().close()
  })

  for (const [name, viewport] of [
    ['desktop', undefined],
    ['mobile', MOBILE],
  ] as const) {
    it(`a councillor reads the organisation's LM3 (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'viewer@demo.cwb.localhost')
      await page.goto(`${server.url}/spend/lm3`)
      await verifyOnPage(page)
      const text = await page.locator('main').innerText()
      expect(text).toMatch(/\b[1-3]\.\d{2}\b/)
      expect(text).toMatch(/\d+ of the \d+ suppliers paid/)
      if (viewport)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `lm3-report-${name}`)
      await page.context().close()
    })
  }
})
