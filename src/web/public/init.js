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

// An upload form carries its CSRF token in its address (the file streams in before any field could be read); when
// the page comes back with an error at that address, take the token out of the address bar and the history.
if (new URLSearchParams(location.search).has('_csrf')) {
  const url = new URL(location.href)
  url.searchParams.delete('_csrf')
  history.replaceState(history.state, '', url)
}
