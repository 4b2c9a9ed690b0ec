// Runs the web app: boot, load the demo place on first boot if asked, listen, and shut down cleanly.
import type { FastifyInstance } from 'fastify'
import { boot, type Runtime } from '../boot.js'
import type { Config } from '../config.js'
import { ensureDemoPlace } from '../demo/ensure-demo.js'
import { startWorker } from '../services/job.service.js'
import { startReminderLoop } from '../services/contract-reminder.service.js'
import { createApp } from './app.js'

const SESSION_PURGE_INTERVAL_MS = 15 * 60 * 1000

export type RunningServer = { app: FastifyInstance; runtime: Runtime; url: string; stop: () => Promise<void> }

export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const runtime = await boot(config)
  const { services } = runtime
  if (config.loadDemoOnFirstBoot) {
    const loaded = await ensureDemoPlace(services)
    if (loaded)
      log(`Loaded the demo place: ${loaded.organisations.join(', ')}. Sign-in accounts are listed in the README.`)
  }
  const demo = (await services.system.demoMarker()) !== undefined
  const app = await createApp(services, {
    sessionSecret: config.sessionSecret,
    secureCookies: config.cookieSecure,
    demo,
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
    trustProxy: config.production,
    httpsOnly: config.production,
    signInRateLimit: config.signInRateLimit,
  })
  const address = await app.listen({ port: config.port, host: config.host })
  // Background jobs (payment imports) run in every web process; the database hands each job to one of them.
  const worker = startWorker(services.jobs, { onError: (e) => app.log.error(e) })
  // Reminders to contract owners and to suppliers with social value returns due: every process checks; each
  // reminder is claimed once in the database.
  const reminders = startReminderLoop(services.contractReminders, { onError: (e) => app.log.error(e) })
  const svReminders = startReminderLoop(services.svReminders, { onError: (e) => app.log.error(e) })
  const purge = setInterval(
    () => void services.sessions.purgeExpired().catch(() => undefined),
    SESSION_PURGE_INTERVAL_MS,
  )
  purge.unref()
  const url = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost')
  log(`cwb is running at ${url}${demo ? ' with the demo place' : ''}. Press Ctrl+C to stop.`)
  const stop = async () => {
    clearInterval(purge)
    await worker.stop()
    await reminders.stop()
    await svReminders.stop()
    await app.close()
    await runtime.close()
  }
  return { app, runtime, url, stop }
}
