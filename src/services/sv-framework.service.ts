// The social value catalogue: frameworks loaded from JSON or CSV files (the shipped one on every boot), exported
// to either, and listed for an organisation. An import adds and updates; it never deletes a measure (commitments
// refer to it) and never changes a proxy value already in force (past figures would move): a new value is added
// from a later date instead.
import fs from 'node:fs'
import path from 'node:path'
import { findOrganisation } from '../db/repositories/organisation.repository.js'
import {
  insertProxy,
  listFrameworks,
  listMeasures,
  listProxiesOfMeasure,
  loadFramework,
  saveFrameworkHead,
  updateProxyCitation,
  upsertMeasure,
  upsertOutcome,
} from '../db/repositories/sv-framework.repository.js'
import { findSvSettings } from '../db/repositories/sv-settings.repository.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../domain/audit/audit.js'
import { DomainRuleError, NotFoundError } from '../domain/errors.js'
import {
  csvText,
  FRAMEWORK_CSV_COLUMNS,
  frameworkFromCsvRows,
  frameworkToCsvRows,
  parseFramework,
  type Framework,
  type FrameworkCsvColumn,
} from '../domain/social-value/framework.js'
import { headerKey } from '../domain/social-value/import-rows.js'
import { readTabular } from '../ingest/read-tabular.js'
import { loadShippedFrameworks, SHIPPED_FRAMEWORK_ID } from '../reference/social-value/frameworks.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export type FrameworkImportSummary = {
  frameworkId: string
  framework: 'created' | 'updated' | 'unchanged'
  outcomes: number
  measures: { created: number; updated: number; unchanged: number }
  proxies: { added: number; unchanged: number }
}

/** The problems with a framework file, one line each, naming the row or the place in the file. */
export class FrameworkFileError extends DomainRuleError {
  constructor(readonly errors: string[]) {
    super(
      `The framework file was not loaded: ${errors.length} problem${errors.length === 1 ? '' : 's'}\n${errors.map((e) => `  ${e}`).join('\n')}`,
    )
  }
}

/** Writes a parsed framework; refuses (changing nothing) when a proxy already in force would change value. */
async function saveFramework(trx: Db, f: Framework, shipped: boolean): Promise<FrameworkImportSummary> {
  // The shipped framework never overrides a value already held: past figures stay as they were reported.
  if (f.ownerOrganisationId) {
    const org = await findOrganisation(trx, f.ownerOrganisationId)
    if (!org) throw new FrameworkFileError([`framework_owner: there is no organisation ${f.ownerOrganisationId}`])
  }
  const summary: FrameworkImportSummary = {
    frameworkId: f.id,
    framework: await saveFrameworkHead(trx, f, shipped),
    outcomes: f.outcomes.length,
    measures: { created: 0, updated: 0, unchanged: 0 },
    proxies: { added: 0, unchanged: 0 },
  }
  const conflicts: string[] = []
  let position = 0
  for (const [i, o] of f.outcomes.entries()) {
    await upsertOutcome(trx, f.id, o, i)
    for (const m of o.measures) {
      const { id, change } = await upsertMeasure(trx, f.id, o.code, m, position++)
      summary.measures[change]++
      const held = new Map((await listProxiesOfMeasure(trx, id)).map((p) => [p.validFrom, p]))
      for (const p of m.proxies) {
        const existing = held.get(p.validFrom)
        if (!existing) {
          await insertProxy(trx, id, p)
          summary.proxies.added++
        } else if (existing.value !== p.value) {
          if (shipped) continue
          conflicts.push(
            `${m.code}: the proxy value from ${p.validFrom} is £${existing.value}; it cannot become £${p.value} because figures already reported use it. Add the new value from a later date.`,
          )
        } else {
          await updateProxyCitation(trx, id, p)
          summary.proxies.unchanged++
        }
      }
    }
  }
  if (conflicts.length) throw new FrameworkFileError(conflicts)
  return summary
}

/** Brings the shipped frameworks up to date (on boot): new measures and proxy values are added. */
export async function syncShippedFrameworks(db: Db): Promise<void> {
  for (const f of loadShippedFrameworks()) await db.transaction().execute((trx) => saveFramework(trx, f, true))
}

