// Starts the real cwb server (embedded database in a temporary folder, demo place loaded) for browser tests.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import { parseConfig } from '../../src/config.js'
import { startServer, type RunningServer } from '../../src/web/server.js'

export type E2eServer = RunningServer & { dataDir: string; close: () => Promise<void> }

export async function startE2eServer(options: { demo?: boolean } = {}): Promise<E2eServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-e2e-'))
  // The demo place, as loaded once for the run (see global-setup.ts); each file changes its own copy.
  if (options.demo !== false) fs.cpSync(inject('demoDataDir'), dataDir, { recursive: true })
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CWB_DATA_DIR: dataDir,
    CWB_DEMO: options.demo === false ? 'false' : 'true',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'silent',
    // The tests sign in dozens of times a minute from one address.
    SIGN_IN_RATE_LIMIT: '1000',
  })
  const server = await startServer(config, () => undefined)
  return {
    ...server,
    url: server.url.replace('localhost', '127.0.0.1'),
    dataDir,
    close: async () => {
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
