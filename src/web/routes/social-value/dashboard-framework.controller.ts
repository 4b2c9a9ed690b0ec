// The catalogue of the social value framework an organisation uses: themes, outcomes and measures, each with its
// unit, evidence and dated, cited financial proxy values; downloadable as JSON and CSV.
import type { FastifyInstance } from 'fastify'
import { READ_ROLES } from '../../../domain/access/roles.js'
import { THEME_LABELS, THEMES } from '../../../domain/social-value/framework.js'
import { addDays } from '../../../domain/social-value/period.js'
import type { Services } from '../../../services.js'
import { paths } from '../../paths.js'
import { formatDate, formatMoney } from '../../support/format.js'
import { get } from '../../support/route.js'

const READERS = { kind: 'org', roles: READ_ROLES } as const

export function registerFrameworkRoutes(app: FastifyInstance, services: Services): void {
  get(app, paths.socialValueFramework, READERS, async (request, reply) => {
    const organisationId = request.organisationId!
    const framework = await services.svFrameworks.get(
      await services.svFrameworks.frameworkOf(organisationId),
      organisationId,
    )
    const themes = THEMES.map((theme) => ({
      theme,
      label: THEME_LABELS[theme],
      outcomes: framework.outcomes
        .filter((o) => o.theme === theme)
        .map((o) => ({
          ...o,
          measures: o.measures.map((m) => ({
            ...m,
            proxies: [...m.proxies]
              .sort((a, b) => a.validFrom.localeCompare(b.validFrom))
              .map((p, i, all) => ({
                ...p,
                value: formatMoney(p.value),
                from: formatDate(p.validFrom),
                until: all[i + 1] ? formatDate(addDays(all[i + 1]!.validFrom, -1)) : 'Now',
              })),
          })),
        })),
    }))
    return reply.view('social-value/framework/catalogue', {
      title: `Social value framework: ${framework.name}`,
      framework,
      themes,
      measureCount: framework.outcomes.reduce((n, o) => n + o.measures.length, 0),
      downloads: { json: paths.socialValueFrameworkExport('json'), csv: paths.socialValueFrameworkExport('csv') },
    })
  })

  for (const format of ['json', 'csv'] as const)
    get(app, paths.socialValueFrameworkExport(format), READERS, async (request, reply) => {
      const organisationId = request.organisationId!
      const id = await services.svFrameworks.frameworkOf(organisationId)
      const body = await services.svFrameworks.export(id, format, organisationId)
      return reply
        .type(format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="social-value-framework-${id}.${format}"`)
        .send(body)
    })
}
