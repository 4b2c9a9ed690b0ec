// Launches the system Chromium (Debian's /usr/bin/chromium) through playwright-core: Playwright's own browser
// download does not work on our CI machines, so we never use it.
import fs from 'node:fs'
import { chromium, type Browser, type BrowserContextOptions, type LaunchOptions, type Page } from 'playwright-core'

/** CHROMIUM_PATH overrides the default, e.g. for a developer machine with Chrome elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * A headless Chromium. Each launch gets a fresh temporary profile (user-data-dir), which Playwright creates and
 * deletes on close, so tests share no cookies or storage. Close it in afterAll: `await browser.close()`.
 */
export async function launchBrowser(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it with "apt-get install -y chromium", ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    )
  }
  return chromium.launch({
    headless: true,
    timeout: 60_000,
    ...options,
    executablePath: chromiumPath,
    args: [...chromiumArgs, ...(options.args ?? [])],
  })
}

/**
 * A page in a new browser context (its own cookies and storage). Use this rather than `browser.newPage()`: axe in
 * verifyOnPage needs a page whose context it can open more pages in. `page.context().close()` closes both.
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', ...options })
  return context.newPage()
}
