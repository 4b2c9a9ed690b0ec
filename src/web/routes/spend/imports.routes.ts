// Uploading payment files: the upload, confirming the columns when cwb is not sure, progress, and the summary.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ANALYSE_ROLES, READ_ROLES } from '../../../domain/access/roles.js'
import { NotFoundError } from '../../../domain/errors.js'
import { CORE_FIELDS, findHeaderRow, mapColumns, SpendField } from '../../../domain/spend/columns.js'
import { readTabular } from '../../../ingest/read-tabular.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { get, param, post } from '../../support/route.js'
import { rejectionsDisposition, toCsv } from '../../support/csv.js'

const ANALYSTS = { kind: 'org', roles: ANALYSE_ROLES } as const
const READERS = { kind: 'org', roles: READ_ROLES } as const
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024
const PREVIEW_ROWS = 25

const FIELD_LABELS: Record<string, string> = {
  [SpendField.Date]: 'Payment date',
  [SpendField.Amount]: 'Amount',
  [SpendField.Supplier]: 'Supplier (payee) name',
  [SpendField.TransactionRef]: 'Transaction number',
  [SpendField.SupplierId]: 'Supplier’s number in your ledger',
  [SpendField.VatNumber]: 'Supplier’s VAT number',
  [SpendField.IrrecoverableVat]: 'Irrecoverable VAT',
  [SpendField.Department]: 'Department or service area',
  [SpendField.ExpenseType]: 'Expense type',
  [SpendField.Category]: 'Category',
  [SpendField.Description]: 'Description or purpose',
  [SpendField.CompanyNumber]: 'Company number',
  [SpendField.CharityNumber]: 'Charity number',
  [SpendField.Postcode]: 'Supplier postcode',
  [SpendField.CapitalOrRevenue]: 'Capital or revenue',
}

const uuid = z.uuid()

