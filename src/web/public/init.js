// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/govuk/govuk-frontend.min.js'

initAll()

// A background import's page: fetch it again every few seconds and show the new status, then open the summary (the
// page redirects there) or the failure. Without scripts the page has a link to do the same.
const follow = document.querySelector('[data-cwb-follow-job]')
if (follow) {
  const every = Number(follow.getAttribute('data-cwb-follow-job')) * 1000
  const status = document.querySelector('[role=status]')
  const bar = document.querySelector('progress.cwb-progress')
  const tick = async () => {
    try {
      const response = await fetch(location.href, { headers: { accept: 'text/html' } })
      if (response.redirected) return location.assign(response.url)
      const next = new DOMParser().parseFromString(await response.text(), 'text/html')
      if (!next.querySelector('[data-cwb-follow-job]')) return location.reload()
      const text = next.querySelector('[role=status]')?.textContent ?? ''
      if (status && status.textContent !== text) status.textContent = text
      const value = next.querySelector('progress.cwb-progress')?.getAttribute('value')
      if (bar && value !== null && value !== undefined) bar.value = Number(value)
    } catch {
      // A dropped connection: try again at the next tick.
    }
    setTimeout(tick, every)
  }
  setTimeout(tick, every)
}