/** Reads a framework file: JSON (the export's shape) or CSV/XLSX (one row per proxy value). */
export async function readFrameworkFile(file: string): Promise<Framework> {
  if (!fs.existsSync(file)) throw new NotFoundError(`There is no file ${file}`)
  let input: unknown
  if (path.extname(file).toLowerCase() === '.json') {
    try {
      input = JSON.parse(await fs.promises.readFile(file, 'utf8'))
    } catch (error) {
      throw new FrameworkFileError([`The file is not valid JSON: ${(error as Error).message}`])
    }
  } else {
    let header: string[] | null = null
    const rows: { rowNumber: number; values: Partial<Record<FrameworkCsvColumn, string>> }[] = []
    for await (const r of readTabular({ path: file })) {
      if (r.cells.every((c) => c.trim() === '')) continue
      if (!header) {
        header = r.cells.map(headerKey)
        const missing = FRAMEWORK_CSV_COLUMNS.filter((c) => !header!.includes(c))
        if (missing.length)
          throw new FrameworkFileError([`Row ${r.rowNumber}: the header lacks the columns ${missing.join(', ')}`])
        continue
      }
      const values: Partial<Record<FrameworkCsvColumn, string>> = {}
      for (const column of FRAMEWORK_CSV_COLUMNS) values[column] = (r.cells[header.indexOf(column)] ?? '').trim()
      rows.push({ rowNumber: r.rowNumber, values })
    }
    const gathered = frameworkFromCsvRows(rows)
    if (!gathered.ok) throw new FrameworkFileError(gathered.errors)
    input = gathered.input
  }
  const parsed = parseFramework(input)
  if (!parsed.ok) throw new FrameworkFileError(parsed.errors)
  return parsed.framework
}

export function createSvFrameworkService({ db }: Pick<ServiceDeps, 'db'>) {
  return {
    /** Loads a framework file in one transaction, audited. A file with any problem changes nothing. */
    async importFile(actor: Actor, file: string): Promise<FrameworkImportSummary> {
      const framework = await readFrameworkFile(file)
      return this.importFramework(actor, framework)
    },

    async importFramework(actor: Actor, framework: Framework): Promise<FrameworkImportSummary> {
      return db.transaction().execute(async (trx) => {
        const summary = await saveFramework(trx, framework, false)
        await recordAudit(trx, actor, [
          {
            organisationId: framework.ownerOrganisationId,
            action: 'sv.framework-imported',
            entityType: 'sv_framework',
            entityId: framework.id,
            after: summary,
          },
        ])
        return summary
      })
    },

    /** Frameworks an organisation may use (or every framework, for administrators, with `null`). */
    async list(organisationId: string | null) {
      return listFrameworks(db, organisationId)
    },

    /** A framework in full; a licensed one only for its organisation (or administrators, with `null`). */
    async get(id: string, organisationId: string | null = null): Promise<Framework> {
      const f = await loadFramework(db, id)
      if (!f || (organisationId !== null && f.ownerOrganisationId !== null && f.ownerOrganisationId !== organisationId))
        throw new NotFoundError(`There is no framework ${id}`)
      return f
    },

    /** The framework an organisation uses (its setting, else the shipped one). */
    async frameworkOf(organisationId: string): Promise<string> {
      return (await findSvSettings(db, organisationId)).frameworkId ?? SHIPPED_FRAMEWORK_ID
    },

    /** The measures of a framework with their outcomes, themes and proxy values. */
    async measures(frameworkId: string) {
      return listMeasures(db, { frameworkId })
    },

    /** A framework as CSV text (header and one row per proxy value) or as the JSON structure. */
    async export(id: string, format: 'csv' | 'json', organisationId: string | null = null): Promise<string> {
      const f = await this.get(id, organisationId)
      if (format === 'json') return `${JSON.stringify(f, null, 2)}\n`
      return csvText(frameworkToCsvRows(f))
    },
  }
}

export type SvFrameworkService = ReturnType<typeof createSvFrameworkService>
