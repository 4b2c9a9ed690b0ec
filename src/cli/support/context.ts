// What each command needs: the configuration, a booted runtime, and an actor for the audit log.
import os from 'node:os'
import { boot, type Runtime } from '../../boot.js'
import { loadConfig, type Config } from '../../config.js'
import type { Actor } from '../../domain/audit/audit.js'

export function commandLineActor(): Actor {
  let who = 'unknown'
  try {
    who = os.userInfo().username
  } catch {
    // Some containers have no passwd entry for the current user.
  }
  return { userId: null, label: `command line (${who})`, ip: null, userAgent: `cwb-cli on ${os.hostname()}` }
}

/** Boots the configured database, runs a command against it, and always closes it. */
export async function withRuntime<T>(run: (runtime: Runtime, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const runtime = await boot(config)
  try {
    return await run(runtime, config)
  } finally {
    await runtime.close()
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Splits a comma-separated option ("E09000019,E09000007") into trimmed, non-empty parts. */
export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
}
