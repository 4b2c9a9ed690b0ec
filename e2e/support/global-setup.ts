// Loads the demo place once for the whole browser run, into an embedded database folder that each test file's server
// starts from a copy of (loading it takes seconds; copying the folder, a fraction of one).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { boot } from '../../src/boot.js'
import { parseConfig } from '../../src/config.js'
import { ensureDemoPlace } from '../../src/demo/ensure-demo.js'

declare module 'vitest' {
  export interface ProvidedContext {
    demoDataDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-e2e-demo-'))
  const runtime = await boot(parseConfig({ CWB_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }))
  try {
    await ensureDemoPlace(runtime.services)
  } finally {
    await runtime.close()
  }
  project.provide('demoDataDir', dataDir)
  return () => fs.rmSync(dataDir, { recursive: true, force: true })
}
