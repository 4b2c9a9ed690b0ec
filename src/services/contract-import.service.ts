// Importing a contracts register: a published register (CSV or XLSX, Transparency Code or LGA layout), OCDS releases
// or records (a file or a folder of them), or the flattened Contracts Finder notice feed. Every row or release is
// a contract (created, updated or unchanged), skipped (a notice with no award) or rejected with its reason. One
// transaction: a failure stores nothing but the failed import record. Re-importing the same file changes nothing.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {
  findContractImport,
  findHeldContracts,
  finishContractImport,
  insertContractImport,
  insertContractImportRejections,
  listContractImportRejections,
  listContractImports,
  markSuppliersFromRegister,
  type HeldContract,
} from '../db/repositories/contract-import.repository.js'
import { findContractsByIds, insertContract, updateContract } from '../db/repositories/contract.repository.js'
import type { Db } from '../db/database.js'
import type { Actor, AuditEntry } from '../domain/audit/audit.js'
import type { ContractDraft } from '../domain/contracts/contract.js'
import { isNoticeFeed, readNoticeFeed } from '../domain/contracts/notice-feed.js'
import { looksLikeOcds, readOcdsReleases, releasesOf, type LocatedRelease } from '../domain/contracts/ocds-read.js'
import {
  isRegisterHeader,
  mapRegisterColumns,
  REGISTER_COLUMNS,
  type RegisterField,
  type RegisterMapping,
} from '../domain/contracts/register-columns.js'
import { interpretRegisterRow } from '../domain/contracts/register-row.js'
import { DomainRuleError, NotFoundError } from '../domain/errors.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { readTabular } from '../ingest/read-tabular.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import type { PayeeInput, Resolution } from './supplier-resolution.service.js'

/** Resolves supplier names and identifiers to supplier records (the supplier registry's resolver). */
export type SupplierResolver = (
  trx: Db,
  organisationId: string,
  payees: PayeeInput[],
) => Promise<Map<string, Resolution>>

export type ContractImportFormat = 'register' | 'ocds' | 'notice-feed'

export type ContractImportSummary = {
  importId: string
  organisation: string
  fileName: string
  format: ContractImportFormat
  /** Rows, releases' processes or notices read (not counting blank rows or those the buyer filter left out). */
  read: number
  created: number
  updated: number
  unchanged: number
  skipped: number
  rejected: number
  buyer: string | null
  leftOutByBuyer: number
  skippedReasons: { reason: string; count: number }[]
  warnings: string[]
  rejections: { row: number; reason: string }[]
  contracts: { reference: string; outcome: 'created' | 'updated' | 'unchanged' }[]
}

const HEADER_SEARCH_ROWS = 20

/** A contract read from the file, with the fields the file states (others are kept when it updates a contract). */
type Candidate = { row: number; draft: ContractDraft; provided: readonly (keyof ContractDraft)[]; raw: unknown }
type Read = {
  format: ContractImportFormat
  candidates: Candidate[]
  rejections: { row: number; reason: string; raw: unknown }[]
  skipped: { row: number; reason: string }[]
  leftOut: number
  warnings: string[]
}

const OCDS_FIELDS: readonly (keyof ContractDraft)[] = [
  'reference',
  'title',
  'description',
  'totalValue',
  'startDate',
  'endDate',
  'maxEndDate',
  'procurementRoute',
  'directAwardReason',
  'cpvCodes',
  'status',
  'ocid',
  'suppliers',
]
const FEED_FIELDS: readonly (keyof ContractDraft)[] = [
  'reference',
  'title',
  'description',
  'totalValue',
  'cpvCodes',
  'notes',
  'suppliers',
]
const SUPPLIER_COLUMNS: readonly RegisterField[] = [
  'supplierName',
  'companyNumber',
  'charityNumber',
  'otherRegistration',
  'supplierPostcode',
  'sme',
  'vcse',
]

