// Background jobs: queued in the database, run by a worker loop in any web process (or `cwb worker`).
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import {
  claimJob,
  deleteUpload,
  failStaleJobs,
  findJob,
  findUpload,
  finishJob,
  insertJob,
  insertUpload,
  updateJobProgress,
  type JobRow,
} from '../db/repositories/job.repository.js'
import { findUserById } from '../db/repositories/user.repository.js'
import { NotFoundError } from '../domain/errors.js'
import type { ServiceDeps } from './deps.js'
import type { SpendImportService } from './spend-import.service.js'

export const JobKind = { SpendImport: 'spend-import' } as const

const STALE_AFTER_MS = 10 * 60 * 1000
const PROGRESS_EVERY_MS = 1000

export function createJobService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>, spendImport: SpendImportService) {
  async function runSpendImport(job: JobRow): Promise<unknown> {
    const uploadId = String(job.payload.uploadId)
    const upload = await findUpload(db, job.organisationId ?? '', uploadId)
    if (!upload) throw new NotFoundError('The uploaded file is no longer there')
    const user = job.createdBy ? await findUserById(db, job.createdBy) : undefined
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-import-'))
    const file = path.join(dir, path.basename(upload.file_name).replace(/[^\w.-]+/g, '_') || 'upload')
    fs.writeFileSync(file, upload.content)
    let last = 0
    let lastStage = ''
    // Updates are written one after another, so a slow one can never overwrite a newer one.
    let writing: Promise<void> = Promise.resolve()
    try {
      const summary = await spendImport.importFile(
        { userId: job.createdBy, label: user?.email ?? 'background job', ip: null, userAgent: 'cwb worker' },
        {
          organisationId: upload.organisation_id,
          path: file,
          fileName: upload.file_name,
          jobId: job.id,
          onProgress: (p) => {
            // Every change of stage is written; within a stage, at most one update a second.
            if (p.stage === lastStage && Date.now() - last < PROGRESS_EVERY_MS) return
            last = Date.now()
            lastStage = p.stage
            writing = writing.then(() => updateJobProgress(db, job.id, p)).catch(() => undefined)
          },
        },
      )
      await deleteUpload(db, upload.id)
      // The rejections are stored with the import; the job keeps the counts.
      return { ...summary, rejections: summary.rejections.length }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  const handlers: Record<string, (job: JobRow) => Promise<unknown>> = { [JobKind.SpendImport]: runSpendImport }

  return {
    /** Keeps an uploaded file in the database until its import job has run. */
    saveUpload: (upload: { organisationId: string; fileName: string; content: Uint8Array; createdBy: string | null }) =>
      insertUpload(db, upload),

    async findUpload(organisationId: string, id: string) {
      const upload = await findUpload(db, organisationId, id)
      if (!upload) throw new NotFoundError('There is no such upload')
      return upload
    },

    enqueueSpendImport: (organisationId: string, uploadId: string, createdBy: string | null) =>
      insertJob(db, { kind: JobKind.SpendImport, organisationId, payload: { uploadId }, createdBy }),

    async get(organisationId: string, id: string): Promise<JobRow> {
      const job = await findJob(db, id)
      if (!job || job.organisationId !== organisationId) throw new NotFoundError('There is no such job')
      return job
    },

    /** Runs the next queued job, if any. Returns whether one ran. */
    async runNext(): Promise<boolean> {
      await failStaleJobs(db, new Date(clock.now().getTime() - STALE_AFTER_MS))
      const job = await claimJob(db, Object.keys(handlers))
      if (!job) return false
      try {
        const result = await handlers[job.kind]!(job)
        await finishJob(db, job.id, { status: 'succeeded', result })
      } catch (error) {
        await finishJob(db, job.id, { status: 'failed', error: error instanceof Error ? error.message : String(error) })
      }
      return true
    },
  }
}

export type JobService = ReturnType<typeof createJobService>

/** Polls for jobs until stopped. One job at a time per process. */
export function startWorker(jobs: JobService, options: { pollMs?: number; onError?: (e: unknown) => void } = {}) {
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  const tick = async () => {
    while (!stopped) {
      try {
        if (!(await jobs.runNext())) break
      } catch (error) {
        options.onError?.(error)
        break
      }
    }
  }
  const timer = setInterval(() => {
    running = running.then(tick)
  }, options.pollMs ?? 1000)
  timer.unref()
  return {
    /** Waits for the job in hand, then stops. */
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
