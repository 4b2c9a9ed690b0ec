// Uploading a contracts register file (a register as CSV or XLSX, OCDS JSON, or a Contracts Finder notice feed), the
// result of each import with its rejected rows, and the list of past imports.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { CHANGE_ROLES, isAllowed, READ_ROLES } from '../../../domain/access/roles.js'
import { REGISTER_COLUMNS, REGISTER_FIELDS } from '../../../domain/contracts/register-columns.js'
import { DomainRuleError, NotFoundError } from '../../../domain/errors.js'
import { UnsupportedFileError } from '../../../ingest/read-tabular.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { rejectionsDisposition, toCsv } from '../../support/csv.js'
import { get, param } from '../../support/route.js'
import { importIdSchema, uploadFieldsSchema } from './imports.schema.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const
const CHANGERS = { kind: 'org', roles: CHANGE_ROLES } as const
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024

const COLUMNS = REGISTER_FIELDS.map((f) => ({ header: REGISTER_COLUMNS[f].header, label: REGISTER_COLUMNS[f].label }))

type UploadErrors = { list: { text: string; href: string }[]; fields: Record<string, { text: string }> }

function uploadErrors(field: 'file' | 'buyer', text: string): UploadErrors {
  return { list: [{ text, href: `#${field}` }], fields: { [field]: { text } } }
}

async function withTempFile<T>(content: Buffer, fileName: string, run: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-contracts-'))
  const file = path.join(dir, path.basename(fileName).replace(/[^\w.-]+/g, '_') || 'upload')
  fs.writeFileSync(file, content)
  try {
    return await run(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export default function contractImportRoutes(app: FastifyInstance, services: Services): void {
  const uploadView = (reply: FastifyReply, status: number, values: { buyer?: string } = {}, errors?: UploadErrors) =>
    reply.code(status).view('contracts/imports/upload', { values, errors, columns: COLUMNS })

  async function importRecord(organisationId: string, raw: string) {
    const id = importIdSchema.safeParse(raw)
    if (!id.success) throw new NotFoundError('There is no such import')
    return services.contractImport.getImport(organisationId, id.data)
  }

  get(app, paths.contractImports, READERS, async (request, reply) => {
    const imports = await services.contractImport.listImports(request.organisationId!)
    const canChange = isAllowed(request.principal ?? null, CHANGERS, request.organisationId ?? null)
    return reply.view('contracts/imports/list', { imports, canChange })
  })

  get(app, paths.contractImportNew, CHANGERS, async (_request, reply) => uploadView(reply, 200))

  // The file streams in as multipart, so the CSRF token travels in the form's query string (see upload.njk).
  app.route({
    method: 'POST',
    url: paths.contractImports,
    config: { access: CHANGERS, form: z.object({}).passthrough() },
    handler: async (request, reply) => {
      const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })
      const rawBuyer = file?.fields.buyer
      const buyerText =
        rawBuyer && !Array.isArray(rawBuyer) && rawBuyer.type === 'field' ? String(rawBuyer.value ?? '') : ''
      const fields = uploadFieldsSchema.safeParse({ buyer: buyerText })
      const values = { buyer: buyerText }
      if (!fields.success) return uploadView(reply, 400, values, uploadErrors('buyer', fields.error.issues[0]!.message))
      if (!file || !file.filename) return uploadView(reply, 400, values, uploadErrors('file', 'Select a register file'))
      const content = await file.toBuffer()
      if (file.file.truncated)
        return uploadView(reply, 400, values, uploadErrors('file', 'The file must be smaller than 50 MB'))
      if (content.byteLength === 0)
        return uploadView(reply, 400, values, uploadErrors('file', 'The selected file is empty'))
      try {
        const summary = await withTempFile(content, file.filename, (tmp) =>
          services.contractImport.importFile(request.actor, {
            organisationId: request.organisationId!,
            path: tmp,
            fileName: file.filename,
            buyer: fields.data.buyer,
          }),
        )
        return reply.redirect(paths.contractImport(summary.importId))
      } catch (error) {
        if (error instanceof DomainRuleError || error instanceof UnsupportedFileError)
          return uploadView(reply, 400, values, uploadErrors('file', `cwb could not import the file: ${error.message}`))
        throw error
      }
    },
  })

  get(app, paths.contractImport(':id'), READERS, async (request, reply) => {
    const record = await importRecord(request.organisationId!, param(request, 'id'))
    const rejections = await services.contractImport.rejections(record.id, 200)
    const outcome = (record.outcome ?? {}) as {
      buyer?: string | null
      skippedReasons?: { reason: string; count: number }[]
      warnings?: string[]
    }
    return reply.view('contracts/imports/result', {
      record,
      rejections,
      outcome,
      links: {
        csv: paths.contractImportRejectionsCsv(record.id),
        imports: paths.contractImports,
        register: paths.contracts,
        again: paths.contractImportNew,
      },
    })
  })

  get(app, paths.contractImportRejectionsCsv(':id'), READERS, async (request, reply) => {
    const record = await importRecord(request.organisationId!, param(request, 'id'))
    const rejections = await services.contractImport.rejections(record.id)
    const csv = toCsv(
      ['row', 'reason', 'row as published'],
      rejections.map((r) => [
        String(r.row_number),
        r.reason,
        Array.isArray(r.raw) ? r.raw.join(' | ') : r.raw ? JSON.stringify(r.raw) : '',
      ]),
    )
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', rejectionsDisposition(record.file_name))
      .send(csv)
  })
}
