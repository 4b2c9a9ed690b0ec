// The supplier registry as people see it: the suppliers an organisation has paid, one supplier's record, and loading
// an organisation's vendor master into the registry.
import { randomUUID } from 'node:crypto'
import {
  findSupplier,
  findSuppliers,
  listAliases,
  listPaidSuppliers,
  updateSupplier,
  upsertOrganisationAliases,
  type SupplierPatch,
} from '../db/repositories/supplier-registry.repository.js'
import {
  findSuppliersByIdentifiers,
  findSuppliersByNames,
  insertSupplierRows,
  type SupplierInsert,
} from '../db/repositories/supplier-resolution.repository.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../domain/audit/audit.js'
import { InvalidInputError, NotFoundError } from '../domain/errors.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { mergeFlags, SUPPLIER_FLAGS, type Supplier } from '../domain/suppliers/supplier.js'
import {
  mapVendorColumns,
  parseVendorRow,
  vendorRowKey,
  VendorField,
  type VendorMasterRow,
} from '../domain/suppliers/vendor-master.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import { placePostcodes } from './supplier-placement.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A vendor master refused because of its rows: each with its row number and reason. */
export class VendorMasterError extends InvalidInputError {
  constructor(readonly rowErrors: readonly { row: number; reason: string }[]) {
    super(
      VendorMasterError.summary(rowErrors),
      Object.fromEntries(rowErrors.slice(0, 50).map((e) => [`row ${e.row}`, e.reason])),
    )
  }

  private static summary(errors: readonly { row: number; reason: string }[]): string {
    const rows = new Set(errors.map((e) => e.row))
    const first = errors[0]
    if (errors.length === 1 && first)
      return `Row ${first.row} of the vendor master has an error, so nothing was imported: ${first.reason}`
    if (rows.size === 1)
      return `Row ${first?.row} of the vendor master has ${errors.length} errors, so nothing was imported`
    return `${rows.size} rows of the vendor master have errors, so nothing was imported`
  }
}

export type TabularRow = { rowNumber: number; cells: readonly string[] }
export type VendorMasterSummary = { rows: number; created: number; updated: number; unchanged: number }

function validate(rows: readonly TabularRow[]): { row: TabularRow; parsed: VendorMasterRow }[] {
  const [header, ...body] = rows
  if (!header) throw new VendorMasterError([{ row: 1, reason: 'The file is empty' }])
  const mapping = mapVendorColumns(header.cells)
  if (mapping[VendorField.Name] === undefined)
    throw new VendorMasterError([
      { row: header.rowNumber, reason: 'No supplier name column: call it "Name" or "Supplier name"' },
    ])
  const errors: { row: number; reason: string }[] = []
  const good: { row: TabularRow; parsed: VendorMasterRow }[] = []
  const firstRowOf = new Map<string, number>()
  for (const row of body) {
    const result = parseVendorRow(row.cells, mapping)
    if (!result.ok) {
      errors.push(...result.reasons.map((reason) => ({ row: row.rowNumber, reason })))
      continue
    }
    const key = vendorRowKey(result.row)
    const earlier = firstRowOf.get(key)
    if (earlier !== undefined) errors.push({ row: row.rowNumber, reason: `It repeats the supplier in row ${earlier}` })
    else firstRowOf.set(key, row.rowNumber)
    good.push({ row, parsed: result.row })
  }
  if (errors.length > 0) throw new VendorMasterError(errors)
  return good
}

/** The changes a vendor master row makes to a supplier already held; empty when it already says the same. */
function patchFor(s: Supplier, r: VendorMasterRow, places: Map<string, string>): SupplierPatch {
  const patch: SupplierPatch = {}
  if (r.companyNumber && !s.companyNumber) patch.companyNumber = r.companyNumber
  if (r.charityNumber && !s.charityNumber) patch.charityNumber = r.charityNumber
  if (r.postcode) {
    // A register's postcode is the registered office; the vendor master's is where the organisation deals with it.
    const district = places.get(r.postcode) ?? null
    if (s.source === 'register' && s.postcode) {
      if (s.postcode !== r.postcode && s.tradingPostcode !== r.postcode)
        Object.assign(patch, { tradingPostcode: r.postcode, tradingDistrictCode: district })
    } else if (s.postcode !== r.postcode) Object.assign(patch, { postcode: r.postcode, districtCode: district })
  }
  if (r.employees !== null && r.employees !== s.employees) patch.employees = r.employees
  if (r.turnover !== null && (s.turnover === null || Number(s.turnover) !== Number(r.turnover)))
    patch.turnover = r.turnover
  if (r.legalForm && r.legalForm !== s.legalForm) patch.legalForm = r.legalForm
  for (const flag of SUPPLIER_FLAGS) if (r.flags[flag] && !s.flags[flag] && flag !== 'isIndividual') patch[flag] = true
  if (r.livingWageAccredited && !s.livingWageAccredited) patch.livingWageAccredited = true
  if (!s.verified) patch.verified = true
  return patch
}

