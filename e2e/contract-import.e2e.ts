// An officer imports a contracts register in the browser: a mistake on the form, then a file with one bad row, and
// the result page with that row's number and reason. At desktop width and at 320 px.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { signIn } from './support/sign-in.js'
import { startE2eServer, type E2eServer } from './support/server.js'

const MOBILE = { width: 320, height: 640 }

const REGISTER = [
  'Reference Number,Title of Agreement,Department Responsible,Supplier Name,Supplier Company Number,Total Value,Start Date,End Date,Procurement Route,SME,VCSE',
  'E2E-001,Holloway Road public realm improvements,Environment,Archway Civils Ltd,07654321,"£845,000.00",01/05/2026,30/04/2028,Restricted procedure,Yes,No',
  'E2E-002,Youth mentoring programme,Children’s Services,Islington Youth Partnership CIC,,"£120,000",01/04/2026,31/03/2029,Quotation,Yes,Yes',
  'E2E-003,Office furniture,Resources,Caledonian Office Supplies Ltd,,"£18,250.00",31/02/2026,31/03/2027,Call-off from a framework,Yes,No',
  'E2E-004,Temporary accommodation repairs,Housing,Finsbury Property Services Ltd; Angel Trades LLP,,"£2,300,000.00",01/06/2026,31/05/2031,Open procedure,No,No',
].join('\r\n')

let server: E2eServer
let browser: Browser
let dir: string

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-e2e-contracts-'))
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('importing a contracts register', () => {
  it('shows the counts and the rejected row with its number and reason', async () => {
    const file = path.join(dir, 'islington-contracts-register.csv')
    fs.writeFileSync(file, `${REGISTER}\r\n`)
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['mobile', MOBILE],
    ] as const) {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'officer@demo.cwb.localhost')
      await page.goto(`${server.url}/contracts/imports/new`)
      await verifyOnPage(page, { title: 'Import a contracts register file – Community Wealth Builder' })

      await page.getByRole('button', { name: 'Upload and import' }).click()
      await verifyOnPage(page, { title: /^Error: Import a contracts register file/ })
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select a register file')
      await screenshot(page, `contract-import-error-${name}`)

      await page.getByLabel('Register file').setInputFiles(file)
      await page.getByRole('button', { name: 'Upload and import' }).click()
      await page.waitForURL(/\/contracts\/imports\/[0-9a-f-]{36}$/)
      await verifyOnPage(page, { title: 'islington-contracts-register.csv – Community Wealth Builder' })
      const summary = await page.locator('.govuk-summary-list').innerText()
      // The second upload (at 320 px) finds the three good contracts already held, unchanged.
      expect(summary).toMatch(name === 'desktop' ? /Contracts added\s+3/ : /Unchanged\s+3 already held/)
      expect(summary).toMatch(/Rejected\s+1 row/)
      const rejected = await page.locator('table').innerText()
      expect(rejected).toContain('4')
      expect(rejected).toContain('Start date “31/02/2026” is not a real date')
      await screenshot(page, `contract-import-result-${name}`)

      await page.getByRole('link', { name: 'Back to register imports' }).click()
      await verifyOnPage(page, { title: 'Register imports – Community Wealth Builder' })
      await screenshot(page, `contract-import-list-${name}`)
      await page.context().close()
    }
  })
})
