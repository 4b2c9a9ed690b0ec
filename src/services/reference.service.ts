// The public registers suppliers are matched against: postcodes (ONS Postcode Directory / NSPL), companies (Companies
// House BasicCompanyData), charities (Charity Commission register extract) and co-operatives (Co-operatives UK open
// data). Imports stream the published file, upsert in batches keyed on the register's number, and run in one
// transaction per file, so a failure leaves nothing half-loaded and a second run of the same file changes nothing.
import fs from 'node:fs'
import path from 'node:path'
import { CsvError } from 'csv-parse'
import type { Db } from '../db/database.js'
import {
  findCharity,
  findCompany,
  findPostcode,
  searchRegistersByName,
  UPSERT_BATCH,
  upsertCharities,
  upsertCompanies,
  upsertCoops,
  upsertPostcodes,
  type CharityRecord,
  type CompanyRecord,
  type CoopRecord,
  type PostcodeRecord,
  type RegisterMatch,
} from '../db/repositories/reference.repository.js'
import { SYSTEM_ACTOR, type Actor } from '../domain/audit/audit.js'
import { DomainRuleError } from '../domain/errors.js'
import { normalisePostcode } from '../domain/geography/postcode.js'
import { parseDate } from '../domain/spend/date.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { readTabular, UnsupportedFileError, type TabularSource } from '../ingest/read-tabular.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export const RegisterKind = {
  Postcodes: 'postcodes',
  Companies: 'companies',
  Charities: 'charities',
  Coops: 'coops',
} as const
export type RegisterKind = (typeof RegisterKind)[keyof typeof RegisterKind]
export const REGISTER_KINDS: readonly RegisterKind[] = Object.values(RegisterKind)

export type ReferenceImportProgress = {
  rowsRead: number
  imported: number
  bytesRead: number
  /** Size of the file on disk; null for a stream. */
  totalBytes: number | null
}

export type ReferenceImportResult = {
  register: RegisterKind
  file: string
  /** Data rows read (not the header, not blank lines) = imported + skipped + rejected. */
  rowsRead: number
  /** Rows written (or already held unchanged). A number repeated in the file is written once per row; the last wins. */
  imported: number
  /** Rows left out on purpose: terminated postcodes, charities' linked subsidiaries, pseudo-districts. */
  skipped: number
  /** Rows that could not be read (no number, no name, a malformed postcode…). */
  rejected: number
  /** The first 100 rejections, with the file's line number. */
  rejections: { row: number; reason: string }[]
  seconds: number
}

export type ReferenceProgressListener = (progress: ReferenceImportProgress) => void

const MAX_REJECTIONS = 100
const PROGRESS_EVERY_ROWS = 10_000

type Outcome<T> = { record: T } | { skip: string } | { reject: string }
type RowReader<T> = (cells: readonly string[]) => Outcome<T>

type RegisterSpec<T> = {
  kind: RegisterKind
  entityType: string
  /** Finds the columns in the header row (throws when a required one is missing) and returns a row reader. */
  reader: (header: readonly string[], file: string) => RowReader<T>
  key: (record: T) => string
  upsert: (db: Db, records: readonly T[]) => Promise<void>
}

