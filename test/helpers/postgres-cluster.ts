// A PostgreSQL server for the `postgres` test project: the one in DATABASE_URL, or a throwaway cluster made with
// initdb in a temp directory, started on a free port, and stopped and deleted afterwards.
// Used by test/global-setup-postgres.ts (in the main vitest process) and test/helpers/test-db.ts (in workers).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

/** What the global setup hands to test workers (through vitest's provide/inject). */
export interface PostgresTestServer {
  /** Superuser URL of the server; tests create and drop their own databases on it. */
  adminUrl: string
  /** A migrated database with IS_TEMPLATE and no connections allowed, for `CREATE DATABASE … TEMPLATE`. */
  template: string
  /** Every test database name starts with this, so teardown can sweep up ones a crashed test left. */
  databasePrefix: string
}

declare module 'vitest' {
  interface ProvidedContext {
    cwbPostgres?: PostgresTestServer
  }
}

export interface PostgresServer {
  adminUrl: string
  /** True when the server is DATABASE_URL's, which we must not stop. */
  external: boolean
  stop(): Promise<void>
}

const PG_BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const

/** Double-quotes an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.toString()
}

/** Runs statements on the server's maintenance database with a short-lived connection. */
export async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export function randomId(bytes = 3): string {
  return randomBytes(bytes).toString('hex')
}

/** DATABASE_URL's server when it is set; otherwise a new throwaway cluster. */
export async function usePostgresServer(log: (message: string) => void = () => {}): Promise<PostgresServer> {
  const url = process.env.DATABASE_URL
  if (url) {
    log(`using the PostgreSQL server in DATABASE_URL (${redact(url)})`)
    return { adminUrl: url, external: true, stop: async () => {} }
  }
  return startThrowawayCluster(log)
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}

function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` OS user. */
interface RunAs {
  command(binary: string, args: string[]): [string, string[]]
  uid?: number
  gid?: number
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { command: (binary, args) => [binary, args] }
  let ids: string[]
  try {
    ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/)
    ids.push(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  } catch {
    throw new Error(
      'Running as root, so the throwaway PostgreSQL cluster must run as the "postgres" OS user, which does not exist. ' +
        'Create it (useradd --system --user-group --no-create-home postgres) or set DATABASE_URL.',
    )
  }
  return {
    command: (binary, args) => ['runuser', ['-u', 'postgres', '--', binary, ...args]],
    uid: Number(ids[0]),
    gid: Number(ids[1]),
  }
}

function run(as: RunAs, binary: string, args: string[], cwd: string): void {
  const [command, commandArgs] = as.command(binary, args)
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', timeout: 120_000 })
  if (result.error) throw new Error(`${binary} could not run: ${result.error.message}`)
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`)
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/**
 * Makes and starts a cluster: initdb (trust auth, no fsync, UTF8, C locale) into a temp directory, then pg_ctl
 * start listening on 127.0.0.1 only, with the unix socket in the temp directory. stop() stops it and deletes the
 * directory; a watchdog does the same if this process dies without calling stop().
 */
export async function startThrowawayCluster(log: (message: string) => void = () => {}): Promise<PostgresServer> {
  const missing = PG_BINARIES.filter((name) => !findBinary(name))
  if (missing.length > 0) {
    throw new Error(
      `PostgreSQL server binaries not found on PATH: ${missing.join(', ')}. ` +
        'Install PostgreSQL (e.g. apt-get install postgresql, and put its bin directory on PATH), ' +
        'or set DATABASE_URL to a server where the tests may create databases, or run only the pglite project.',
    )
  }
  const as = runAs()
  const started = Date.now()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-pg-'))
  const dataDir = path.join(dir, 'data')
  const logFile = path.join(dir, 'postgres.log')
  let running = false
  let watchdog: ReturnType<typeof spawn> | undefined

  const stopSync = () => {
    if (running) {
      const [command, args] = as.command('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'])
      spawnSync(command, args, { cwd: dir, stdio: 'ignore', timeout: 60_000 })
      running = false
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }

  try {
    if (as.uid !== undefined && as.gid !== undefined) fs.chownSync(dir, as.uid, as.gid)
    run(as, 'initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'], dir)

    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      const settings = [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir.replaceAll("'", "''")}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 100',
        'log_min_messages = warning',
      ]
      // Each attempt's settings come after the last one's; for the same setting PostgreSQL uses the last line.
      fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# cwb tests\n${settings.join('\n')}\n`)
      try {
        run(as, 'pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60'], dir)
        running = true
        break
      } catch (error) {
        // Another process may have taken the port between freePort() and start.
        if (attempt >= 3) throw new Error(`${(error as Error).message}\nServer log:\n${tail(logFile)}`)
      }
    }

    watchdog = startWatchdog(as, dataDir, dir)
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
    log(`started a throwaway PostgreSQL cluster on port ${port} in ${Date.now() - started} ms (${dir})`)
    process.once('exit', stopSync)

    return {
      adminUrl,
      external: false,
      stop: async () => {
        const stopping = Date.now()
        process.removeListener('exit', stopSync)
        killGroup(watchdog)
        stopSync()
        log(`stopped and removed the throwaway PostgreSQL cluster in ${Date.now() - stopping} ms`)
      },
    }
  } catch (error) {
    killGroup(watchdog)
    stopSync()
    throw error
  }
}

function killGroup(child: ReturnType<typeof spawn> | undefined): void {
  if (child?.pid === undefined) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/**
 * A detached shell that stops the cluster and deletes its directory once this process is gone, in case vitest is
 * killed before its teardown runs. stop() kills it first.
 */
function startWatchdog(as: RunAs, dataDir: string, dir: string): ReturnType<typeof spawn> {
  const [command, args] = as.command('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'])
  // Waits while the process exists and is not a zombie (an unreaped dead process still answers kill -0).
  const alive = 'kill -0 "$0" 2>/dev/null && ! grep -q "^State:.Z" "/proc/$0/status" 2>/dev/null'
  const script = `while ${alive}; do sleep 2; done; "$@" >/dev/null 2>&1; rm -rf "$CWB_PG_DIR"`
  const child = spawn('sh', ['-c', script, String(process.pid), command, ...args], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, CWB_PG_DIR: dir },
  })
  child.unref()
  return child
}
