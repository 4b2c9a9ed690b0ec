// Social value returns in the browser: the demo supplier resubmits a rejected return with an evidence file (errors
// first), the demo officer reviews it, downloads the file and accepts it, and the supplier sees the decision. The
// officer's commitments pages are walked too. Every page passes axe at desktop width and at 320 px.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { verifyOnPage } from './support/page-checks.js'
import { startE2eServer, type E2eServer } from './support/server.js'
import { signIn } from './support/sign-in.js'

const DESKTOP = { width: 1280, height: 900 }
const MOBILE = { width: 320, height: 640 }
const SHOTS = '/tmp/sv-returns-e2e'

let server: E2eServer
let browser: Browser
let returnPath = ''

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Checks the page at desktop width and at 320 px (axe, title, nothing wider than the screen), with screenshots. */
async function checkBothWidths(page: Page, name: string, title: RegExp) {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['320', MOBILE],
  ] as const) {
    await page.setViewportSize(viewport)
    await verifyOnPage(page, { title })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
    await page.screenshot({ path: `${SHOTS}/${name}-${size}.png`, fullPage: true })
  }
  await page.setViewportSize(DESKTOP)
}

describe('social value returns', () => {
  it('lets the supplier resubmit a rejected return with an evidence file', async () => {
    const page = await newPage(browser, { viewport: DESKTOP })
    await signIn(page, server.url, 'supplier@demo.cwb.localhost')
    await page.goto(`${server.url}/supplier/social-value`)
    await checkBothWidths(page, 'supplier-list', /^Social value returns/)
    expect(await page.locator('.govuk-tag', { hasText: 'Rejected' }).count()).toBeGreaterThan(0)

    await page
      .getByRole('link', { name: /^Resubmit/ })
      .first()
      .click()
    await checkBothWidths(page, 'supplier-form', /^Resubmit your return/)
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('The evidence is for a different contract')

    await page.getByLabel('What did you deliver in this period?').fill('lots')
    await page.getByLabel('Links to evidence (optional)').fill('not a link')
    await page.getByRole('button', { name: 'Send the return' }).click()
    await checkBothWidths(page, 'supplier-form-errors', /^Error: Resubmit your return/)
    const summary = await page.locator('.govuk-error-summary').innerText()
    expect(summary).toContain('Enter the figure you delivered as a number')
    expect(summary).toContain('line 1 is not a web address')

    await page.getByLabel('What did you deliver in this period?').fill('130')
    await page.getByLabel('Describe your evidence').fill('Tonnes of waste recycled, from the transfer station notes')
    await page.getByLabel('Links to evidence (optional)').fill('https://example.org/transfer-notes')
    await page.getByLabel('Evidence files (optional)').setInputFiles({
      name: 'transfer-notes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('date,tonnes\n2025-07-31,40\n2025-08-29,45\n2025-09-30,45\n'),
    })
    await page.getByRole('button', { name: 'Send the return' }).click()
    await page.waitForURL(/\/supplier\/social-value\/returns\//)
    await checkBothWidths(page, 'supplier-return', /^Return for /)
    expect(await page.locator('h1 + p .govuk-tag').innerText()).toBe('Submitted')
    expect(await page.locator('#evidence + table').innerText()).toContain('transfer-notes.csv')
    returnPath = new URL(page.url()).pathname.replace('/supplier/social-value', '/social-value')
    await page.context().close()
  }, 180_000)

  it('lets the officer find it awaiting review, download the evidence and accept it', async () => {
    const page = await newPage(browser, { viewport: DESKTOP })
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(`${server.url}/social-value/returns`)
    await checkBothWidths(page, 'officer-queue', /^Social value returns/)
    await page.getByLabel('Status').selectOption({ label: 'Awaiting review' })
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await verifyOnPage(page, { title: /^Social value returns/ })
    expect(await page.locator(`a[href="${returnPath}"]`).count()).toBe(1)

    await page.locator(`a[href="${returnPath}"]`).click()
    await checkBothWidths(page, 'officer-return', /^Return from /)
    const file = page.getByRole('link', { name: 'transfer-notes.csv' })
    const download = await page.request.get(new URL((await file.getAttribute('href'))!, server.url).toString())
    expect(download.status()).toBe(200)
    expect(await download.text()).toContain('2025-08-29,45')

    await page.getByLabel('Reject').check()
    await page.getByRole('button', { name: 'Save decision' }).click()
    await checkBothWidths(page, 'officer-decision-errors', /^Error: Return from /)
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter a comment saying why you reject')

    await page.getByLabel('Accept').check()
    await page.getByRole('button', { name: 'Save decision' }).click()
    await page.waitForURL(`${server.url}/social-value/returns`)
    await verifyOnPage(page, { title: /^Social value returns/ })
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('You accepted the return')
    await page.context().close()
  }, 180_000)

  it('shows the supplier the decision', async () => {
    const page = await newPage(browser, { viewport: DESKTOP })
    await signIn(page, server.url, 'supplier@demo.cwb.localhost')
    await page.goto(`${server.url}${returnPath.replace('/social-value', '/supplier/social-value')}`)
    await verifyOnPage(page, { title: /^Return for / })
    expect(await page.locator('h1 + p .govuk-tag').innerText()).toBe('Accepted')
    expect(await page.locator('#history + table').innerText()).toContain('officer@demo.cwb.localhost')
    await page.context().close()
  }, 180_000)

  it('walks the officer’s commitments pages', async () => {
    const page = await newPage(browser, { viewport: DESKTOP })
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(`${server.url}/social-value/commitments`)
    await checkBothWidths(page, 'officer-commitments', /^Social value commitments/)
    await page.locator('#results + table tbody tr').first().locator('td').first().getByRole('link').click()
    await checkBothWidths(page, 'officer-contract', /^Social value: /)
    await page.locator('#commitments + table tbody tr').first().getByRole('link').first().click()
    await checkBothWidths(page, 'officer-commitment', / commitment, /)
    await page.goto(`${server.url}/social-value/commitments/new`)
    await page.getByRole('button', { name: 'Save the commitment' }).click()
    await checkBothWidths(page, 'officer-commitment-errors', /^Error: Add a social value commitment/)
    await page.context().close()
  }, 180_000)
})
