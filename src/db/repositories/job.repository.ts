// Background jobs and the files they work on. Claiming uses SKIP LOCKED so several workers never take the same job.
import { sql } from 'kysely'
import type { Db } from '../database.js'

export type JobRow = {
  id: string
  kind: string
  organisationId: string | null
  payload: Record<string, unknown>
  status: 'queued' | 'running' | 'succeeded' | 'failed'
  progress: Record<string, unknown>
  result: unknown
  error: string | null
  createdBy: string | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

type RawJob = {
  id: string
  kind: string
  organisation_id: string | null
  payload: Record<string, unknown>
  status: JobRow['status']
  progress: Record<string, unknown>
  result: unknown
  error: string | null
  created_by: string | null
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}

function toJob(r: RawJob): JobRow {
  return {
    id: r.id,
    kind: r.kind,
    organisationId: r.organisation_id,
    payload: r.payload,
    status: r.status,
    progress: r.progress,
    result: r.result,
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }
}

export async function insertJob(
  db: Db,
  job: { kind: string; organisationId: string | null; payload: Record<string, unknown>; createdBy: string | null },
): Promise<string> {
  const row = await db
    .insertInto('job')
    .values({
      kind: job.kind,
      organisation_id: job.organisationId,
      payload: JSON.stringify(job.payload),
      progress: '{}',
      created_by: job.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Takes the oldest queued job of the given kinds, marking it running; undefined when there is none. */
export async function claimJob(db: Db, kinds: readonly string[]): Promise<JobRow | undefined> {
  const result = await sql<RawJob>`
    update job set status = 'running', started_at = now(), heartbeat_at = now()
    where id = (
      select id from job where status = 'queued' and kind = any(${[...kinds]}::text[])
      order by created_at limit 1 for update skip locked
    )
    returning *
  `.execute(db)
  const row = result.rows[0]
  return row ? toJob(row) : undefined
}

export async function updateJobProgress(db: Db, id: string, progress: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('job')
    .set({ progress: JSON.stringify(progress), heartbeat_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export async function finishJob(
  db: Db,
  id: string,
  outcome: { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string },
): Promise<void> {
  await db
    .updateTable('job')
    .set({
      status: outcome.status,
      result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result) : null,
      error: outcome.status === 'failed' ? outcome.error : null,
      finished_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

/** Jobs whose worker stopped (no heartbeat for a while) are marked failed, so nobody waits for them forever. */
export async function failStaleJobs(db: Db, olderThan: Date): Promise<number> {
  const result = await db
    .updateTable('job')
    .set({
      status: 'failed',
      error: 'The job stopped before it finished (the server was restarted). Nothing was saved: start it again.',
      finished_at: new Date(),
    })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', olderThan)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  const row = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toJob(row as unknown as RawJob) : undefined
}

export async function insertUpload(
  db: Db,
  upload: { organisationId: string; fileName: string; content: Uint8Array; createdBy: string | null },
): Promise<string> {
  const row = await db
    .insertInto('upload')
    .values({
      organisation_id: upload.organisationId,
      file_name: upload.fileName,
      size_bytes: upload.content.byteLength,
      content: upload.content,
      created_by: upload.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function findUpload(db: Db, organisationId: string, id: string) {
  return db
    .selectFrom('upload')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function deleteUpload(db: Db, id: string): Promise<void> {
  await db.deleteFrom('upload').where('id', '=', id).execute()
}
