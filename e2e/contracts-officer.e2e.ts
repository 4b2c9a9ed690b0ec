// An officer adds a contract through the question pages (errors first), changes it from its page, records a
// variation, and reads what is due soon: every page passes axe, at desktop width and at 320 px.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoPlace } from '../src/demo/demo-data.js'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { startE2eServer, type E2eServer } from './support/server.js'
import { signIn } from './support/sign-in.js'

const MOBILE = { width: 320, height: 640 }

let server: E2eServer
let browser: Browser
let contractUrl = ''

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day').fill(day)
  await group.getByLabel('Month').fill(month)
  await group.getByLabel('Year').fill(year)
}

const fitsWidth = async (page: Page, width: number) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)

describe('the officer’s contracts journeys', () => {
  it('adds a contract, with errors on the way', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(`${server.url}/contracts/new`)
    await verifyOnPage(page, { title: /^About the contract/ })
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, { title: /^Error: About the contract/ })
    await screenshot(page, 'contracts-officer-about-errors')
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the contract’s reference')

    await page.getByLabel('Reference').fill('LBI-C-2026-900')
    await page.getByLabel('Title').fill('Community gardening and food growing')
    await page.getByLabel('Description (optional)').fill('Food growing on six estates with residents')
    await page.getByLabel('Department or service (optional)').fill('Housing')
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Demo Officer (officer@demo.cwb.localhost)' })
    await page.getByRole('button', { name: 'Continue' }).click()

    await verifyOnPage(page, { title: /^Value and dates/ })
    await page.getByLabel('Total value').fill('84,000')
    await fillDate(page, 'Start date', '1', '4', '2026')
    await fillDate(page, 'End date (optional)', '31', '2', '2029')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, { title: /^Error: Value and dates/ })
    await screenshot(page, 'contracts-officer-value-errors')
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('End date must be a real date')
    await fillDate(page, 'End date (optional)', '31', '3', '2029')
    await fillDate(page, 'Review date (optional)', '1', '4', '2027')
    await page.getByRole('button', { name: 'Continue' }).click()

    await verifyOnPage(page, { title: /^How it was procured/ })
    await page.getByLabel('Open tender').check()
    await page.getByLabel('CPV codes (optional)').fill('77313000')
    await screenshot(page, 'contracts-officer-procurement')
    await page.getByRole('button', { name: 'Continue' }).click()

    await verifyOnPage(page, { title: /^Suppliers/ })
    await page.getByRole('link', { name: 'Add a supplier' }).click()
    await verifyOnPage(page, { title: /^Add a supplier/ })
    const supplierName = generateDemoPlace().suppliers[5]!.name
    await page.getByLabel('Find the supplier').fill(supplierName)
    await page.getByRole('button', { name: 'Search' }).click()
    await verifyOnPage(page, { title: /^Add a supplier/ })
    await screenshot(page, 'contracts-officer-supplier-search')
    await page.locator('#supplier-results a').first().click()
    await verifyOnPage(page, { title: /^Add a supplier/ })
    await screenshot(page, 'contracts-officer-supplier-chosen')
    await page.getByRole('button', { name: 'Add supplier' }).click()
    await verifyOnPage(page, { title: /^Suppliers/ })
    await screenshot(page, 'contracts-officer-suppliers')
    await page.getByRole('button', { name: 'Continue' }).click()

    await verifyOnPage(page, { title: /^Lots/ })
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, { title: /^Commercially confidential/ })
    await page.getByLabel('Annual value').check()
    await page.getByRole('button', { name: 'Continue' }).click()

    await verifyOnPage(page, { title: /^Check your answers/ })
    await screenshot(page, 'contracts-officer-check-desktop')
    await page.getByRole('button', { name: 'Add contract' }).click()
    await verifyOnPage(page, { title: /^Contract added/ })
    await screenshot(page, 'contracts-officer-added')
    await page.getByRole('link', { name: 'View the contract' }).click()
    await verifyOnPage(page, { title: /^LBI-C-2026-900: Community gardening/ })
    contractUrl = page.url()
    expect(await page.locator('main').innerText()).toContain('£84,000.00')
    await page.context().close()
  })

  it('changes the contract from its page, and records a variation', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(contractUrl)
    await page.getByRole('link', { name: 'Change total value' }).click()
    await verifyOnPage(page, { title: /^Value and dates/ })
    await page.getByLabel('Total value').fill('90000')
    await page.getByRole('button', { name: 'Save and return to check answers' }).click()
    await verifyOnPage(page, { title: /^Check your changes/ })
    await page.getByRole('button', { name: 'Save changes' }).click()
    await verifyOnPage(page, { title: /^LBI-C-2026-900/ })
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('have been saved')

    await page.getByRole('button', { name: 'Record a variation, extension or early end' }).click()
    await verifyOnPage(page, { title: /^What kind of change is this/ })
    await page.getByLabel('Variation', { exact: true }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, { title: /^Details of the variation/ })
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, { title: /^Error: Details of the variation/ })
    await screenshot(page, 'contracts-officer-vary-errors')
    await fillDate(page, 'Date of the change', '1', '5', '2026')
    await page.getByLabel('Change in total value').fill('6000')
    await page.getByLabel('Reason').fill('Two more estates joined')
    await page.getByLabel('Who approved it (optional)').fill('Housing Board')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, { title: /^Check the change/ })
    await screenshot(page, 'contracts-officer-vary-check')
    expect(await page.locator('main').innerText()).toContain('£90,000.00 to £96,000.00')
    await page.getByRole('button', { name: 'Record the change' }).click()
    await verifyOnPage(page, { title: /^LBI-C-2026-900/ })
    expect(await page.locator('#history + table').innerText()).toContain('Two more estates joined')
    await screenshot(page, 'contracts-officer-contract-desktop')
    await page.context().close()
  })

  it('reads a demo contract with payments, and the due-soon page, on desktop and at 320 px', async () => {
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['mobile', MOBILE],
    ] as const) {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'officer@demo.cwb.localhost')
      await page.goto(`${server.url}/contracts/due`)
      await verifyOnPage(page, { title: /^Contracts due soon/ })
      expect(await page.locator('table').first().locator('tbody tr').count()).toBeGreaterThan(3)
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `contracts-officer-due-${name}`)
      await page.locator('table').first().locator('tbody tr a').first().click()
      await verifyOnPage(page)
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `contracts-officer-demo-contract-${name}`)
      await page.goto(`${server.url}/contracts/new/about`)
      await verifyOnPage(page)
      if (viewport) await fitsWidth(page, viewport.width)
      await page.goto(`${server.url}/contracts/settings`)
      await verifyOnPage(page, { title: /^Contract reminders/ })
      await page.goto(contractUrl)
      await verifyOnPage(page)
      if (viewport) await fitsWidth(page, viewport.width)
      await screenshot(page, `contracts-officer-contract-${name}`)
      await page.context().close()
    }
  })
})
