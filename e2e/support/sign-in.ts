// Signing in as a demo account through the real form.
import type { Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/demo/demo-place.js'

export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${baseUrl}/home`)
}
