// Importing a payment file: stream the rows, accept or reject each with a reason, resolve each payee to a supplier,
// and store the payments in one transaction, skipping any already held. A failure stores nothing.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {
  createStagingTables,
  finishImport,
  findImport,
  findSavedMapping,
  insertImport,
  insertRejections,
  insertStagedPayments,
  listImports,
  listRejections,
  saveMapping,
  STAGE_BATCH,
  stagePayeeSuppliers,
  stageRows,
  type StagedRow,
} from '../db/repositories/spend-import.repository.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../domain/audit/audit.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import { DomainRuleError, NotFoundError } from '../domain/errors.js'
import { formatPence } from '../domain/spend/amount.js'
import {
  CORE_FIELDS,
  mapColumns,
  normaliseHeader,
  type ColumnMapping,
  type SpendField,
} from '../domain/spend/columns.js'
import { dateCache, interpretRow, payeeCache } from '../domain/spend/payment-row.js'
import { paymentBaseKey } from '../domain/spend/row-key.js'
import { readTabular } from '../ingest/read-tabular.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

/** Resolves distinct payees to suppliers (the supplier registry's job); keyed by the payee's normalised name. */
export type PayeeResolver = (
  trx: Db,
  organisationId: string,
  payees: { name: string; companyNumber?: string; charityNumber?: string; postcode?: string }[],
) => Promise<Map<string, { supplierId: string }>>

export type ImportProgress = {
  /** 'reading' while rows are read; 'storing' once all are read: payees matched, payments stored, figures updated. */
  stage: 'reading' | 'storing'
  rowsRead: number
  accepted: number
  rejected: number
  bytesRead: number
  totalBytes: number
}

export type ImportSummary = {
  importId: string
  organisation: string
  fileName: string
  rowsRead: number
  accepted: number
  rejected: number
  /** Accepted rows already held from an earlier file, so not added again. */
  duplicates: number
  added: number
  total: { amount: string; count: number }
  from: string | null
  to: string | null
  skipped: { blank: number; repeatedHeader: number; preamble: number; layoutChanges: number }
  repaired: number
  mapping: Record<string, string>
  warnings: string[]
  rejections: { row: number; sheet?: string; reason: string }[]
}

const HEADER_SEARCH_ROWS = 20

type Rejection = { row: number; sheet: string | null; reason: string; raw: string[] }

type SheetState = { header: string[] | null; mapping: ColumnMapping['mapping']; preamble: number; firstLine?: string[] }

function noHeader(sheet: string | null, firstLine: string[] | undefined): DomainRuleError {
  const where = sheet ? ` of sheet ${sheet}` : ''
  const seen = firstLine ? ` The first line${where} reads: ${firstLine.map((c) => `"${c.trim()}"`).join(', ')}.` : ''
  return new DomainRuleError(
    `cwb found no header row with a date, an amount and a supplier column in the first ${HEADER_SEARCH_ROWS} lines${where}.${seen} Map the columns on the upload page, or check the file is a payment file.`,
  )
}

