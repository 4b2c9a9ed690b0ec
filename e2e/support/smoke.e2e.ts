// Proves the browser harness works: Chromium launches, verifyOnPage passes a good page and fails bad ones with a
// readable message, and screenshots land in screenshots/.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { launchBrowser, newPage } from './browser.js'
import { screenshot, verifyOnPage } from './page-checks.js'

const goodPage = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Harness check - cwb</title></head>
  <body>
    <header><p>cwb</p></header>
    <main>
      <h1>Harness check</h1>
      <form method="post" action="/">
        <fieldset>
          <legend>Which kind of organisation are you?</legend>
          <input type="radio" id="kind-council" name="kind" value="council"><label for="kind-council">Council</label>
          <input type="radio" id="kind-nhs" name="kind" value="nhs"><label for="kind-nhs">NHS</label>
        </fieldset>
        <fieldset>
          <legend>Which areas do you cover?</legend>
          <input type="checkbox" id="area-north" name="area" value="north"><label for="area-north">North</label>
          <input type="checkbox" id="area-south" name="area" value="south"><label for="area-south">South</label>
        </fieldset>
        <input type="checkbox" id="remember" name="remember"><label for="remember">Remember me</label>
        <button type="submit">Continue</button>
      </form>
    </main>
  </body>
</html>`

const badPage = `<!doctype html>
<html>
  <head><title>Broken</title></head>
  <body>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    <form>
      <input type="radio" id="yes" name="answer" value="yes"><label for="yes">Yes</label>
      <input type="radio" id="no" name="answer" value="no"><label for="no">No</label>
      <fieldset><input type="checkbox" id="a" name="pick"><label for="a">A</label><input type="checkbox" id="b" name="pick"><label for="b">B</label></fieldset>
    </form>
  </body>
</html>`

describe('browser harness', () => {
  let server: http.Server
  let baseUrl: string
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end(request.url === '/bad' ? badPage : goodPage)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  beforeEach(async () => {
    page = await newPage(browser)
  })

  afterEach(async () => {
    await page.context().close()
  })

  it('passes an accessible page and saves a screenshot of it', async () => {
    await page.goto(baseUrl)
    await verifyOnPage(page, { title: 'Harness check - cwb' })
    await verifyOnPage(page, { title: /^Harness check/ })

    const file = await screenshot(page, 'harness/smoke check')
    expect(file).toMatch(/screenshots\/harness-smoke-check\.png$/)
    expect(fs.statSync(file).size).toBeGreaterThan(1000)
  })

  it('fails with a readable list of what is wrong', async () => {
    await page.goto(`${baseUrl}/bad`)
    const error = await verifyOnPage(page, { title: 'Harness check - cwb' }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message).toContain(`on ${baseUrl}/bad:`)
    expect(message).toContain('Title is "Broken", expected "Harness check - cwb"')
    expect(message).toContain('radio group "answer" (2 inputs, first "Yes") is not inside a <fieldset>')
    expect(message).toContain(
      'checkbox group "pick" (2 inputs, first "A") is in a <fieldset> whose first child is not a <legend>',
    )
    expect(message).toMatch(/axe html-has-lang \(serious\)/)
    expect(message).toMatch(/axe image-alt \(critical\)/)
  })

  it('skips axe only with a reason', async () => {
    await page.goto(`${baseUrl}/bad`)
    const structural = await verifyOnPage(page, { skipAxe: 'checking the skip' }).catch((e: unknown) => e)
    expect((structural as Error).message).not.toContain('axe ')
    expect((structural as Error).message).toContain('radio group "answer"')

    await page.goto(baseUrl)
    await expect(verifyOnPage(page, { skipAxe: ' ' })).rejects.toThrow('skipAxe needs a reason')
  })
})
