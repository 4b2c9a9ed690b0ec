// Loading commitments and returns from files. Every row is checked first (columns, dates, quantities, the contract
// reference in the organisation, the measure code in its framework, repeats within the file); one bad row and
// nothing is stored, and every problem is reported with its row number. A good file is stored in one transaction.
// Loading the same file again changes nothing: rows are keyed by contract, measure and period, and a row whose
// figures are already held is counted as unchanged. Returns loaded from a file are accepted (the officer vouches
// for them by loading them).
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { findOrganisation } from '../db/repositories/organisation.repository.js'
import {
  contractIdsByReference,
  findCommitmentByKey,
  findCoveringCommitment,
  findOverlapping,
  findReturnByKey,
  finishSvImport,
  insertCommitment,
  insertEvidence,
  insertReturn,
  insertReturnEvent,
  insertSvImport,
  overwriteReturnAccepted,
  updateCommitmentTarget,
} from '../db/repositories/sv-delivery.repository.js'
import { findFrameworkSummary, listMeasures } from '../db/repositories/sv-framework.repository.js'
import { findSvSettings } from '../db/repositories/sv-settings.repository.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../domain/audit/audit.js'
import { DomainRuleError, NotFoundError } from '../domain/errors.js'
import {
  locateColumns,
  parseSvRow,
  splitEvidence,
  svRowKey,
  type SvRow,
  type SvRowKind,
} from '../domain/social-value/import-rows.js'
import { formatQuantity, parseQuantity } from '../domain/social-value/quantity.js'
import { periodOutsideTerm } from '../domain/social-value/period.js'
import { readTabular } from '../ingest/read-tabular.js'
import { SHIPPED_FRAMEWORK_ID } from '../reference/social-value/frameworks.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export type SvImportSummary = {
  importId: string
  organisation: string
  kind: SvRowKind
  fileName: string
  frameworkId: string
  rowsRead: number
  created: number
  updated: number
  unchanged: number
}

/** A file with problems: nothing was stored. `rejections` lists every problem with its row. */
export class SvImportError extends DomainRuleError {
  constructor(
    readonly fileName: string,
    readonly rejections: { row: number; reason: string }[],
  ) {
    const shown = rejections.slice(0, 50).map((r) => `  row ${r.row}: ${r.reason}`)
    if (rejections.length > 50) shown.push(`  … and ${rejections.length - 50} more`)
    super(
      `${fileName} was not loaded: ${rejections.length} row${rejections.length === 1 ? ' has a problem' : 's have problems'}; nothing was stored. Correct the file and load it again.\n${shown.join('\n')}`,
    )
  }
}

type Resolved = SvRow & { contractId: string; measureId: string }

