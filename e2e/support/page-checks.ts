// Checks every browser test runs on each page it visits: the title, axe (WCAG 2.2 AA), and form structure that axe
// does not check (radio and checkbox groups need a fieldset with a legend). And screenshots, for looking at later.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** screenshots/ at the project root (gitignored). */
export const screenshotDir = fileURLToPath(new URL('../../screenshots/', import.meta.url))

export interface VerifyOptions {
  /** The expected document title: a string must match exactly, a RegExp must match somewhere. */
  title?: string | RegExp
  /** Skips axe on this page; the value is the reason, so it shows up in review. Use rarely. */
  skipAxe?: string
}

/**
 * Fails (throws) with a readable list of everything wrong with the current page: a title that does not match,
 * radio or checkbox groups outside a fieldset with a legend, and axe violations.
 *
 * ```ts
 * await page.goto(`${baseUrl}/suppliers`)
 * await verifyOnPage(page, { title: /^Suppliers/ })
 * ```
 */
export async function verifyOnPage(page: Page, options: VerifyOptions = {}): Promise<void> {
  await page.waitForLoadState('load')
  const problems: string[] = []

  if (options.title !== undefined) {
    const title = await page.title()
    const expected = options.title
    const matches = typeof expected === 'string' ? title === expected : expected.test(title)
    if (!matches)
      problems.push(
        `Title is ${JSON.stringify(title)}, expected ${String(typeof expected === 'string' ? JSON.stringify(expected) : expected)}`,
      )
  }

  problems.push(...(await choiceGroupProblems(page)))

  if (options.skipAxe === undefined) {
    if (await firstOfItsKind(page)) problems.push(...(await axeProblems(page)))
  } else if (options.skipAxe.trim() === '') {
    problems.push('skipAxe needs a reason')
  }

  if (problems.length > 0) {
    const list = problems.map((problem, index) => `${index + 1}. ${problem}`).join('\n')
    throw new Error(`${problems.length} problem${problems.length === 1 ? '' : 's'} on ${page.url()}:\n${list}`)
  }
}

// Pages this test file has already run axe on, by kind: the same address and title in the same state (with or
// without an error summary) is the same template, so axe (seconds a page) runs once per kind. Public pages are
// checked at phone width as well as at desktop; the organisation's own pages, once at whichever width comes first
// (their fit on a phone is still checked by expectNoOverflow).
const axeChecked = new Set<string>()

async function firstOfItsKind(page: Page): Promise<boolean> {
  const { pathname } = new URL(page.url())
  const isPublic =
    !/^\/(home|spend|contracts|pipeline|social-value|suppliers|supplier|organisation|admin|audit|account)(\/|$)/.test(
      pathname,
    )
  const width = page.viewportSize()?.width ?? 1280
  const kind = [
    isPublic ? (width < 641 ? 'phone' : 'desktop') : 'any width',
    pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id'),
    await page.title(),
    await page.locator('.govuk-error-summary').count(),
  ].join(' ')
  if (axeChecked.has(kind)) return false
  axeChecked.add(kind)
  return true
}

async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze()
  return results.violations.map((violation) => {
    const nodes = violation.nodes.map((node) => {
      // "Fix any of the following:\n  reason\n  reason" becomes one line, reasons separated by semicolons.
      const [heading = '', ...reasons] = (node.failureSummary ?? '').split('\n').map((line) => line.trim())
      const summary = `${heading} ${reasons.filter(Boolean).join('; ')}`.trim()
      return `     - ${node.target.join(' ')}: ${summary}\n       ${truncate(node.html, 200)}`
    })
    return [
      `axe ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}`,
      `     ${violation.helpUrl}`,
      ...nodes,
    ].join('\n')
  })
}

function truncate(text: string, length: number): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > length ? `${oneLine.slice(0, length - 1)}…` : oneLine
}

/**
 * Every radio group (any size) and every group of two or more checkboxes sharing a name must sit in one fieldset
 * whose first child is a legend with text (GOV.UK Design System; WCAG 1.3.1). axe does not insist on this.
 */
async function choiceGroupProblems(page: Page): Promise<string[]> {
  // Runs in the browser: no named inner functions (the test transform may wrap them in helpers the page lacks).
  return page.evaluate(() => {
    const groups = new Map<string, HTMLInputElement[]>()
    for (const input of Array.from(
      document.querySelectorAll<HTMLInputElement>('input[type=radio], input[type=checkbox]'),
    )) {
      const key = `${input.type}\u0000${input.form?.id ?? ''}\u0000${input.name || `#${groups.size}`}`
      groups.set(key, [...(groups.get(key) ?? []), input])
    }
    const problems: string[] = []
    for (const inputs of groups.values()) {
      const first = inputs[0]
      if (!first || (first.type === 'checkbox' && inputs.length < 2)) continue
      const label = first.labels?.[0]?.textContent?.trim().replace(/\s+/g, ' ') ?? ''
      const description = `${first.type} group "${first.name || '(no name)'}" (${inputs.length} input${inputs.length === 1 ? '' : 's'}, first "${label}")`
      const fieldsets = new Set(inputs.map((input) => input.closest('fieldset')))
      if (fieldsets.has(null)) {
        problems.push(`${description} is not inside a <fieldset>`)
        continue
      }
      if (fieldsets.size > 1) problems.push(`${description} is split across ${fieldsets.size} fieldsets`)
      for (const fieldset of fieldsets) {
        const legend = fieldset?.firstElementChild
        if (!legend || legend.tagName !== 'LEGEND') {
          problems.push(`${description} is in a <fieldset> whose first child is not a <legend>`)
        } else if (!legend.textContent?.trim()) {
          problems.push(`${description} is in a <fieldset> with an empty <legend>`)
        }
      }
    }
    return problems
  })
}

/** Saves a full-page PNG as screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const safeName = name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'page'
  fs.mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${safeName}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