/** A stable name for a file layout: its normalised headers. Mappings confirmed by a person are remembered under it. */
export function layoutSignature(headers: readonly string[]): string {
  return headers.map(normaliseHeader).join('|')
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function createSpendImportService(
  { db, clock }: Pick<ServiceDeps, 'db' | 'clock'>,
  resolvePayees: PayeeResolver,
) {
  /** The mapping for a header row: the one a person confirmed for this layout, else the automatic one if complete. */
  async function mappingFor(executor: Db, organisationId: string, header: string[]) {
    const saved = await findSavedMapping(executor, organisationId, layoutSignature(header))
    if (saved) return { mapping: saved.mapping as ColumnMapping['mapping'], warnings: [] as string[] }
    const automatic = mapColumns(header)
    if (!CORE_FIELDS.every((f) => automatic.mapping[f] !== undefined)) return null
    return { mapping: automatic.mapping, warnings: automatic.problems }
  }

  return {
    /** Imports a payment file (CSV in any delimiter and encoding, gzip, or XLSX with one or many sheets). */
    async importFile(
      actor: Actor,
      input: {
        organisationId: string
        path: string
        fileName?: string
        onProgress?: (p: ImportProgress) => void
        jobId?: string
      },
    ): Promise<ImportSummary> {
      const fileName = input.fileName ?? path.basename(input.path)
      const totalBytes = fs.statSync(input.path).size
      const importId = await insertImport(db, {
        organisationId: input.organisationId,
        fileName,
        fileSha256: await sha256(input.path),
        createdBy: actor.userId,
        jobId: input.jobId,
      })
      const rejections: Rejection[] = []
      const skipped = { blank: 0, repeatedHeader: 0, preamble: 0, layoutChanges: 0 }
      const warnings: string[] = []
      let accepted = 0
      let repaired = 0
      let totalPence = 0n
      let from: string | null = null
      let to: string | null = null
      let bytesRead = 0
      let mappingUsed: Record<string, string> = {}
      let mappingByIndex: Record<string, number> | null = null
      try {
        const added = await db.transaction().execute(async (trx) => {
          await createStagingTables(trx)
          const sheets = new Map<string, SheetState>()
          const payeeOf = payeeCache()
          // A payment file records payments made: none can be dated after the end of next year.
          const dateOf = dateCache({ latest: `${Number(ukCalendarDay(clock.now()).slice(0, 4)) + 1}-12-31` })
          // Rejected rows are checked for being a new header; remember the answer per layout, not one query a row.
          const layouts = new Map<string, Awaited<ReturnType<typeof mappingFor>>>()
          const mappingOfRow = async (cells: string[]) => {
            const signature = layoutSignature(cells)
            if (!layouts.has(signature)) layouts.set(signature, await mappingFor(trx, input.organisationId, cells))
            return layouts.get(signature) ?? null
          }
          const payees = new Map<
            string,
            { name: string; companyNumber?: string; charityNumber?: string; postcode?: string }
          >()
          let batch: StagedRow[] = []
          // One batch is staged while the next is read: the database and this process work at the same time.
          let staging: Promise<void> = Promise.resolve()
          const flush = async () => {
            const rows = batch
            batch = []
            await staging
            staging = stageRows(trx, rows)
            // Marks a failure as handled until the next flush awaits it and throws.
            staging.catch(() => {})
          }
          for await (const row of readTabular({ path: input.path }, { onBytes: (n) => (bytesRead = n) })) {
            const sheetKey = row.sheet ?? ''
            let state = sheets.get(sheetKey)
            if (!state) sheets.set(sheetKey, (state = { header: null, mapping: {}, preamble: 0 }))
            if (!state.header) {
              const chosen = row.cells.some((c) => c.trim() !== '') ? await mappingOfRow(row.cells) : null
              if (chosen) {
                state.header = row.cells
                state.mapping = chosen.mapping
                warnings.push(...chosen.warnings.map((w) => (row.sheet ? `Sheet ${row.sheet}: ${w}` : w)))
                mappingByIndex = chosen.mapping as Record<string, number>
                mappingUsed = Object.fromEntries(
                  Object.entries(chosen.mapping).map(([field, index]) => [
                    field,
                    (row.cells[index as number] ?? '').trim(),
                  ]),
                )
                continue
              }
              if (row.cells.some((c) => c.trim() !== '')) {
                state.preamble++
                state.firstLine ??= row.cells
              }
              if (state.preamble >= HEADER_SEARCH_ROWS) throw noHeader(row.sheet, state.firstLine)
              continue
            }
            const outcome = interpretRow(row.cells, state.mapping, state.header, payeeOf, dateOf)
            if (outcome.kind === 'skipped') {
              if (outcome.why === 'blank') skipped.blank++
              else skipped.repeatedHeader++
              continue
            }
            if (outcome.kind === 'rejected') {
              // Some workbooks change layout part way down a sheet, with a new header row: read on with it.
              const switched = await mappingOfRow(row.cells)
              if (switched) {
                state.header = row.cells
                state.mapping = switched.mapping
                skipped.layoutChanges++
                warnings.push(
                  `${row.sheet ? `Sheet ${row.sheet}, row` : 'Row'} ${row.rowNumber}: the columns change here (a new header row); the rows below are read with it`,
                )
                continue
              }
              rejections.push({ row: row.rowNumber, sheet: row.sheet, reason: outcome.reason, raw: row.cells })
            } else {
              const p = outcome.payment
              accepted++
              totalPence += p.pence
              if (p.repaired) repaired++
              if (!from || p.date < from) from = p.date
              if (!to || p.date > to) to = p.date
              if (p.payeeKind === 'organisation' && !payees.has(p.payeeKey))
                payees.set(p.payeeKey, {
                  name: p.payeeName,
                  companyNumber: p.companyNumber ?? undefined,
                  charityNumber: p.charityNumber ?? undefined,
                  postcode: p.postcode ?? undefined,
                })
              batch.push({
                row_number: row.rowNumber,
                sheet: row.sheet,
                key: paymentBaseKey({
                  organisationId: input.organisationId,
                  transactionRef: p.transactionRef,
                  date: p.date,
                  pence: p.pence,
                  payee: p.payeeName,
                  payeeKey: p.payeeFingerprint,
                  department: p.department,
                  expenseType: p.expenseType,
                }),
                payment_date: p.date,
                amount: formatPence(p.pence),
                payee_name: p.payeeName,
                payee_key: p.payeeKey,
                payee_kind: p.payeeKind,
                transaction_ref: p.transactionRef,
                department: p.department,
                expense_type: p.expenseType,
                category: p.category,
                description: p.description,
                capital_or_revenue: p.capitalOrRevenue,
                repaired: p.repaired,
              })
              if (batch.length >= STAGE_BATCH) await flush()
            }
            const rowsRead = accepted + rejections.length
            if (input.onProgress && rowsRead % 5000 === 0)
              input.onProgress({
                stage: 'reading',
                rowsRead,
                accepted,
                rejected: rejections.length,
                bytesRead,
                totalBytes,
              })
          }
          await flush()
          await staging
          input.onProgress?.({
            stage: 'storing',
            rowsRead: accepted + rejections.length,
            accepted,
            rejected: rejections.length,
            bytesRead: totalBytes,
            totalBytes,
          })
          const mapped = [...sheets.values()].filter((s) => s.header)
          if (mapped.length === 0) throw noHeader(null, [...sheets.values()][0]?.firstLine)
          const resolved = await resolvePayees(trx, input.organisationId, [...payees.values()])
          await stagePayeeSuppliers(
            trx,
            [...resolved].map(([payeeKey, r]) => ({ payeeKey, supplierId: r.supplierId })),
          )
          const inserted = await insertStagedPayments(trx, input.organisationId, importId)
          await insertRejections(trx, importId, rejections)
          const outcome = {
            status: 'succeeded' as const,
            rowsRead: accepted + rejections.length,
            accepted,
            rejected: rejections.length,
            duplicates: accepted - inserted.inserted,
            amount: formatPence(totalPence),
            from,
            to,
            mapping: mappingByIndex,
          }
          await finishImport(trx, importId, outcome)
          await recordAudit(trx, actor, [
            {
              organisationId: input.organisationId,
              action: 'spend.import',
              entityType: 'spend_import',
              entityId: importId,
              after: { fileName, ...outcome, added: inserted.inserted, addedAmount: inserted.amount },
            },
          ])
          return inserted.inserted
        })
        return {
          importId,
          organisation: input.organisationId,
          fileName,
          rowsRead: accepted + rejections.length,
          accepted,
          rejected: rejections.length,
          duplicates: accepted - added,
          added,
          total: { amount: formatPence(totalPence), count: accepted },
          from,
          to,
          skipped,
          repaired,
          mapping: mappingUsed,
          warnings,
          rejections: rejections.map((r) => ({ row: r.row, ...(r.sheet ? { sheet: r.sheet } : {}), reason: r.reason })),
        }
      } catch (error) {
        await finishImport(db, importId, {
          status: 'failed',
          rowsRead: accepted + rejections.length,
          accepted: 0,
          rejected: rejections.length,
          duplicates: 0,
          amount: '0.00',
          from: null,
          to: null,
          mapping: null,
          error: error instanceof Error ? error.message : String(error),
        })
        throw error
      }
    },

    /** Remembers a person's mapping of a file layout's columns for later files from the same publisher. */
    async confirmMapping(
      actor: Actor,
      organisationId: string,
      headers: readonly string[],
      mapping: Partial<Record<SpendField, number>>,
    ) {
      await db.transaction().execute(async (trx) => {
        await saveMapping(trx, {
          organisationId,
          layoutSignature: layoutSignature(headers),
          headers,
          mapping: mapping as Record<string, number>,
          confirmedBy: actor.userId,
        })
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'spend.mapping-confirm',
            entityType: 'column_mapping',
            entityId: layoutSignature(headers).slice(0, 200),
            after: mapping,
          },
        ])
      })
    },

    /** Whether cwb can read a header row without asking: a confirmed mapping for the layout, or a complete automatic one. */
    knownMapping: (organisationId: string, header: string[]) => mappingFor(db, organisationId, header),

    listImports: (organisationId: string) => listImports(db, organisationId),

    async getImport(organisationId: string, id: string) {
      const found = await findImport(db, organisationId, id)
      if (!found) throw new NotFoundError('There is no such import')
      return found
    },

    rejections: (importId: string, limit?: number) => listRejections(db, importId, limit),
  }
}

export type SpendImportService = ReturnType<typeof createSpendImportService>
