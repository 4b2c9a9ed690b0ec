// Social value files on the web: an officer uploads a commitments or a returns file (CSV or XLSX). The service reads a
// path, so the upload is written to a temporary folder and removed afterwards, whatever happens. All or nothing: a
// file with any bad row loads nothing, and every problem is listed with its row (and can be downloaded as CSV);
// a good file loads and the counts are shown. Loading the same file again adds nothing.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CHANGE_ROLES } from '../../../domain/access/roles.js'
import { DomainRuleError, NotFoundError } from '../../../domain/errors.js'
import { COMMITMENT_COLUMNS, RETURN_COLUMNS, type SvRowKind } from '../../../domain/social-value/import-rows.js'
import { UnsupportedFileError } from '../../../ingest/read-tabular.js'
import type { Services } from '../../../services.js'
import { SvImportError, type SvImportSummary } from '../../../services/sv-import.service.js'
import { paths } from '../../paths.js'
import { toCsv } from '../../support/csv.js'
import { formatNumber } from '../../support/format.js'
import { flash, get } from '../../support/route.js'

declare module 'fastify' {
  interface Session {
    /** The rows of the last refused social value file, for its "download as CSV" link. */
    svImportRejections?: { fileName: string; kind: SvRowKind; rejections: { row: number; reason: string }[] }
  }
}

const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** How many problems the page lists. */
const SHOWN = 200
/**
 * How many the download holds. They wait in the session (saved on every request) until the next visit to the upload
 * page or a good file, so they are kept small; a file with more problems than this is usually the wrong file.
 */
const KEPT = 1_000

const KIND_LABELS: Record<SvRowKind, { one: string; many: string }> = {
  commitments: { one: 'commitment', many: 'commitments' },
  returns: { one: 'return', many: 'returns' },
}

type Problem = { field: 'kind' | 'file'; text: string }

/** A file name safe to write in a temporary folder, keeping its extension (which tells CSV from XLSX). */
function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ]+/g, '_')
  const ext = path.extname(base).slice(0, 10)
  const stem = base.slice(0, base.length - path.extname(base).length).slice(0, 100) || 'upload'
  return `${stem}${ext}`
}

export function svImportRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.socialValueImports, CHANGERS, async (request, reply) => {
    delete request.session.svImportRejections
    return uploadView(reply, 200, {})
  })

  // The file streams in as multipart, so the CSRF token travels in the form's query string (see upload.njk).
  app.route({
    method: 'POST',
    url: paths.socialValueImports,
    config: { access: CHANGERS, form: z.object({}).passthrough() },
    handler: async (request, reply) => {
      const upload = await readUpload(request)
      if ('problem' in upload) return uploadView(reply, 400, { kind: upload.kind, problems: [upload.problem] })
      const { kind, fileName, content } = upload
      const organisationId = request.organisationId!
      let summary: SvImportSummary
      try {
        summary = await withTemporaryFile(fileName, content, (file) =>
          kind === 'commitments'
            ? services.svImport.importCommitments(request.actor, { organisationId, path: file })
            : services.svImport.importReturns(request.actor, { organisationId, path: file }),
        )
      } catch (error) {
        if (error instanceof SvImportError) {
          request.session.svImportRejections = { fileName, kind, rejections: error.rejections.slice(0, KEPT) }
          const count = error.rejections.length
          return uploadView(reply, 400, {
            kind,
            problems: [
              {
                field: 'file',
                text: `${formatNumber(count)} ${count === 1 ? 'problem' : 'problems'} in ${fileName}: nothing was loaded. Correct the file and upload it again.`,
              },
            ],
            result: { fileName, count, kept: Math.min(count, KEPT), rejections: error.rejections.slice(0, SHOWN) },
          })
        }
        if (error instanceof DomainRuleError || error instanceof UnsupportedFileError || error instanceof NotFoundError)
          return uploadView(reply, 400, {
            kind,
            problems: [{ field: 'file', text: `cwb could not read ${fileName}: ${error.message}` }],
          })
        throw error
      }
      delete request.session.svImportRejections
      const label = KIND_LABELS[kind]
      flash(
        request,
        `${formatNumber(summary.rowsRead)} ${summary.rowsRead === 1 ? 'row' : 'rows'} read from ${fileName}: ${formatNumber(summary.created)} ${summary.created === 1 ? label.one : label.many} added, ${formatNumber(summary.updated)} changed, ${formatNumber(summary.unchanged)} unchanged.`,
        kind === 'commitments' ? 'Commitments file loaded' : 'Returns file loaded',
      )
      return reply.redirect(paths.socialValueImports)
    },
  })

  get(app, paths.socialValueImportRejectionsCsv, CHANGERS, async (request, reply) => {
    const last = request.session.svImportRejections
    if (!last) throw new NotFoundError('There is no refused file to download the problems of')
    const name = last.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'upload'
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-problems.csv"`)
      .send(
        toCsv(
          ['row', 'problem'],
          last.rejections.map((r) => [String(r.row), r.reason]),
        ),
      )
  })
}

/** Writes an upload to a temporary folder for a service that reads a path, and removes it before returning. */
async function withTemporaryFile<T>(fileName: string, content: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cwb-sv-upload-'))
  try {
    const file = path.join(dir, safeFileName(fileName))
    await fs.writeFile(file, content)
    return await use(file)
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/** Reads the kind and the file from the multipart body, in whichever order they come. */
async function readUpload(
  request: FastifyRequest,
): Promise<{ kind: SvRowKind; fileName: string; content: Buffer } | { kind: SvRowKind | undefined; problem: Problem }> {
  let kindValue: unknown
  let fileName = ''
  let content: Buffer | undefined
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        fileName = part.filename
        content = await part.toBuffer()
      } else if (part.fieldname === 'kind') kindValue = part.value
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      return { kind: undefined, problem: { field: 'file', text: 'The selected file must be smaller than 10 MB' } }
    throw error
  }
  const kind = kindValue === 'commitments' || kindValue === 'returns' ? kindValue : undefined
  if (!kind) return { kind, problem: { field: 'kind', text: 'Select what the file holds' } }
  if (!fileName || !content) return { kind, problem: { field: 'file', text: 'Select a commitments or returns file' } }
  if (content.byteLength === 0) return { kind, problem: { field: 'file', text: 'The selected file is empty' } }
  return { kind, fileName, content }
}

function uploadView(
  reply: FastifyReply,
  status: number,
  options: {
    kind?: SvRowKind
    problems?: Problem[]
    result?: { fileName: string; count: number; kept: number; rejections: { row: number; reason: string }[] }
  },
) {
  const problems = options.problems ?? []
  return reply.code(status).view('social-value/imports/upload', {
    title: 'Upload a social value file',
    errors: problems.length
      ? {
          list: problems.map((p) => ({ text: p.text, href: p.field === 'kind' ? '#kind' : '#file' })),
          fields: Object.fromEntries(problems.map((p) => [p.field, { text: p.text }])),
        }
      : undefined,
    kind: options.kind,
    result: options.result,
    columns: { commitments: COMMITMENT_COLUMNS, returns: RETURN_COLUMNS },
    rejectionsCsvHref: paths.socialValueImportRejectionsCsv,
    backHref: paths.socialValue,
  })
}
