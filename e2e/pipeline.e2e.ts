// The forward pipeline in a browser: an officer adds a planned procurement (errors first), reads it back, and a
// local business finds it on the public pipeline and filters it, at desktop width and at 320 px. Every page passes axe.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { startE2eServer, type E2eServer } from './support/server.js'
import { signIn } from './support/sign-in.js'

const MOBILE = { width: 320, height: 640 }
const TITLE = 'Community transport for older residents'

let server: E2eServer
let browser: Browser

/** A date some days from today, as the day, month and year the form asks for. */
function inDays(days: number) {
  const d = new Date(Date.now() + days * 86_400_000)
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) }
}

async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('procurement pipeline', () => {
  it('an officer adds a planned procurement, with errors first', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.getByRole('link', { name: 'Pipeline', exact: true }).click()
    await verifyOnPage(page, { title: /^Procurement pipeline/ })
    await screenshot(page, 'pipeline-list-desktop')
    await page.getByRole('button', { name: 'Add a planned procurement' }).click()
    await verifyOnPage(page, { title: /^Add a planned procurement/ })
    await screenshot(page, 'pipeline-add-desktop')

    await page.getByLabel('Title').fill(TITLE)
    await page.getByLabel('Contact email address (optional)').fill('Jo Bloggs')
    await page.getByRole('button', { name: 'Add to the pipeline' }).click()
    await verifyOnPage(page, { title: /^Error: Add a planned procurement/ })
    await screenshot(page, 'pipeline-add-errors-desktop')
    const summary = await page.locator('.govuk-error-summary').innerText()
    expect(summary).toContain('Enter a reference')
    expect(summary).toContain('Choose a category')
    expect(summary).toContain('Enter the expected advertisement date')
    expect(summary).toContain('Enter a contact email address in the correct format')
    // The summary's links move focus to the field.
    await page.locator('.govuk-error-summary a', { hasText: 'Enter the expected advertisement date' }).click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('expectedAdvertDate-day')

    const advert = inDays(60)
    const start = inDays(240)
    await page.getByLabel('Reference').fill('LBI-PP-E2E')
    await page.getByLabel('Description (optional)').fill('Door-to-door minibus trips to day centres and shops.')
    await page.getByLabel('Department (optional)').fill('Adult Social Care')
    await page
      .getByLabel('Category', { exact: true })
      .selectOption({ label: 'Transport services (excl. Waste transport)' })
    await page.getByLabel('Estimated value (optional)').fill('360000')
    const advertGroup = page.getByRole('group', { name: 'Expected advertisement date' })
    await advertGroup.getByLabel('Day').fill(advert.day)
    await advertGroup.getByLabel('Month').fill(advert.month)
    await advertGroup.getByLabel('Year').fill(advert.year)
    const startGroup = page.getByRole('group', { name: 'Expected contract start (optional)' })
    await startGroup.getByLabel('Day').fill(start.day)
    await startGroup.getByLabel('Month').fill(start.month)
    await startGroup.getByLabel('Year').fill(start.year)
    await page.getByLabel('Procurement route (optional)').selectOption({ label: 'Open tender' })
    await page.getByLabel('Lots (optional)').fill('Lot 1: north of the borough; Lot 2: south of the borough')
    await page.getByLabel('Small and medium-sized enterprises (SMEs)').check()
    await page.getByLabel('Voluntary, community and social enterprises (VCSEs)').check()
    await page.getByLabel('Contact team (optional)').fill('Adult social care commissioning')
    await page.getByLabel('Contact email address (optional)').fill('commissioning@islington-council.demo.cwb.localhost')
    await page.getByRole('button', { name: 'Add to the pipeline' }).click()

    await verifyOnPage(page, { title: new RegExp(`^${TITLE}`) })
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('has been added to the pipeline')
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('£360,000.00')
    await screenshot(page, 'pipeline-plan-desktop')
    await page.context().close()
  })

  it('the add form and its errors read well at 320 px', async () => {
    const page = await newPage(browser, { viewport: MOBILE })
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(`${server.url}/pipeline/new`)
    await verifyOnPage(page)
    await fitsWidth(page, MOBILE.width)
    await screenshot(page, 'pipeline-add-mobile')
    const advert = inDays(30)
    const group = page.getByRole('group', { name: 'Expected advertisement date' })
    await group.getByLabel('Day').fill(advert.day)
    await group.getByLabel('Year').fill(advert.year)
    await page.getByRole('button', { name: 'Add to the pipeline' }).click()
    await verifyOnPage(page, { title: /^Error: / })
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Expected advertisement date must include a month',
    )
    expect(await group.getByLabel('Month').getAttribute('class')).toContain('govuk-input--error')
    expect(await group.getByLabel('Day').getAttribute('class')).not.toContain('govuk-input--error')
    await fitsWidth(page, MOBILE.width)
    await screenshot(page, 'pipeline-add-errors-mobile')
    await page.context().close()
  })

  for (const [name, viewport] of [
    ['desktop', undefined],
    ['mobile', MOBILE],
  ] as const) {
    it(`a local business finds it on the public pipeline (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await page.goto(server.url)
      await page.getByRole('link', { name: 'Islington Council procurement pipeline' }).click()
      await verifyOnPage(page, { title: /^Islington Council: procurement pipeline/ })
      const main = page.locator('main')
      expect(await main.innerText()).toContain(TITLE)
      expect(await main.innerText()).toContain('Overdue: expected to be advertised already')
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `pipeline-public-${name}`)

      await page.getByLabel('Voluntary, community and social enterprises (VCSEs)').check()
      await page.getByLabel('Category').selectOption({ label: 'Transport services (excl. Waste transport)' })
      await page.getByRole('button', { name: 'Apply filters' }).click()
      await verifyOnPage(page)
      expect(await page.locator('#results').innerText()).toBe('1 procurement coming up')
      expect(await main.innerText()).toContain('commissioning@islington-council.demo.cwb.localhost')
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `pipeline-public-filtered-${name}`)
      await page.context().close()
    })

    it(`an officer reads the organisation's pipeline (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'viewer@demo.cwb.localhost')
      await page.goto(`${server.url}/pipeline`)
      await verifyOnPage(page)
      expect(await page.locator('main').innerText()).toContain('Overdue')
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `pipeline-list-viewer-${name}`)
      await page.locator('main table a').first().click()
      await verifyOnPage(page)
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `pipeline-plan-viewer-${name}`)
      await page.context().close()
    })
  }
})
