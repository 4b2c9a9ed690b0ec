// Downloads of the contracts register: CSV in the Transparency Code shape, OCDS 1.1 release and record packages. The
// public ones (no sign-in) hold the public view only; the full ones are for the organisation's own people.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { READ_ROLES } from '../../../domain/access/roles.js'
import type { ExportAudience } from '../../../domain/contracts/transparency-csv.js'
import type { Services } from '../../../services.js'
import type { ContractExportFormat } from '../../../services/contract-export.service.js'
import { paths } from '../../paths.js'
import { get, param } from '../../support/route.js'

const PUBLIC = { kind: 'public' } as const
const READERS = { kind: 'org', roles: READ_ROLES } as const

export default function contractDownloadRoutes(app: FastifyInstance, services: Services): void {
  const send = async (
    reply: FastifyReply,
    organisationId: string,
    format: ContractExportFormat,
    audience: ExportAudience,
  ) => {
    const file = await services.contractExport.exportRegister(organisationId, format, audience)
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', audience === 'public' ? 'public, max-age=300' : 'private, no-store')
      .send(Readable.from(file.chunks(), { objectMode: false }))
  }

  const downloads: readonly [ContractExportFormat, string, (organisationId: string) => string][] = [
    ['csv', paths.contractsExportCsv, paths.publicContractsCsv],
    ['ocds-releases', paths.contractsExportOcdsReleases, paths.publicContractsOcdsReleases],
    ['ocds-records', paths.contractsExportOcdsRecords, paths.publicContractsOcdsRecords],
  ]
  for (const [format, internalPath, publicPath] of downloads) {
    get(app, internalPath, READERS, (request, reply) => send(reply, request.organisationId!, format, 'internal'))
    get(app, publicPath(':organisationId'), PUBLIC, (request, reply) =>
      send(reply, param(request, 'organisationId'), format, 'public'),
    )
  }
}
