// Exports of the contracts register: CSV in the Transparency Code shape, OCDS 1.1 release and record packages. The
// public exports hold only what toPublicContract / toPublicVariation let through, and no cancelled contracts; the
// organisation's own exports hold everything but notes and who approved a variation.
import { listContractsOfOrganisation } from '../db/repositories/contract.repository.js'
import { listVariationsOfOrganisation } from '../db/repositories/contract-export.repository.js'
import { findOrganisation } from '../db/repositories/organisation.repository.js'
import {
  PLACEHOLDER_OCID_PREFIX,
  recordPackageText,
  releasePackageText,
  type OcdsContractInput,
  type OcdsExportContext,
} from '../domain/contracts/ocds-export.js'
import { ukCalendarDay } from '../domain/contracts/search-query.js'
import {
  exportVariationOf,
  exportViewOf,
  isPublished,
  transparencyCsvHeader,
  transparencyCsvRow,
  type ExportAudience,
} from '../domain/contracts/transparency-csv.js'
import { NotFoundError } from '../domain/errors.js'
import { csvLine } from '../web/support/csv.js'
import type { ServiceDeps } from './deps.js'

export const CONTRACT_EXPORT_FORMATS = ['csv', 'ocds-releases', 'ocds-records'] as const
export type ContractExportFormat = (typeof CONTRACT_EXPORT_FORMATS)[number]

export type ContractExportSettings = {
  /** ocds- and six characters, registered with the Open Contracting Partnership. */
  ocidPrefix: string
  /** A web page describing what the organisation publishes and when, linked from every package. */
  publicationPolicy: string | undefined
}

export type ContractExportFile = {
  fileName: string
  contentType: string
  /** How many contracts it holds. */
  contracts: number
  /** The file's text a piece at a time (a large register is never held as one string). */
  chunks: () => Iterable<string>
  /** The whole text at once, for small registers and tests. */
  readonly body: string
}

function exportFile(file: Omit<ContractExportFile, 'body'>): ContractExportFile {
  return {
    ...file,
    get body() {
      return [...file.chunks()].join('')
    },
  }
}

const FILE_NAMES: Record<ContractExportFormat, string> = {
  csv: 'contracts.csv',
  'ocds-releases': 'contracts-ocds-releases.json',
  'ocds-records': 'contracts-ocds-records.json',
}

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
const BOM = '\uFEFF'

export function createContractExportService(
  { db, clock, publicUrl }: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  settings: Partial<ContractExportSettings> = {},
) {
  const ocidPrefix = settings.ocidPrefix ?? PLACEHOLDER_OCID_PREFIX
  const publicationPolicy = settings.publicationPolicy ?? null

  return {
    ocidPrefix,

    /** An organisation's register in one format, for the public or for its own people. */
    async exportRegister(
      organisationId: string,
      format: ContractExportFormat,
      audience: ExportAudience,
    ): Promise<ContractExportFile> {
      const organisation = await findOrganisation(db, organisationId)
      if (!organisation) throw new NotFoundError(`There is no organisation ${organisationId}`)
      const all = await listContractsOfOrganisation(db, organisationId)
      const contracts = audience === 'public' ? all.filter(isPublished) : all
      const today = ukCalendarDay(clock.now())
      const fileName = `${organisationId}-${audience === 'public' ? '' : 'full-'}${FILE_NAMES[format]}`

      if (format === 'csv') {
        return exportFile({
          fileName,
          contentType: 'text/csv; charset=utf-8',
          contracts: contracts.length,
          chunks: function* () {
            yield BOM + csvLine(transparencyCsvHeader(audience))
            for (const c of contracts)
              yield csvLine(
                transparencyCsvRow(exportViewOf(c, audience), {
                  organisationName: organisation.name,
                  audience,
                  today,
                }),
              )
          },
        })
      }

      const variations = await listVariationsOfOrganisation(db, organisationId)
      const inputs: OcdsContractInput[] = contracts.map((c) => ({
        contract: exportViewOf(c, audience),
        variations: (variations.get(c.id) ?? []).map((v) => exportVariationOf(c, v, audience)),
      }))
      // Generated on demand, so the package is dated when its contents last changed (OCDS package guidance).
      let latest = 0
      for (const i of inputs) {
        latest = Math.max(latest, i.contract.updatedAt.getTime())
        for (const v of i.variations) latest = Math.max(latest, v.createdAt.getTime())
      }
      const lastChange = latest > 0 ? new Date(latest) : clock.now()
      const register = `${publicUrl}/public/${organisationId}/contracts`
      const ctx: OcdsExportContext = {
        audience,
        ocidPrefix,
        organisation: { id: organisation.id, name: organisation.name, orgIdentifier: organisation.orgIdentifier },
        packageUri:
          audience === 'public' ? `${register}/${format}.json` : `${publicUrl}/contracts/export/${format}.json`,
        publisherUri: register,
        publicationPolicy,
        publishedDate: lastChange.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        today,
      }
      return exportFile({
        fileName,
        contentType: 'application/json; charset=utf-8',
        contracts: contracts.length,
        chunks: () => (format === 'ocds-releases' ? releasePackageText(inputs, ctx) : recordPackageText(inputs, ctx)),
      })
    },
  }
}

export type ContractExportService = ReturnType<typeof createContractExportService>