/** The draft fields a register's columns state. */
function registerFields(mapping: RegisterMapping): (keyof ContractDraft)[] {
  const fields = new Set<keyof ContractDraft>(['reference', 'title', 'status'])
  for (const key of Object.keys(mapping) as RegisterField[]) {
    if (SUPPLIER_COLUMNS.includes(key)) fields.add('suppliers')
    else if (key === 'procurementRoute') fields.add('procurementRoute').add('directAwardReason')
    else if (key !== 'buyer') fields.add(key as keyof ContractDraft)
  }
  if (mapping.status === undefined) fields.delete('status')
  return [...fields]
}

async function readRegister(file: string, buyer: string | null): Promise<Read> {
  const read: Read = { format: 'register', candidates: [], rejections: [], skipped: [], leftOut: 0, warnings: [] }
  const sheets = new Map<string, { mapping: RegisterMapping | null; seen: number; firstLine?: string[] }>()
  const where = (sheet: string | null, row: number) => (sheet ? `Sheet ${sheet}, row ${row}` : `Row ${row}`)
  for await (const row of readTabular({ path: file })) {
    const key = row.sheet ?? ''
    let state = sheets.get(key)
    if (!state) sheets.set(key, (state = { mapping: null, seen: 0 }))
    if (!state.mapping) {
      // Only the first lines of a sheet may hold its header; past them, the sheet is not a register.
      if (state.seen >= HEADER_SEARCH_ROWS || row.cells.every((c) => c.trim() === '')) continue
      state.firstLine ??= row.cells
      const header = mapRegisterColumns(row.cells)
      if (isRegisterHeader(header.mapping)) {
        state.mapping = header.mapping
        if (header.unused.length > 0)
          read.warnings.push(
            `${row.sheet ? `Sheet ${row.sheet}: c` : 'C'}olumns not used: ${header.unused.map((h) => `“${h}”`).join(', ')}`,
          )
        if (buyer && header.mapping.buyer === undefined)
          read.warnings.push(`The file has no organisation column, so the buyer filter “${buyer}” left nothing out`)
      } else state.seen++
      continue
    }
    const outcome = interpretRegisterRow(row.cells, state.mapping)
    if (outcome.kind === 'blank' || outcome.kind === 'header') continue
    const rowLabel = where(row.sheet, row.rowNumber)
    if (outcome.kind === 'rejected') {
      read.rejections.push({
        row: row.rowNumber,
        reason: row.sheet ? `${rowLabel}: ${outcome.reason}` : outcome.reason,
        raw: row.cells,
      })
      continue
    }
    if (
      buyer &&
      state.mapping.buyer !== undefined &&
      !(outcome.buyer ?? '').toLowerCase().includes(buyer.toLowerCase())
    ) {
      read.leftOut++
      continue
    }
    read.candidates.push({
      row: row.rowNumber,
      draft: outcome.draft,
      provided: registerFields(state.mapping),
      raw: row.cells,
    })
  }
  const mapped = [...sheets.values()].filter((s) => s.mapping)
  if (mapped.length === 0) {
    const first = [...sheets.values()][0]?.firstLine
    const seen = first ? ` The first line reads: ${first.map((c) => `“${c.trim()}”`).join(', ')}.` : ''
    throw new DomainRuleError(
      `cwb found no header row naming a reference (e.g. “${REGISTER_COLUMNS.reference.header}”) and a title (e.g. “${REGISTER_COLUMNS.title.header}”) in the first ${HEADER_SEARCH_ROWS} lines.${seen} Check the file is a contracts register.`,
    )
  }
  for (const [sheet, state] of sheets)
    if (!state.mapping && sheet) read.warnings.push(`Sheet ${sheet} has no register header row, so it was not read`)
  return read
}

function jsonFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target]
  return fs
    .readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort()
    .map((f) => path.join(target, f))
}

