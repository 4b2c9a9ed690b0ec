// An analyst uploads real payment files in the browser: one cwb reads by itself, one whose columns it asks about.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { signIn } from './support/sign-in.js'
import { startE2eServer, type E2eServer } from './support/server.js'

const OXFORD = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../shared/data/spend/oxford-city-council/expenditure-over-500-jan-mar-2014.csv',
)
const MOBILE = { width: 320, height: 640 }

let server: E2eServer
let browser: Browser
let dir: string

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-e2e-upload-'))
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function waitForSummary(page: Page) {
  await page.waitForURL(/\/spend\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 })
}

describe('uploading payment files', () => {
  it('imports a real Oxford file and shows what happened to every row', async () => {
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['mobile', MOBILE],
    ] as const) {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'analyst@demo.cwb.localhost')
      await page.goto(`${server.url}/spend/imports/new`)
      await verifyOnPage(page, { title: 'Upload a payment file – Community Wealth Builder' })
      await screenshot(page, `spend-upload-${name}`)
      await page.getByLabel('Payment file').setInputFiles(OXFORD)
      await page.getByRole('button', { name: 'Upload and import' }).click()
      await waitForSummary(page)
      await verifyOnPage(page, { title: 'expenditure-over-500-jan-mar-2014.csv – Community Wealth Builder' })
      const summary = await page.locator('.govuk-summary-list').innerText()
      expect(summary).toContain('3,860')
      // The second upload finds every payment already held.
      expect(summary).toMatch(
        name === 'desktop' ? /3,859 rows, £13,413,467\.98/ : /3,859 of the accepted rows were already imported/,
      )
      expect(await page.locator('table').innerText()).toContain('Date is missing')
      await screenshot(page, `spend-import-summary-${name}`)
      await page.context().close()
    }
  })

  it('asks which column is which when it is not sure, and remembers the answer', async () => {
    const file = path.join(dir, 'unusual-columns.csv')
    fs.writeFileSync(
      file,
      'When,How much,Paid to,Ref\n03/02/2026,"1,250.00",Archway Joinery Ltd,X1\n04/02/2026,(80.00),Archway Joinery Ltd,X2\n05/02/2026,45.10,Holloway Print CIC,X3\n',
    )
    const page = await newPage(browser)
    await signIn(page, server.url, 'officer@demo.cwb.localhost')
    await page.goto(`${server.url}/spend/imports/new`)
    await page.getByLabel('Payment file').setInputFiles(file)
    await page.getByRole('button', { name: 'Upload and import' }).click()
    await page.waitForURL(/\/mapping$/)
    await verifyOnPage(page, { title: 'Match the columns of unusual-columns.csv – Community Wealth Builder' })
    await page.getByRole('button', { name: 'Import with these columns' }).click()
    await verifyOnPage(page, { title: /^Error: Match the columns/ })
    await screenshot(page, 'spend-mapping-errors')
    await page.getByLabel('Payment date').selectOption({ index: 1 })
    await page.getByLabel('Amount', { exact: true }).selectOption({ index: 2 })
    await page.getByLabel('Supplier (payee) name').selectOption({ index: 3 })
    await page.getByLabel('Transaction number (optional)').selectOption({ index: 4 })
    await screenshot(page, 'spend-mapping')
    await page.getByRole('button', { name: 'Import with these columns' }).click()
    await waitForSummary(page)
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('3 rows, £1,215.10')
    // The same layout again needs no questions.
    await page.goto(`${server.url}/spend/imports/new`)
    await page.getByLabel('Payment file').setInputFiles(file)
    await page.getByRole('button', { name: 'Upload and import' }).click()
    await waitForSummary(page)
    expect(await page.locator('.govuk-summary-list').innerText()).toContain(
      '3 of the accepted rows were already imported',
    )
    await page.context().close()
  })

  it('shows the supplier review queue and the imports list', async () => {
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['mobile', MOBILE],
    ] as const) {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'analyst@demo.cwb.localhost')
      await page.goto(`${server.url}/suppliers/review`)
      await verifyOnPage(page)
      await screenshot(page, `supplier-review-${name}`)
      await page.goto(`${server.url}/spend/imports`)
      await verifyOnPage(page, { title: 'Payment files – Community Wealth Builder' })
      await screenshot(page, `spend-imports-${name}`)
      await page.context().close()
    }
  })
})