export function createReferenceService({ db }: Pick<ServiceDeps, 'db'>) {
  return {
    /** Imports an ONS Postcode Directory or NSPL CSV (live postcodes only) into ref_postcode. */
    importPostcodes: (source: TabularSource, onProgress?: ReferenceProgressListener, actor: Actor = SYSTEM_ACTOR) =>
      importRegister(db, POSTCODES, source, onProgress, actor),
    /** Imports a Companies House BasicCompanyData CSV into ref_company. */
    importCompanies: (source: TabularSource, onProgress?: ReferenceProgressListener, actor: Actor = SYSTEM_ACTOR) =>
      importRegister(db, COMPANIES, source, onProgress, actor),
    /** Imports the Charity Commission's publicextract.charity.txt (main charities only) into ref_charity. */
    importCharities: (source: TabularSource, onProgress?: ReferenceProgressListener, actor: Actor = SYSTEM_ACTOR) =>
      importRegister(db, CHARITIES, source, onProgress, actor),
    /** Imports the Co-operatives UK open data CSV into ref_coop. */
    importCoops: (source: TabularSource, onProgress?: ReferenceProgressListener, actor: Actor = SYSTEM_ACTOR) =>
      importRegister(db, COOPS, source, onProgress, actor),
    /** The district of a full postcode, from the imported postcode register. */
    findPostcode: (postcode: string): Promise<PostcodeRecord | undefined> => {
      const normalised = normalisePostcode(postcode)
      return normalised ? findPostcode(db, normalised) : Promise.resolve(undefined)
    },
    /** A company by number; "1234567" and "01234567" are the same company. */
    findCompany: (number: string): Promise<CompanyRecord | undefined> => {
      const normalised = normaliseCompanyNumber(number)
      return normalised ? findCompany(db, normalised) : Promise.resolve(undefined)
    },
    /** A registered charity by number. */
    findCharity: (number: string): Promise<CharityRecord | undefined> => {
      const normalised = normaliseCharityNumber(number)
      return normalised ? findCharity(db, normalised) : Promise.resolve(undefined)
    },
    /** Companies, charities and co-ops with this normalised name: exact matches first, then longer names. */
    searchRegistersByName: (normalisedName: string, limit = 10): Promise<RegisterMatch[]> =>
      searchRegistersByName(db, normalisedName, limit),
  }
}

export type ReferenceService = ReturnType<typeof createReferenceService>