function parseJson(file: string, label: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new DomainRuleError(`${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function readJson(target: string, label: string, buyer: string | null): Read {
  const files = jsonFiles(target)
  if (files.length === 0) throw new DomainRuleError(`${label} holds no .json files`)
  const folder = files.length > 1 || files[0] !== target
  const read: Read = { format: 'ocds', candidates: [], rejections: [], skipped: [], leftOut: 0, warnings: [] }
  const located: LocatedRelease[] = []
  let feedRows = 0
  for (const file of files) {
    const name = folder ? path.relative(target, file) : null
    const doc = parseJson(file, name ?? label)
    if (isNoticeFeed(doc)) {
      read.format = 'notice-feed'
      for (const outcome of readNoticeFeed(doc, { buyer: buyer ?? undefined })) {
        const row = feedRows + outcome.position
        const prefix = name ? `${name}, notice ${outcome.position}` : `Notice ${outcome.position}`
        if (outcome.kind === 'left-out') read.leftOut++
        else if (outcome.kind === 'contract') {
          read.candidates.push({ row, draft: outcome.draft, provided: FEED_FIELDS, raw: null })
          if (outcome.warning) read.warnings.push(outcome.warning)
        } else if (outcome.kind === 'skipped') read.skipped.push({ row, reason: outcome.reason })
        else read.rejections.push({ row, reason: `${prefix} (${outcome.reference}): ${outcome.reason}`, raw: null })
      }
      feedRows += doc.contracts.length
      continue
    }
    if (!looksLikeOcds(doc))
      throw new DomainRuleError(
        `${name ?? label} is neither OCDS (a release or record package, a release or a list of releases) nor a Contracts Finder notice feed`,
      )
    located.push(...releasesOf(doc, name).map((l) => ({ ...l, position: located.length + l.position })))
  }
  if (located.length > 0) {
    const result = readOcdsReleases(located, { buyer: buyer ?? undefined })
    read.leftOut += result.leftOutByBuyer
    for (const w of result.withoutOcid)
      read.rejections.push({ row: w.position, reason: `${w.where}: ${w.reason}`, raw: null })
    for (const o of result.outcomes) {
      if (o.kind === 'contract') {
        read.candidates.push({ row: o.position, draft: o.draft, provided: OCDS_FIELDS, raw: { ocid: o.ocid } })
        if (o.warning) read.warnings.push(o.warning)
      } else if (o.kind === 'skipped') read.skipped.push({ row: o.position, reason: o.reason })
      else
        read.rejections.push({ row: o.position, reason: `${o.where} (${o.ocid}): ${o.reason}`, raw: { ocid: o.ocid } })
    }
  }
  return read
}

function isJsonTarget(target: string): boolean {
  if (fs.statSync(target).isDirectory()) return true
  if (/\.json$/i.test(target)) return true
  const fd = fs.openSync(target, 'r')
  try {
    const head = Buffer.alloc(64)
    const n = fs.readSync(fd, head, 0, 64, 0)
    return /^\uFEFF?\s*[[{]/.test(head.subarray(0, n).toString('utf8'))
  } finally {
    fs.closeSync(fd)
  }
}

/** A stable hash of what the file says about a contract (before suppliers are linked to records). */
function fingerprintOf(candidate: Candidate, format: ContractImportFormat): string {
  const stated = Object.fromEntries(candidate.provided.map((f) => [f, candidate.draft[f]]))
  return createHash('sha256')
    .update(JSON.stringify([format, Object.keys(stated).sort(), stated]))
    .digest('hex')
}

async function sha256Of(target: string): Promise<string> {
  const hash = createHash('sha256')
  for (const file of fs.statSync(target).isDirectory() ? jsonFiles(target) : [target])
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function countReasons(items: readonly { reason: string }[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const i of items) counts.set(i.reason, (counts.get(i.reason) ?? 0) + 1)
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count)
}

export function createContractImportService({ db }: Pick<ServiceDeps, 'db'>, resolveSuppliers: SupplierResolver) {
  /** Links every supplier of the drafts to a supplier record, creating records for names nothing matches. */
  async function linkSuppliers(trx: Db, organisationId: string, drafts: ContractDraft[]): Promise<void> {
    const payees = drafts.flatMap((d) =>
      d.suppliers.map((s) => ({
        name: s.name,
        companyNumber: s.companyNumber ?? undefined,
        charityNumber: s.charityNumber ?? undefined,
        postcode: s.postcode ?? undefined,
      })),
    )
    if (payees.length === 0) return
    const resolved = await resolveSuppliers(trx, organisationId, payees)
    for (const d of drafts)
      for (const s of d.suppliers) s.supplierId = resolved.get(normaliseSupplierName(s.name))?.supplierId ?? null
    const made = [...resolved.values()].filter((r) => r.method === 'new' || (r.method === 'fuzzy' && r.review))
    await markSuppliersFromRegister(
      trx,
      made.map((r) => r.supplierId),
    )
  }

  /** Applies the read contracts: unchanged, updated (by reference, or by ocid) or created. */
  async function apply(trx: Db, actor: Actor, organisationId: string, importId: string, read: Read) {
    const source = `import:${read.format}`
    const results: ContractImportSummary['contracts'] = []
    const audit: AuditEntry[] = []
    // The same contract twice in one file: identical copies are skipped; a different one with the same reference is
    // rejected, because only one of them can be the register's.
    const firstOf = new Map<string, { row: number; fingerprint: string }>()
    const unique: (Candidate & { fingerprint: string })[] = []
    for (const c of read.candidates) {
      const fingerprint = fingerprintOf(c, read.format)
      const first = firstOf.get(c.draft.reference)
      if (!first) {
        firstOf.set(c.draft.reference, { row: c.row, fingerprint })
        unique.push({ ...c, fingerprint })
      } else if (first.fingerprint === fingerprint)
        read.skipped.push({ row: c.row, reason: 'The same contract appears earlier in the file' })
      else
        read.rejections.push({
          row: c.row,
          reason: `Reference ${c.draft.reference} is also used by row ${first.row}, with different details`,
          raw: c.raw,
        })
    }
    const held = await findHeldContracts(
      trx,
      organisationId,
      unique.map((c) => c.draft.reference),
      unique.flatMap((c) => (c.draft.ocid ? [c.draft.ocid] : [])),
    )
    const byReference = new Map(held.map((h) => [h.reference, h]))
    const byOcid = new Map(held.filter((h) => h.ocid).map((h) => [h.ocid!, h]))
    const toWrite: { c: (typeof unique)[number]; target: HeldContract | null }[] = []
    for (const c of unique) {
      const sameRef = byReference.get(c.draft.reference)
      if (sameRef && c.draft.ocid && sameRef.ocid && sameRef.ocid !== c.draft.ocid) {
        read.rejections.push({
          row: c.row,
          reason: `Reference ${c.draft.reference} is already used by another contract (OCID ${sameRef.ocid})`,
          raw: c.raw,
        })
        continue
      }
      const target = sameRef ?? (c.draft.ocid ? byOcid.get(c.draft.ocid) : undefined) ?? null
      if (target && target.fingerprint === c.fingerprint) {
        results.push({ reference: c.draft.reference, outcome: 'unchanged' })
        continue
      }
      toWrite.push({ c, target })
    }
    // Keep what the file does not state (an officer's owner, withheld fields, notes) when updating.
    const existing = new Map(
      (
        await findContractsByIds(
          trx,
          toWrite.flatMap((w) => (w.target ? [w.target.id] : [])),
        )
      ).map((c) => [c.id, c]),
    )
    const drafts = toWrite.map(({ c, target }) => {
      const before = target ? existing.get(target.id) : undefined
      if (!before) return c.draft
      const merged: ContractDraft = { ...before }
      for (const f of c.provided) (merged as Record<string, unknown>)[f] = c.draft[f]
      return merged
    })
    await linkSuppliers(trx, organisationId, drafts)
    for (const [i, { c, target }] of toWrite.entries()) {
      const options = {
        organisationId,
        draft: drafts[i]!,
        actorUserId: actor.userId,
        source,
        importId,
        fingerprint: c.fingerprint,
      }
      if (target) {
        await updateContract(trx, target.id, options)
        results.push({ reference: c.draft.reference, outcome: 'updated' })
        audit.push({
          organisationId,
          action: 'contract.update',
          entityType: 'contract',
          entityId: target.id,
          after: { reference: c.draft.reference, title: c.draft.title, importId },
        })
      } else {
        const id = await insertContract(trx, options)
        results.push({ reference: c.draft.reference, outcome: 'created' })
        audit.push({
          organisationId,
          action: 'contract.create',
          entityType: 'contract',
          entityId: id,
          after: { reference: c.draft.reference, title: c.draft.title, importId },
        })
      }
    }
    return { results, audit }
  }

  return {
    /**
     * Imports a register file (CSV, TSV, gzip or XLSX), an OCDS file or folder, or a notice feed. With `buyer`, keeps
     * only releases, notices or rows whose buyer (organisation) name or id contains it.
     */
    async importFile(
      actor: Actor,
      input: { organisationId: string; path: string; fileName?: string; buyer?: string | null },
    ): Promise<ContractImportSummary> {
      const fileName = input.fileName ?? path.basename(input.path)
      const buyer = input.buyer?.trim() || null
      if (!fs.existsSync(input.path)) throw new DomainRuleError(`There is no file ${fileName}`)
      const json = isJsonTarget(input.path)
      const importId = await insertContractImport(db, {
        organisationId: input.organisationId,
        fileName,
        fileSha256: await sha256Of(input.path),
        format: json ? 'ocds' : 'register',
        createdBy: actor.userId,
      })
      let read: Read | null = null
      try {
        read = json ? readJson(input.path, fileName, buyer) : await readRegister(input.path, buyer)
        const done = read
        const { results, summary } = await db.transaction().execute(async (trx) => {
          const { results, audit } = await apply(trx, actor, input.organisationId, importId, done)
          const count = (o: string) => results.filter((r) => r.outcome === o).length
          const summary = {
            read: done.candidates.length + done.rejections.length + done.skipped.length,
            created: count('created'),
            updated: count('updated'),
            unchanged: count('unchanged'),
            skipped: done.skipped.length,
            rejected: done.rejections.length,
            leftOutByBuyer: done.leftOut,
            skippedReasons: countReasons(done.skipped),
          }
          // Duplicates found in `apply` moved candidates to skipped or rejected: count each row once.
          summary.read = summary.created + summary.updated + summary.unchanged + summary.skipped + summary.rejected
          done.rejections.sort((a, b) => a.row - b.row)
          await insertContractImportRejections(trx, importId, done.rejections)
          await finishContractImport(trx, importId, {
            status: 'succeeded',
            format: done.format,
            rowsRead: summary.read,
            created: summary.created,
            updated: summary.updated,
            unchanged: summary.unchanged,
            rejected: summary.rejected,
            skipped: summary.skipped,
            leftOut: summary.leftOutByBuyer,
            details: { buyer, skippedReasons: summary.skippedReasons, warnings: done.warnings },
          })
          await recordAudit(trx, actor, [
            {
              organisationId: input.organisationId,
              action: 'contracts.import',
              entityType: 'contract_import',
              entityId: importId,
              after: { fileName, format: done.format, buyer, ...summary, skippedReasons: undefined },
            },
            ...audit,
          ])
          return { results, summary }
        })
        return {
          importId,
          organisation: input.organisationId,
          fileName,
          format: read.format,
          ...summary,
          buyer,
          warnings: read.warnings,
          rejections: read.rejections.map((r) => ({ row: r.row, reason: r.reason })),
          contracts: results,
        }
      } catch (error) {
        await finishContractImport(db, importId, {
          status: 'failed',
          format: read?.format,
          rowsRead: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          skipped: 0,
          leftOut: 0,
          details: { buyer },
          error: error instanceof Error ? error.message : String(error),
        })
        throw error
      }
    },

    listImports: (organisationId: string) => listContractImports(db, organisationId),

    async getImport(organisationId: string, id: string) {
      const found = /^[0-9a-f-]{36}$/i.test(id) ? await findContractImport(db, organisationId, id) : undefined
      if (!found) throw new NotFoundError('There is no such import')
      return found
    },

    rejections: (importId: string, limit?: number) => listContractImportRejections(db, importId, limit),
  }
}

export type ContractImportService = ReturnType<typeof createContractImportService>
