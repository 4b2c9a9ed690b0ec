// A person signs in as each demo role and sees what that role allows; every page passes axe, at desktop and 320 px.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS } from '../src/demo/demo-place.js'
import { launchBrowser, newPage } from './support/browser.js'
import { screenshot, verifyOnPage } from './support/page-checks.js'
import { signIn } from './support/sign-in.js'
import { startE2eServer, type E2eServer } from './support/server.js'

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

async function navigation(page: Page): Promise<string[]> {
  return page.locator('.govuk-service-navigation__list .govuk-service-navigation__link').allInnerTexts()
}

const expectedNavigation: Record<string, string[]> = {
  admin: ['Home', 'Audit log', 'Organisations', 'Networks', 'Users', 'Outbox'],
  org_admin: ['Home', 'Spend', 'Contracts', 'Pipeline', 'Social value', 'Supplier review', 'People', 'Audit log'],
  officer: ['Home', 'Spend', 'Contracts', 'Pipeline', 'Social value', 'Supplier review'],
  analyst: ['Home', 'Spend', 'Contracts', 'Pipeline', 'Social value', 'Supplier review'],
  viewer: ['Home', 'Spend', 'Contracts', 'Pipeline', 'Social value'],
  supplier: ['Home', 'Social value returns'],
}

describe('public pages', () => {
  for (const [name, viewport] of [
    ['desktop', undefined],
    ['mobile', MOBILE],
  ] as const) {
    it(`start, sign-in and the statements pass axe (${name})`, async () => {
      const page = await newPage(browser, viewport ? { viewport } : {})
      for (const [url, title] of [
        ['/', 'Community Wealth Builder – Community Wealth Builder'],
        ['/sign-in', 'Sign in – Community Wealth Builder'],
        ['/accessibility', 'Accessibility statement – Community Wealth Builder'],
        ['/cookies', 'Cookies – Community Wealth Builder'],
        ['/privacy', 'Privacy – Community Wealth Builder'],
        ['/password/forgotten', 'Reset your password – Community Wealth Builder'],
      ] as const) {
        await page.goto(`${server.url}${url}`)
        await verifyOnPage(page, { title })
        expect(await page.locator('.cwb-demo-banner').innerText()).toContain('Demo data')
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport?.width ?? 10_000,
        )
        if (url === '/' || url === '/sign-in') await screenshot(page, `${url === '/' ? 'start' : 'sign-in'}-${name}`)
      }
      await page.context().close()
    })
  }

  it('shows an error summary for a wrong password', async () => {
    const page = await newPage(browser)
    await page.goto(`${server.url}/sign-in`)
    await page.getByLabel('Email address').fill('officer@demo.cwb.localhost')
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await verifyOnPage(page, { title: 'Error: Sign in – Community Wealth Builder' })
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter a correct email address and password',
    )
    await screenshot(page, 'sign-in-error')
    await page.context().close()
  })
})

describe('each demo role', () => {
  // Pages already checked with axe under another role: the same templates, so each opens again but is not re-checked.
  const checked = new Set<string>()
  for (const account of DEMO_ACCOUNTS.filter((a) => a.role !== 'admin' || a.email.startsWith('admin'))) {
    it(`${account.email} signs in and sees only what ${account.role} allows`, async () => {
      const page = await newPage(browser)
      await signIn(page, server.url, account.email)
      await verifyOnPage(page, { title: /– Community Wealth Builder$/ })
      const nav = await navigation(page)
      if (account.email.startsWith('network'))
        expect(nav).toEqual(['Home', 'Spend', 'Contracts', 'Pipeline', 'Social value', 'Supplier review'])
      else expect(nav).toEqual(expectedNavigation[account.role])
      // Every page in the navigation opens and passes axe.
      for (const link of nav) {
        await page
          .locator('.govuk-service-navigation__list .govuk-service-navigation__link', { hasText: link })
          .first()
          .click()
        await verifyOnPage(page, checked.has(link) ? { skipAxe: 'checked under another role' } : {})
        checked.add(link)
      }
      // Administration is refused to everyone but the administrator.
      const response = await page.goto(`${server.url}/admin/organisations`)
      expect(response?.status()).toBe(account.role === 'admin' ? 200 : 403)
      await verifyOnPage(page)
      await page.goto(`${server.url}/account`)
      await verifyOnPage(page, { title: 'Your account – Community Wealth Builder' })
      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await page.waitForURL(`${server.url}/`)
      expect((await page.goto(`${server.url}/home`))?.url()).toBe(`${server.url}/sign-in`)
      await page.context().close()
    })
  }
})

describe('administration', () => {
  it('adds an organisation through the form, with errors first, at desktop and 320 px', async () => {
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['mobile', MOBILE],
    ] as const) {
      const page = await newPage(browser, viewport ? { viewport } : {})
      await signIn(page, server.url, 'admin@demo.cwb.localhost')
      await page.goto(`${server.url}/admin/organisations`)
      await verifyOnPage(page, { title: 'Organisations – Community Wealth Builder' })
      await screenshot(page, `admin-organisations-${name}`)
      await page.getByRole('button', { name: 'Add an organisation' }).click()
      await page.getByRole('button', { name: 'Add organisation' }).click()
      await verifyOnPage(page, { title: 'Error: Add an organisation – Community Wealth Builder' })
      await screenshot(page, `admin-organisation-add-errors-${name}`)
      await page.getByLabel('Name').fill(`Camden Council ${name}`)
      await page.getByLabel('Council').check()
      await page.getByLabel('Home area').fill('Camden')
      await page.getByRole('button', { name: 'Add organisation' }).click()
      await verifyOnPage(page, { title: `Camden Council ${name} – Community Wealth Builder` })
      expect(await page.locator('.govuk-summary-list').innerText()).toContain('Islington')
      await screenshot(page, `admin-organisation-${name}`)
      for (const url of ['/admin/networks', '/admin/users', '/admin/outbox', '/audit', '/organisation/people']) {
        await page.goto(`${server.url}${url}`)
        await verifyOnPage(page)
        await screenshot(page, `admin${url.replaceAll('/', '-')}-${name}`)
      }
      await page.context().close()
    }
  })

  it('switches organisation for a person in several', async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'network@demo.cwb.localhost')
    const switcher = page.getByLabel('Organisation')
    const options = await switcher.locator('option').allInnerTexts()
    expect(options.length).toBe(3)
    await switcher.selectOption({ label: 'Islington College' })
    await page.getByRole('button', { name: 'Switch' }).click()
    await verifyOnPage(page)
    expect(await page.locator('h1').innerText()).toBe('Islington College')
    await screenshot(page, 'home-switched')
    await page.context().close()
  })

  it('works without JavaScript', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false })
    await signIn(page, server.url, 'orgadmin@demo.cwb.localhost')
    await page.goto(`${server.url}/organisation/people/add`)
    await page.getByLabel('Full name').fill('New Officer')
    await page.getByLabel('Email address').fill('new.officer@example.org')
    await page.getByLabel('Officer', { exact: true }).check()
    await page.getByRole('button', { name: 'Add person' }).click()
    // axe cannot run in a page with JavaScript off; the same pages pass it in the tests above.
    expect(await page.title()).toBe('People – Community Wealth Builder')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('New Officer has been added')
    await page.context().close()
  })
})