const same = (a: string, b: string) => parseQuantity(a) === parseQuantity(b)

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function createSvImportService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  /** Reads and checks every row; throws SvImportError listing all problems, else the resolved rows. */
  async function readRows(
    kind: SvRowKind,
    input: { organisationId: string; path: string; frameworkId: string },
  ): Promise<{ rows: Resolved[]; rowsRead: number }> {
    const fileName = path.basename(input.path)
    const contracts = await contractIdsByReference(db, input.organisationId)
    const measures = new Map(
      (await listMeasures(db, { frameworkId: input.frameworkId })).map((m) => [m.code.toLowerCase(), m.id]),
    )
    const rejections: { row: number; reason: string }[] = []
    const seen = new Map<string, number>()
    const rows: Resolved[] = []
    let index: Record<string, number> | null = null
    let rowsRead = 0
    for await (const r of readTabular({ path: input.path })) {
      if (r.cells.every((c) => c.trim() === '')) continue
      if (!index) {
        const located = locateColumns(r.cells, kind)
        if (!located.ok)
          throw new SvImportError(fileName, [
            { row: r.rowNumber, reason: `the header lacks the columns ${located.missing.join(', ')}` },
          ])
        index = located.index
        continue
      }
      rowsRead++
      const parsed = parseSvRow(r.cells, r.rowNumber, index, kind)
      if (!parsed.ok) {
        for (const reason of parsed.reasons) rejections.push({ row: r.rowNumber, reason })
        continue
      }
      const row = parsed.row
      const reasons: string[] = []
      const contract = contracts.get(row.contractReference.toLowerCase())
      if (!contract) reasons.push(`there is no contract ${row.contractReference} in ${input.organisationId}`)
      const outside =
        contract && kind === 'commitments'
          ? periodOutsideTerm({ start: row.periodStart, end: row.periodEnd }, contract)
          : null
      if (outside) reasons.push(outside)
      const measureId = measures.get(row.measureCode.toLowerCase())
      if (!measureId) reasons.push(`there is no measure ${row.measureCode} in the framework ${input.frameworkId}`)
      const key = svRowKey(row)
      const earlier = seen.get(key)
      if (earlier !== undefined) reasons.push(`the same contract, measure and period as row ${earlier}`)
      else seen.set(key, r.rowNumber)
      if (!reasons.length && kind === 'returns') {
        const covering = await findCoveringCommitment(db, {
          contractId: contract!.id,
          measureId: measureId!,
          periodStart: row.periodStart,
          periodEnd: row.periodEnd,
        })
        if (!covering)
          reasons.push(
            `contract ${row.contractReference} has no commitment for ${row.measureCode} covering ${row.periodStart} to ${row.periodEnd}`,
          )
      }
      if (reasons.length) for (const reason of reasons) rejections.push({ row: r.rowNumber, reason })
      else rows.push({ ...row, contractId: contract!.id, measureId: measureId! })
    }
    if (!index) throw new SvImportError(fileName, [{ row: 1, reason: 'the file is empty' }])
    if (rejections.length) throw new SvImportError(fileName, rejections)
    return { rows, rowsRead }
  }

  async function run(
    kind: SvRowKind,
    actor: Actor,
    input: { organisationId: string; path: string; frameworkId?: string },
    store: (trx: Db, row: Resolved, importId: string) => Promise<'created' | 'updated' | 'unchanged'>,
  ): Promise<SvImportSummary> {
    if (!fs.existsSync(input.path)) throw new NotFoundError(`There is no file ${input.path}`)
    const org = await findOrganisation(db, input.organisationId)
    if (!org) throw new NotFoundError(`There is no organisation ${input.organisationId}`)
    const frameworkId =
      input.frameworkId ?? (await findSvSettings(db, input.organisationId)).frameworkId ?? SHIPPED_FRAMEWORK_ID
    const framework = await findFrameworkSummary(db, frameworkId)
    if (!framework || (framework.owner_organisation_id && framework.owner_organisation_id !== input.organisationId))
      throw new NotFoundError(`There is no framework ${frameworkId} for ${input.organisationId}`)
    const fileName = path.basename(input.path)
    const fileSha256 = await sha256(input.path)
    const { rows, rowsRead } = await readRows(kind, { ...input, frameworkId })
    return db.transaction().execute(async (trx) => {
      const importId = await insertSvImport(trx, {
        organisationId: input.organisationId,
        kind,
        fileName,
        fileSha256,
        createdBy: actor.userId,
      })
      const counts = { created: 0, updated: 0, unchanged: 0 }
      // A period sharing days with another of the same contract and measure (held, or earlier in the file) would
      // count them twice: every such row is refused, and so is the file.
      const overlaps: { row: number; reason: string }[] = []
      for (const row of rows) {
        const overlap = await findOverlapping(trx, kind === 'commitments' ? 'sv_commitment' : 'sv_return', row)
        if (overlap)
          overlaps.push({
            row: row.rowNumber,
            reason: `${row.periodStart} to ${row.periodEnd} overlaps the ${kind === 'commitments' ? 'commitment' : 'return'} for ${overlap.period_start} to ${overlap.period_end} of ${row.contractReference} ${row.measureCode}`,
          })
        else counts[await store(trx, row, importId)]++
      }
      if (overlaps.length) throw new SvImportError(fileName, overlaps)
      await finishSvImport(trx, importId, { rowsRead, ...counts })
      const summary: SvImportSummary = {
        importId,
        organisation: input.organisationId,
        kind,
        fileName,
        frameworkId,
        rowsRead,
        ...counts,
      }
      await recordAudit(trx, actor, [
        {
          organisationId: input.organisationId,
          action: `sv.${kind}-imported`,
          entityType: 'sv_import',
          entityId: importId,
          after: { ...summary, fileSha256 },
        },
      ])
      return summary
    })
  }

  return {
    /** Loads a commitments file (contract_reference, measure_code, period_start, period_end, target_quantity). */
    async importCommitments(actor: Actor, input: { organisationId: string; path: string; frameworkId?: string }) {
      return run('commitments', actor, input, async (trx, row, importId) => {
        const key = {
          contractId: row.contractId,
          measureId: row.measureId,
          periodStart: row.periodStart,
          periodEnd: row.periodEnd,
        }
        const existing = await findCommitmentByKey(trx, key)
        if (!existing) {
          await insertCommitment(trx, {
            ...key,
            organisationId: input.organisationId,
            targetQuantity: row.quantity,
            source: 'import',
            importId,
            createdBy: actor.userId,
          })
          return 'created'
        }
        if (same(existing.target_quantity, row.quantity)) return 'unchanged'
        await updateCommitmentTarget(trx, existing.id, row.quantity, importId)
        return 'updated'
      })
    },

    /**
     * Loads a returns file (… actual_quantity, evidence). Each row is stored as an accepted return; links in the
     * evidence cell become link evidence and the rest its description. A row for a return already held with the
     * same figures is unchanged; with other figures it replaces them as a new version, kept in the history.
     */
    async importReturns(actor: Actor, input: { organisationId: string; path: string; frameworkId?: string }) {
      const now = clock.now()
      return run('returns', actor, input, async (trx, row, importId) => {
        const key = {
          contractId: row.contractId,
          measureId: row.measureId,
          periodStart: row.periodStart,
          periodEnd: row.periodEnd,
        }
        const evidence = splitEvidence(row.evidence)
        const existing = await findReturnByKey(trx, key)
        let id: string
        let version: number
        let change: 'created' | 'updated'
        if (!existing) {
          id = await insertReturn(trx, {
            ...key,
            organisationId: input.organisationId,
            actualQuantity: row.quantity,
            description: evidence.description,
            status: 'accepted',
            supplierId: null,
            source: 'import',
            importId,
            submittedBy: actor.userId,
            submittedAt: now,
            reviewedBy: actor.userId,
            reviewedAt: now,
          })
          version = 1
          change = 'created'
        } else {
          if (
            existing.status === 'accepted' &&
            same(existing.actualQuantity, row.quantity) &&
            existing.description === evidence.description
          )
            return 'unchanged'
          id = existing.id
          version = await overwriteReturnAccepted(trx, id, {
            actualQuantity: row.quantity,
            description: evidence.description,
            importId,
            by: actor.userId,
            now,
          })
          change = 'updated'
        }
        for (const url of evidence.links)
          await insertEvidence(trx, { returnId: id, version, kind: 'link', url, description: '' })
        if (evidence.description)
          await insertEvidence(trx, { returnId: id, version, kind: 'note', description: evidence.description })
        await insertReturnEvent(trx, {
          returnId: id,
          version,
          status: 'accepted',
          actualQuantity: formatQuantity(parseQuantity(row.quantity)!),
          description: evidence.description,
          comment: `Loaded from ${path.basename(input.path)} (row ${row.rowNumber})`,
          actorUserId: actor.userId,
          actorLabel: actor.label,
        })
        return change
      })
    },
  }
}

export type SvImportService = ReturnType<typeof createSvImportService>