export function createSupplierRegistryService({ db, geography }: Pick<ServiceDeps, 'db' | 'geography'>) {
  /** Each row's supplier already in the registry: by company or charity number, else by name without a clash. */
  async function existingFor(trx: Db, rows: readonly VendorMasterRow[]): Promise<Map<VendorMasterRow, Supplier>> {
    const byIds = await findSuppliersByIdentifiers(trx, {
      companyNumbers: rows.flatMap((r) => (r.companyNumber ? [r.companyNumber] : [])),
      charityNumbers: rows.flatMap((r) => (r.charityNumber ? [r.charityNumber] : [])),
    })
    const byName = await findSuppliersByNames(
      trx,
      rows.map((r) => r.normalisedName),
    )
    const full = new Map(
      (await findSuppliers(trx, [...new Set([...byIds, ...byName].map((s) => s.id))])).map((s) => [s.id, s]),
    )
    const found = new Map<VendorMasterRow, Supplier>()
    for (const r of rows) {
      const byId = byIds.find(
        (s) =>
          (r.companyNumber && s.companyNumber === r.companyNumber) ||
          (r.charityNumber && s.charityNumber === r.charityNumber),
      )
      const named = byName.find(
        (s) =>
          s.normalisedName === r.normalisedName &&
          !(r.companyNumber && s.companyNumber && s.companyNumber !== r.companyNumber) &&
          !(r.charityNumber && s.charityNumber && s.charityNumber !== r.charityNumber),
      )
      const s = (byId ?? named) && full.get((byId ?? named)!.id)
      if (s) found.set(r, s)
    }
    return found
  }

  return {
    /** Suppliers the organisation has paid, largest total first. */
    listPaid: (organisationId: string, options: { query?: string; page: number; pageSize: number }) =>
      listPaidSuppliers(db, organisationId, {
        query: options.query ? normaliseSupplierName(options.query) : undefined,
        limit: options.pageSize,
        offset: (options.page - 1) * options.pageSize,
      }),

    /** A supplier's record with the names it is known by to the organisation, and what the organisation paid it. */
    async get(organisationId: string, id: string) {
      const supplier = UUID.test(id) ? await findSupplier(db, id) : undefined
      if (!supplier) throw new NotFoundError('There is no such supplier')
      const [paid] = (await listPaidSuppliers(db, organisationId, { supplierId: id, limit: 1, offset: 0 })).suppliers
      return {
        supplier,
        aliases: await listAliases(db, id, organisationId),
        payments: paid?.payments ?? 0,
        amount: paid?.amount ?? '0.00',
      }
    },

    /**
     * Loads a vendor master (header row first). All or nothing: any bad row refuses the file with every reason.
     * Idempotent: suppliers are found by company or charity number, then by name, so a second run adds nothing.
     */
    async importVendorMaster(
      actor: Actor,
      organisationId: string,
      rows: readonly TabularRow[],
    ): Promise<VendorMasterSummary> {
      const good = validate(rows)
      return db.transaction().execute(async (trx) => {
        const existing = await existingFor(
          trx,
          good.map((g) => g.parsed),
        )
        const places = await placePostcodes(
          trx,
          geography,
          good.map((g) => g.parsed.postcode),
        )
        const created: SupplierInsert[] = []
        const aliases: { supplierId: string; alias: string; normalisedAlias: string; source: string }[] = []
        let updated = 0
        for (const { parsed: r } of good) {
          const s = existing.get(r)
          if (s) {
            const patch = patchFor(s, r, places)
            if (Object.keys(patch).length > 0) {
              await updateSupplier(trx, s.id, patch)
              updated++
            }
            aliases.push({
              supplierId: s.id,
              alias: r.name,
              normalisedAlias: r.normalisedName,
              source: 'vendor-master',
            })
            continue
          }
          const id = randomUUID()
          const flags = mergeFlags(r.flags)
          created.push({
            id,
            name: r.name,
            normalisedName: r.normalisedName,
            companyNumber: r.companyNumber,
            charityNumber: r.charityNumber,
            mutualsNumber: null,
            postcode: r.postcode,
            districtCode: (r.postcode && places.get(r.postcode)) || null,
            legalForm: r.legalForm,
            ...flags,
            livingWageAccredited: r.livingWageAccredited,
            employees: r.employees,
            turnover: r.turnover,
            verified: true,
            source: 'vendor-master',
          })
          aliases.push({ supplierId: id, alias: r.name, normalisedAlias: r.normalisedName, source: 'vendor-master' })
        }
        const added = await insertSupplierRows(trx, created)
        if (added.size !== created.length)
          throw new Error('Another import added some of these suppliers at the same time: try again')
        await upsertOrganisationAliases(trx, organisationId, aliases)
        const summary = {
          rows: good.length,
          created: created.length,
          updated,
          unchanged: good.length - created.length - updated,
        }
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'supplier.vendor_master_import',
            entityType: 'organisation',
            entityId: organisationId,
            after: summary,
          },
        ])
        return summary
      })
    },
  }
}

export type SupplierRegistryService = ReturnType<typeof createSupplierRegistryService>