async function importRegister<T>(
  db: Db,
  spec: RegisterSpec<T>,
  source: TabularSource,
  onProgress: ReferenceProgressListener | undefined,
  actor: Actor,
): Promise<ReferenceImportResult> {
  const started = performance.now()
  const file = path.basename('path' in source ? source.path : source.name)
  const totalBytes = 'path' in source ? (await fs.promises.stat(source.path)).size : null
  const result = { register: spec.kind, file, rowsRead: 0, imported: 0, skipped: 0, rejected: 0 }
  const rejections: ReferenceImportResult['rejections'] = []
  let bytesRead = 0
  const progress = () => onProgress?.({ rowsRead: result.rowsRead, imported: result.imported, bytesRead, totalBytes })

  try {
    return await db.transaction().execute(async (trx) => {
      let read: RowReader<T> | undefined
      let batch = new Map<string, T>()
      // One batch is written while the next is parsed; errors surface at the next await (or the final one).
      let writing: Promise<void> = Promise.resolve()
      const flush = async () => {
        await writing
        const records = [...batch.values()]
        batch = new Map()
        writing = spec.upsert(trx, records)
        writing.catch(() => {})
      }

      for await (const row of readTabular(source, { onBytes: (n) => (bytesRead = n) })) {
        if (!read) {
          read = spec.reader(row.cells, file)
          continue
        }
        result.rowsRead++
        const outcome = read(row.cells)
        if ('record' in outcome) {
          result.imported++
          // The same key twice in one INSERT … ON CONFLICT is an error, so a batch keeps the last of each key.
          batch.set(spec.key(outcome.record), outcome.record)
          if (batch.size >= UPSERT_BATCH) await flush()
        } else if ('skip' in outcome) {
          result.skipped++
        } else {
          result.rejected++
          if (rejections.length < MAX_REJECTIONS) rejections.push({ row: row.rowNumber, reason: outcome.reject })
        }
        if (result.rowsRead % PROGRESS_EVERY_ROWS === 0) progress()
      }
      if (!read) throw new DomainRuleError(`${file} is empty: expected a header row and ${spec.kind}`)
      await flush()
      await writing

      const seconds = Math.round((performance.now() - started) / 10) / 100
      const summary = { ...result, rejections, seconds }
      await recordAudit(trx, actor, [
        {
          organisationId: null,
          action: 'reference.import',
          entityType: spec.entityType,
          entityId: file,
          after: { ...result, seconds },
        },
      ])
      progress()
      return summary
    })
  } catch (error) {
    if (error instanceof UnsupportedFileError) throw new DomainRuleError(error.message)
    if (error instanceof CsvError) throw new DomainRuleError(`${file} could not be read as CSV: ${error.message}`)
    throw error
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Columns

/** Header cells as keys: trimmed, lower case, no BOM ("  CompanyNumber" → "companynumber"). */
function headerKey(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
}

/** The first column matching any of the names, in order of preference. */
function findColumn(header: readonly string[], names: readonly (string | RegExp)[]): number | undefined {
  const keys = header.map(headerKey)
  for (const name of names) {
    const index = keys.findIndex((key) => (typeof name === 'string' ? key === name : name.test(key)))
    if (index >= 0) return index
  }
  return undefined
}

function requireColumn(
  header: readonly string[],
  names: readonly (string | RegExp)[],
  file: string,
  what: string,
): number {
  const index = findColumn(header, names)
  if (index === undefined) {
    const expected = names.filter((n): n is string => typeof n === 'string').join(', ')
    throw new DomainRuleError(`${file} has no ${what} column (looked for ${expected})`)
  }
  return index
}

const cell = (cells: readonly string[], index: number | undefined): string =>
  index === undefined ? '' : (cells[index] ?? '').trim()
const orNull = (text: string): string | null => (text === '' ? null : text)

// ---------------------------------------------------------------------------------------------------------------
// Numbers and names

/** Companies House numbers are 8 characters: digits padded with zeros, or two letters and six digits (SC012345). */
export function normaliseCompanyNumber(text: string): string | null {
  const compact = text.replace(/\s+/g, '').toUpperCase()
  if (/^\d{1,8}$/.test(compact)) return compact.padStart(8, '0')
  const prefixed = /^([A-Z]{2})(\d{1,6})$/.exec(compact)
  if (prefixed) return `${prefixed[1]}${prefixed[2]?.padStart(6, '0')}`
  return /^[A-Z0-9]{8}$/.test(compact) ? compact : null
}

/** Registered charity numbers are digits (England and Wales: 6 or 7). */
export function normaliseCharityNumber(text: string): string | null {
  const compact = text.replace(/\s+/g, '')
  return /^\d{1,8}$/.test(compact) ? String(Number(compact)) : null
}

function nameOf(text: string): { name: string; normalisedName: string } | { reject: string } {
  const name = text.replace(/\s+/g, ' ').trim()
  if (name === '') return { reject: 'Name is missing' }
  const normalisedName = normaliseSupplierName(name)
  return { name, normalisedName: normalisedName === '' ? name.toLowerCase() : normalisedName }
}

// ---------------------------------------------------------------------------------------------------------------
// Registers

/** GSS codes ending 99999999 stand for "no district": Channel Islands (L), Isle of Man (M), non-geographic. */
const PSEUDO_DISTRICT = /^[A-Z]99999999$/
const GSS_CODE = /^[EWSN]\d{8}$/

const POSTCODES: RegisterSpec<PostcodeRecord> = {
  kind: RegisterKind.Postcodes,
  entityType: 'ref_postcode',
  key: (r) => r.postcode,
  upsert: upsertPostcodes,
  reader(header, file) {
    const postcode = requireColumn(header, ['pcds', 'pcd', 'pcd7', 'pcd8', 'pcd2', 'postcode'], file, 'postcode')
    const district = requireColumn(
      header,
      ['laua', 'lad', /^lad\d{2}cd$/, 'oslaua', 'local_authority_code'],
      file,
      'local authority district (laua)',
    )
    const terminated = findColumn(header, ['doterm'])
    return (cells) => {
      if (cell(cells, terminated) !== '') return { skip: 'terminated' }
      const normalised = normalisePostcode(cell(cells, postcode))
      if (!normalised) return { reject: `Postcode "${cell(cells, postcode)}" is not a UK postcode` }
      const code = cell(cells, district).toUpperCase()
      if (code === '' || PSEUDO_DISTRICT.test(code)) return { skip: 'no local authority district' }
      if (!GSS_CODE.test(code)) return { reject: `District "${code}" is not a GSS code` }
      return { record: { postcode: normalised, districtCode: code, source: file } }
    }
  },
}

const COMPANIES: RegisterSpec<CompanyRecord> = {
  kind: RegisterKind.Companies,
  entityType: 'ref_company',
  key: (r) => r.companyNumber,
  upsert: upsertCompanies,
  reader(header, file) {
    const number = requireColumn(header, ['companynumber', 'company_number', 'company number'], file, 'CompanyNumber')
    const name = requireColumn(header, ['companyname', 'company_name', 'company name'], file, 'CompanyName')
    const postcode = findColumn(header, ['regaddress.postcode', 'postcode'])
    const category = findColumn(header, ['companycategory', 'company_category'])
    const status = findColumn(header, ['companystatus', 'company_status'])
    const incorporated = findColumn(header, ['incorporationdate', 'incorporation_date', 'date_of_creation'])
    const sic = [1, 2, 3, 4].map((n) => findColumn(header, [`siccode.sictext_${n}`])).filter((i) => i !== undefined)
    return (cells) => {
      const companyNumber = normaliseCompanyNumber(cell(cells, number))
      if (!companyNumber) return { reject: `Company number "${cell(cells, number)}" is not 8 letters and digits` }
      const named = nameOf(cell(cells, name))
      if ('reject' in named) return named
      const date = parseDate(cell(cells, incorporated))
      return {
        record: {
          companyNumber,
          ...named,
          postcode: normalisePostcode(cell(cells, postcode)),
          category: orNull(cell(cells, category)),
          status: orNull(cell(cells, status)),
          // "62020 - Information technology consultancy activities" → "62020"; "None Supplied" → nothing.
          sicCodes: sic.map((i) => /^(\d{4,5})\b/.exec(cell(cells, i))?.[1]).filter((c): c is string => !!c),
          incorporatedOn: date.ok ? date.date : null,
        },
      }
    }
  },
}

const CHARITIES: RegisterSpec<CharityRecord> = {
  kind: RegisterKind.Charities,
  entityType: 'ref_charity',
  key: (r) => r.charityNumber,
  upsert: upsertCharities,
  reader(header, file) {
    const number = requireColumn(header, ['registered_charity_number', 'regno'], file, 'registered_charity_number')
    const linked = findColumn(header, ['linked_charity_number', 'subno'])
    const name = requireColumn(header, ['charity_name', 'name'], file, 'charity_name')
    const status = findColumn(header, ['charity_registration_status'])
    const postcode = findColumn(header, ['charity_contact_postcode', 'postcode'])
    const income = findColumn(header, ['latest_income', 'income'])
    const company = findColumn(header, ['charity_company_registration_number', 'coyno'])
    return (cells) => {
      // Linked charities (subsidiaries, special trusts) share the main charity's number; keep the main one (0).
      const link = cell(cells, linked)
      if (link !== '' && link !== '0') return { skip: 'linked charity' }
      const charityNumber = normaliseCharityNumber(cell(cells, number))
      if (!charityNumber) return { reject: `Charity number "${cell(cells, number)}" is not a number` }
      const named = nameOf(cell(cells, name))
      if ('reject' in named) return named
      const money = cell(cells, income).replace(/[£,\s]/g, '')
      return {
        record: {
          charityNumber,
          ...named,
          postcode: normalisePostcode(cell(cells, postcode)),
          status: orNull(cell(cells, status)),
          income: /^-?\d+(?:\.\d+)?$/.test(money) ? money : null,
          companyNumber: normaliseCompanyNumber(cell(cells, company)),
        },
      }
    }
  },
}

const COOPS: RegisterSpec<CoopRecord> = {
  kind: RegisterKind.Coops,
  entityType: 'ref_coop',
  key: (r) => r.id,
  upsert: upsertCoops,
  reader(header, file) {
    const id = requireColumn(header, ['identifier', 'id'], file, 'Identifier')
    const name = requireColumn(header, ['name'], file, 'Name')
    const postcode = findColumn(header, ['postcode'])
    const company = findColumn(header, ['companies house number', 'company number', 'registered number'])
    const mutuals = findColumn(header, ['fca number', 'mutuals number', 'society number', 'frn'])
    const legalForm = findColumn(header, ['legal form'])
    const ownership = findColumn(header, ['ownership classification', 'ownership'])
    const sector = findColumn(header, ['sector'])
    return (cells) => {
      const key = cell(cells, id)
      if (key === '') return { reject: 'Identifier is missing' }
      const named = nameOf(cell(cells, name))
      if ('reject' in named) return named
      return {
        record: {
          id: key,
          ...named,
          postcode: normalisePostcode(cell(cells, postcode)),
          companyNumber: normaliseCompanyNumber(cell(cells, company)),
          mutualsNumber: orNull(cell(cells, mutuals)),
          legalForm: orNull(cell(cells, legalForm)),
          ownership: orNull(cell(cells, ownership)),
          sector: orNull(cell(cells, sector)),
        },
      }
    }
  },
}
