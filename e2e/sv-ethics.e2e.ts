// Ethical standards and social value uploads in the browser: the demo supplier declares a modern slavery statement
// (errors first); an officer reads the organisation's overview, opens a flagged supplier and sees the warning on its
// page; a contract's pages, internal and public, warn of a gap; an officer uploads a commitments file, first with a
// bad row (named, nothing loaded), then good. Every page passes axe, at desktop width and at 320 px without sideways
// scrolling.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { startE2eServer, type E2eServer } from './support/server.js'
import { signIn } from './support/sign-in.js'

const MOBILE = { width: 320, height: 640 }
const VIEWPORTS = [
  ['desktop', undefined],
  ['mobile', MOBILE],
] as const

let server: E2eServer
let browser: Browser
let dir: string

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-e2e-sv-'))
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/** Axe and the title, and at 320 px nothing wider than the screen. */
async function check(page: Page, name: string, title?: string | RegExp) {
  await verifyOnPage(page, title ? { title } : {})
  const width = page.viewportSize()?.width ?? 0
  if (width <= MOBILE.width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
  await screenshot(page, name)
}

describe('ethical standards', () => {
  it('the demo supplier declares a modern slavery statement', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'supplier@demo.cwb.localhost')
    await page.getByRole('link', { name: 'Your ethical standards declarations' }).click()
    await check(page, 'sv-ethics-supplier-desktop', 'Your ethical standards – Community Wealth Builder')
    await page.getByRole('link', { name: /(Declare|Update).*Modern slavery statement/ }).click()
    await check(page, 'sv-ethics-declare-desktop', /Modern slavery statement/)

    await page.getByRole('button', { name: 'Save declaration' }).click()
    await check(page, 'sv-ethics-declare-errors-desktop', /^Error: /)
    const summary = await page.locator('.govuk-error-summary').innerText()
    expect(summary).toContain('meets this standard')
    expect(summary).toContain('Enter the date signed')

    await page.getByRole('radio', { name: 'Yes' }).check()
    await page.getByLabel('Link to the modern slavery statement').fill('https://example.org/modern-slavery-2026')
    await page.getByLabel('Year of the statement').fill('2026')
    const signed = page.getByRole('group', { name: 'Date signed' })
    await signed.getByLabel('Day').fill('1')
    await signed.getByLabel('Month').fill('12')
    await signed.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'Save declaration' }).click()
    await page.waitForURL(`${server.url}/supplier/ethical-standards`)
    await check(page, 'sv-ethics-supplier-declared-desktop')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'Your declaration of modern slavery statement has been saved.',
    )
    const row = page.locator('table').first().locator('tbody tr', { hasText: 'Modern slavery' })
    expect(await row.locator('.govuk-tag').innerText()).toMatch(/Declared/i)
    expect(await page.locator('table').last().innerText()).toContain('Statement (2026)')
    await page.context().close()

    const mobile = await newPage(browser, { viewport: MOBILE })
    await signIn(mobile, server.url, 'supplier@demo.cwb.localhost')
    await mobile.goto(`${server.url}/supplier/ethical-standards`)
    await check(mobile, 'sv-ethics-supplier-mobile')
    await mobile.getByRole('link', { name: /Update.*Modern slavery statement/ }).click()
    await check(mobile, 'sv-ethics-declare-mobile')
    await mobile.context().close()
  })

  for (const [name, viewport] of VIEWPORTS) {
    it(`an officer reads the overview and opens a flagged supplier (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'officer@demo.cwb.localhost')
      await page.goto(`${server.url}/social-value/ethical-standards`)
      await check(page, `sv-ethics-overview-${name}`, 'Suppliers’ ethical standards – Community Wealth Builder')
      const flagged = Number(await page.locator('#flagged-count').innerText())
      expect(flagged).toBeGreaterThan(0)
      expect(await page.locator('#results').innerText()).toBe(`${flagged} ${flagged === 1 ? 'supplier' : 'suppliers'}`)

      await page.getByLabel('Gap').selectOption('expired')
      await page.getByRole('button', { name: 'Apply filters' }).click()
      await check(page, `sv-ethics-overview-expired-${name}`)
      const first = page.locator('#results + table tbody tr').first()
      expect(await first.innerText()).toMatch(/Expired \d{1,2} \w+ \d{4}: /)
      const supplierName = await first.locator('th a').innerText()
      await first.locator('th a').click()
      await check(
        page,
        `sv-ethics-officer-supplier-${name}`,
        `Ethical standards: ${supplierName} – Community Wealth Builder`,
      )
      expect(await page.locator('.govuk-warning-text').innerText()).toMatch(/Expired/)

      await page.getByRole('link', { name: `Back to ${supplierName}` }).click()
      await check(page, `sv-ethics-supplier-page-${name}`)
      expect(await page.locator('.govuk-warning-text').innerText()).toMatch(/Expired \d{1,2} \w+ \d{4}: /)
      await page.context().close()
    })
  }
})

describe('social value uploads', () => {
  // In order: the second upload (at 320 px) finds the commitment the first loaded.
  for (const [name, viewport] of VIEWPORTS) {
    it(`an officer uploads a commitments file: a bad row is named and nothing loaded, then it loads (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'officer@demo.cwb.localhost')
      await page.goto(`${server.url}/contracts`)
      await page.locator('main table tbody tr a').first().click()
      const reference = (await page.locator('.govuk-caption-l').first().innerText()).trim()
      // Every demo supplier has a gap somewhere: the contract's page warns of it, and so does the public page, in
      // words that say only what is missing or expired.
      await check(page, `sv-ethics-contract-${name}`)
      expect(await page.locator('.govuk-warning-text').first().innerText()).toMatch(
        /(Missing|Expired \d{1,2} \w+ \d{4}): /,
      )
      await page.getByRole('link', { name: 'See this contract on the public register' }).click()
      await check(page, `sv-ethics-public-contract-${name}`)
      const publicWarning = await page.locator('.govuk-warning-text').first().innerText()
      expect(publicWarning).toMatch(/Declaration (missing|expired): /)
      expect(publicWarning).not.toMatch(/\d{4}/)

      const header = 'contract_reference,measure_code,period_start,period_end,target_quantity'
      const good = `${reference},ISL-E1,2026-04-01,2027-03-31,4`
      const bad = path.join(dir, `commitments-bad-${name}.csv`)
      fs.writeFileSync(bad, [header, good, `${reference},NO-SUCH,2026-04-01,2027-03-31,2`].join('\r\n'))
      const ok = path.join(dir, `commitments-2026-27.csv`)
      fs.writeFileSync(ok, [header, good].join('\r\n'))

      await page.goto(`${server.url}/social-value/imports`)
      await check(page, `sv-imports-${name}`, 'Upload a social value file – Community Wealth Builder')
      await page.getByRole('radio', { name: 'Commitments' }).check()
      await page.getByLabel('File', { exact: true }).setInputFiles(bad)
      await page.getByRole('button', { name: 'Upload and load' }).click()
      await check(page, `sv-imports-problems-${name}`, /^Error: /)
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('nothing was loaded')
      const problems = await page.locator('#rejections').innerText()
      expect(problems).toContain('3')
      expect(problems).toContain('there is no measure NO-SUCH')

      await page.getByRole('radio', { name: 'Commitments' }).check()
      await page.getByLabel('File', { exact: true }).setInputFiles(ok)
      await page.getByRole('button', { name: 'Upload and load' }).click()
      await page.waitForURL(`${server.url}/social-value/imports`)
      await check(page, `sv-imports-loaded-${name}`)
      // The second upload (at 320 px) finds the commitment already held.
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        name === 'desktop'
          ? '1 row read from commitments-2026-27.csv: 1 commitment added, 0 changed, 0 unchanged.'
          : '1 row read from commitments-2026-27.csv: 0 commitments added, 0 changed, 1 unchanged.',
      )
      await page.context().close()
    }, 120_000)
  }
})
