// The public contracts register in a browser, on the demo place: a resident reaches it from the start page, searches,
// filters, pages and opens a contract with its payments, at desktop width and on a 320 px screen, with axe on every
// page; withheld fields read "Withheld" and nothing private shows.
import type { Browser, Page } from 'playwright-core'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract, insertVariation } from '../src/db/repositories/contract.repository.js'
import { emptyContractDraft, parseContractDraft, type ContractDraft } from '../src/domain/contracts/contract.js'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { startE2eServer, type E2eServer } from './support/server.js'

const COUNCIL = 'islington-council'
const REGISTER_TITLE = 'Islington Council: contracts register – Community Wealth Builder'
const VIEWPORTS = [
  ['desktop', undefined],
  ['mobile', { width: 320, height: 640 }],
] as const

let server: E2eServer
let browser: Browser
let groundsId: string

async function add(overrides: Partial<ContractDraft>): Promise<string> {
  const parsed = parseContractDraft({ ...emptyContractDraft('X', 'X'), ...overrides })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return insertContract(server.runtime.db, {
    organisationId: COUNCIL,
    draft: parsed.data,
    actorUserId: null,
    source: 'manual',
  })
}

beforeAll(async () => {
  server = await startE2eServer()
  browser = await launchBrowser()
  const db = server.runtime.db
  // The demo supplier the council paid most often, and the first and last of those payments.
  const paid = await sql<{ id: string; name: string; first: string; last: string }>`
    select s.id, s.name, min(p.payment_date)::text as first, max(p.payment_date)::text as last
    from payment p join supplier s on s.id = p.supplier_id
    where p.organisation_id = ${COUNCIL} and p.payee_kind = 'organisation'
    group by s.id, s.name order by count(*) desc limit 1`.execute(db)
  const supplier = paid.rows[0]!
  groundsId = await add({
    reference: 'ISL-GM-001',
    title: 'Zephyrfield parks and open spaces',
    description: 'Mowing, planting, litter picking and play area inspections in the borough’s parks.',
    department: 'Environment',
    totalValue: '25000',
    annualValue: '12500',
    startDate: supplier.first,
    endDate: supplier.last,
    cpvCodes: ['77310000'],
    procurementRoute: 'open',
    ownerName: 'Olivia Owner',
    notes: 'Renegotiate before the election',
    suppliers: [
      {
        supplierId: supplier.id,
        name: supplier.name,
        companyNumber: '01234567',
        charityNumber: null,
        otherRegistration: null,
        postcode: null,
        isSme: true,
        isVcse: false,
      },
    ],
    lots: [{ lotNumber: '1', title: 'North of the borough', description: null, value: '15000' }],
  })
  await insertVariation(db, {
    contractId: groundsId,
    kind: 'variation',
    variedOn: supplier.first,
    reason: 'Two more parks added',
    valueChange: '5000.00',
    previousTotalValue: '20000.00',
    newTotalValue: '25000.00',
    previousEndDate: null,
    newEndDate: null,
    previousReviewDate: null,
    newReviewDate: null,
    approvedBy: 'Approver Person',
    recordedBy: null,
  })
  await add({
    reference: 'ISL-CL-002',
    title: 'Quillon House office cleaning',
    description: 'Secret method statement',
    department: 'Resources',
    totalValue: '987654.32',
    startDate: '2025-04-01',
    endDate: '2028-03-31',
    cpvCodes: ['90910000'],
    confidentialFields: ['description', 'suppliers', 'totalValue'],
  })
  for (let i = 1; i <= 24; i++)
    await add({
      reference: `ISL-LIB-${String(i).padStart(3, '0')}`,
      title: `Library book supply, batch ${i}`,
      department: 'Libraries and Heritage',
      totalValue: String(5000 * i),
      startDate: '2025-04-01',
      endDate: '2026-03-31',
      cpvCodes: ['22110000'],
    })
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function expectNoOverflow(page: Page, width: number | undefined) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width ?? 10_000)
}

async function expectNothingPrivate(page: Page) {
  const text = await page.content()
  for (const secret of ['Olivia Owner', 'Renegotiate', 'Approver Person', 'Secret method statement', '987,654.32'])
    expect(text, secret).not.toContain(secret)
}

describe('the public contracts register', () => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`a resident searches, filters and opens a contract (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await page.goto(server.url)
      await page.getByRole('link', { name: 'Islington Council contracts register' }).click()
      await verifyOnPage(page, { title: REGISTER_TITLE })
      await expectNoOverflow(page, viewport?.width)
      const total = Number(
        (await page.locator('#results').innerText()).match(/^([\d,]+) contracts/)![1]!.replace(',', ''),
      )
      expect(total).toBeGreaterThanOrEqual(26)
      await expectNothingPrivate(page)
      await screenshot(page, `contracts-public-register-${name}`)

      await page.getByRole('link', { name: 'Next' }).click()
      await verifyOnPage(page, { title: REGISTER_TITLE })
      expect(await page.locator('#results').innerText()).toContain(`Page 2 of ${Math.ceil(total / 20)}`)

      await page.getByLabel('Search contracts').fill('zephyr')
      await page.getByRole('button', { name: 'Search', exact: true }).click()
      await verifyOnPage(page, { title: REGISTER_TITLE })
      expect(await page.locator('.cwb-result h3').allInnerTexts()).toEqual(['Zephyrfield parks and open spaces'])
      await screenshot(page, `contracts-public-search-${name}`)

      await page.getByLabel('Search contracts').fill('')
      await page.getByLabel('Department').selectOption('Libraries and Heritage')
      await page.getByLabel('Total value').selectOption({ label: '£25,000 to £99,999' })
      await page.getByLabel('Sort by').selectOption({ label: 'Highest value' })
      await page.getByRole('button', { name: 'Apply filters' }).click()
      await verifyOnPage(page, { title: REGISTER_TITLE })
      const titles = await page.locator('.cwb-result h3').allInnerTexts()
      // Batches 5 to 19 are £25,000 to £95,000; highest first.
      expect(titles).toHaveLength(15)
      expect(titles[0]).toBe('Library book supply, batch 19')
      await expectNoOverflow(page, viewport?.width)
      await screenshot(page, `contracts-public-filtered-${name}`)

      await page.goto(`${server.url}/public/${COUNCIL}/contracts?q=quillon`)
      await verifyOnPage(page, { title: REGISTER_TITLE })
      expect(await page.locator('.cwb-result').first().innerText()).toContain('Withheld (commercially confidential)')
      await expectNothingPrivate(page)

      await page.goto(
        `${server.url}/public/${COUNCIL}/contracts?startFrom=2025-02-30&endFrom=2027-01-01&endTo=2026-01-01`,
      )
      await verifyOnPage(page, { title: `Error: ${REGISTER_TITLE}` })
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('must be a real date')
      await screenshot(page, `contracts-public-errors-${name}`)

      await page.goto(`${server.url}/public/${COUNCIL}/contracts?q=zephyrfield`)
      await page.getByRole('link', { name: 'Zephyrfield parks and open spaces' }).click()
      await verifyOnPage(page, {
        title: `Zephyrfield parks and open spaces: Islington Council contracts register – Community Wealth Builder`,
      })
      await expectNoOverflow(page, viewport?.width)
      expect(await page.locator('.govuk-warning-text').filter({ hasText: 'Payments are' }).innerText()).toContain(
        'more than the contract’s total value',
      )
      expect(await page.locator('body').innerText()).toContain('Two more parks added')
      await expectNothingPrivate(page)
      await screenshot(page, `contracts-public-contract-${name}`)
      await page.context().close()
    })
  }
})
