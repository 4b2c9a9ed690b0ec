// Runs the cwb command line in process against an embedded database in a temporary folder, capturing its output.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, vi } from 'vitest'
import { runCli } from '../../src/cli/program.js'

export type CliResult = { code: number; out: string; err: string }

/** Runs `cwb …args`, returning the exit code and what it printed. */
export async function cli(...args: string[]): Promise<CliResult> {
  let out = ''
  let err = ''
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
  try {
    return { code: await runCli(args), out, err }
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
}

/**
 * Points the command line at a fresh embedded database for this test file (and restores the environment after).
 * Returns a getter for the data folder.
 */
export function useCliDataDir(prefix: string): () => string {
  let dataDir = ''
  const saved = { ...process.env }
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    delete process.env.DATABASE_URL
    process.env.CWB_DATA_DIR = dataDir
    process.env.CWB_DEMO = 'false'
  })
  afterAll(() => {
    process.env = saved
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return () => dataDir
}