/** The header row and a few rows after it, to show on the mapping page. */
async function preview(content: Uint8Array, fileName: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwb-preview-'))
  const file = path.join(dir, path.basename(fileName).replace(/[^\w.-]+/g, '_') || 'upload')
  fs.writeFileSync(file, content)
  try {
    const rows: string[][] = []
    for await (const row of readTabular({ path: file })) {
      if (row.cells.every((c) => c.trim() === '')) continue
      rows.push(row.cells)
      if (rows.length >= PREVIEW_ROWS) break
    }
    const headerIndex = Math.max(0, findHeaderRow(rows))
    return { header: rows[headerIndex] ?? [], sample: rows.slice(headerIndex + 1, headerIndex + 4) }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export default function spendImportRoutes(app: FastifyInstance, services: Services): void {
  const uploadView = (reply: FastifyReply, status: number, error?: string) =>
    reply.code(status).view('pages/spend/upload', {
      errors: error ? { list: [{ text: error, href: '#file' }], fields: { file: { text: error } } } : undefined,
    })

  get(app, paths.spendImports, READERS, async (request, reply) => {
    const imports = await services.spendImport.listImports(request.organisationId!)
    return reply.view('pages/spend/imports', { imports })
  })

  get(app, paths.spendImportNew, ANALYSTS, async (_request, reply) => uploadView(reply, 200))

  // The file streams in as multipart, so the CSRF token travels in the form's query string (see upload.njk).
  app.route({
    method: 'POST',
    url: paths.spendImports,
    config: { access: ANALYSTS, form: z.object({}).passthrough() },
    handler: async (request, reply) => {
      const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })
      if (!file || !file.filename) return uploadView(reply, 400, 'Select a payment file')
      const content = await file.toBuffer()
      if (file.file.truncated)
        return uploadView(reply, 400, 'The file must be smaller than 200 MB (compress a large CSV with gzip)')
      if (content.byteLength === 0) return uploadView(reply, 400, 'The selected file is empty')
      const organisationId = request.organisationId!
      let head: Awaited<ReturnType<typeof preview>>
      try {
        head = await preview(content, file.filename)
      } catch (error) {
        return uploadView(
          reply,
          400,
          `cwb could not read the file: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
      const uploadId = await services.jobs.saveUpload({
        organisationId,
        fileName: file.filename,
        content,
        createdBy: request.principal!.userId,
      })
      const known = await services.spendImport.knownMapping(organisationId, head.header)
      if (!known) return reply.redirect(paths.spendImportMapping(uploadId))
      const jobId = await services.jobs.enqueueSpendImport(organisationId, uploadId, request.principal!.userId)
      return reply.redirect(paths.spendImportJob(jobId))
    },
  })

  async function mappingPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: object) {
    const id = uuid.safeParse(param(request, 'id'))
    if (!id.success) throw new NotFoundError('There is no such upload')
    const upload = await services.jobs.findUpload(request.organisationId!, id.data)
    const head = await preview(upload.content, upload.file_name)
    const automatic = mapColumns(head.header)
    const selected = (request.body as Record<string, string> | undefined) ?? {}
    const fields = Object.entries(FIELD_LABELS).map(([field, label]) => {
      const chosen = selected[field] ?? String(automatic.mapping[field as SpendField] ?? '')
      return {
        field,
        label,
        required: CORE_FIELDS.includes(field as SpendField),
        items: [
          { value: '', text: 'Not in this file' },
          ...head.header.map((h, i) => ({
            value: String(i),
            text: `${h.trim() || `Column ${i + 1}`}${head.sample[0]?.[i] ? ` (e.g. ${head.sample[0][i]!.trim().slice(0, 30)})` : ''}`,
            selected: chosen === String(i),
          })),
        ],
      }
    })
    return reply
      .code(status)
      .view('pages/spend/mapping', { upload, fields, header: head.header, problems: automatic.problems, errors })
  }

  get(app, paths.spendImportMapping(':id'), ANALYSTS, async (request, reply) => mappingPage(request, reply))

  post(
    app,
    paths.spendImportMapping(':id'),
    ANALYSTS,
    z.record(z.string(), z.string()),
    async (request, reply, form) => {
      const id = uuid.safeParse(param(request, 'id'))
      if (!id.success || !form.ok) throw new NotFoundError('There is no such upload')
      const organisationId = request.organisationId!
      const upload = await services.jobs.findUpload(organisationId, id.data)
      const head = await preview(upload.content, upload.file_name)
      const mapping: Record<string, number> = {}
      for (const field of Object.keys(FIELD_LABELS)) {
        const value = form.data[field]
        if (
          value !== undefined &&
          value !== '' &&
          Number.isInteger(Number(value)) &&
          Number(value) < head.header.length
        )
          mapping[field] = Number(value)
      }
      const problems: { field: string; text: string }[] = CORE_FIELDS.filter((f) => mapping[f] === undefined).map(
        (f) => ({ field: f, text: `Select the column that holds the ${FIELD_LABELS[f]!.toLowerCase()}` }),
      )
      // One column holds one thing: a column chosen twice would read, say, the date as the amount too.
      const firstFieldOf = new Map<number, string>()
      for (const [field, column] of Object.entries(mapping)) {
        const first = firstFieldOf.get(column)
        if (first === undefined) firstFieldOf.set(column, field)
        else
          problems.push({
            field,
            text: `The ${FIELD_LABELS[field]!.toLowerCase()} cannot come from the same column as the ${FIELD_LABELS[first]!.toLowerCase()}: choose a different column`,
          })
      }
      if (problems.length > 0)
        return mappingPage(request, reply, 400, {
          list: problems.map((p) => ({ text: p.text, href: `#${p.field}` })),
          fields: Object.fromEntries(problems.map((p) => [p.field, { text: p.text }])),
        })
      await services.spendImport.confirmMapping(request.actor, organisationId, head.header, mapping)
      const jobId = await services.jobs.enqueueSpendImport(organisationId, upload.id, request.principal!.userId)
      return reply.redirect(paths.spendImportJob(jobId))
    },
  )

  get(app, paths.spendImportJob(':id'), ANALYSTS, async (request, reply) => {
    const id = uuid.safeParse(param(request, 'id'))
    if (!id.success) throw new NotFoundError('There is no such job')
    const job = await services.jobs.get(request.organisationId!, id.data)
    const result = job.result as { importId?: string } | null
    if (job.status === 'succeeded' && result?.importId) return reply.redirect(paths.spendImport(result.importId))
    const progress = job.progress as { rowsRead?: number; bytesRead?: number; totalBytes?: number }
    const percent = progress.totalBytes
      ? Math.min(100, Math.round(((progress.bytesRead ?? 0) / progress.totalBytes) * 100))
      : 0
    return reply.view('pages/spend/job', {
      job,
      progress,
      percent,
      refresh: job.status === 'queued' || job.status === 'running',
    })
  })

  get(app, paths.spendImport(':id'), READERS, async (request, reply) => {
    const id = uuid.safeParse(param(request, 'id'))
    if (!id.success) throw new NotFoundError('There is no such import')
    const record = await services.spendImport.getImport(request.organisationId!, id.data)
    const rejections = await services.spendImport.rejections(record.id, 200)
    return reply.view('pages/spend/import', { record, rejections, fieldLabels: FIELD_LABELS })
  })

  get(app, paths.spendImportRejectionsCsv(':id'), READERS, async (request, reply) => {
    const id = uuid.safeParse(param(request, 'id'))
    if (!id.success) throw new NotFoundError('There is no such import')
    const record = await services.spendImport.getImport(request.organisationId!, id.data)
    const rejections = await services.spendImport.rejections(record.id)
    const csv = toCsv(
      ['sheet', 'row', 'reason', 'row as published'],
      rejections.map((r) => [
        r.sheet ?? '',
        String(r.row_number),
        r.reason,
        (r.raw as string[] | null)?.join(' | ') ?? '',
      ]),
    )
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', rejectionsDisposition(record.file_name))
      .send(csv)
  })
}
