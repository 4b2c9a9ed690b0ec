// The Nunjucks environment: our views first, then govuk-frontend's templates and macros.
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { formatCount, formatDate, formatDateTime, formatMoney, formatNumber } from './format.js'

const require = createRequire(import.meta.url)
export const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')
export const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views')

export function createNunjucksEnv(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([viewsDir, govukFrontendDist], { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    },
  )
  env.addFilter('date', formatDate)
  env.addFilter('dateTime', formatDateTime)
  env.addFilter('money', formatMoney)
  env.addFilter('number', formatNumber)
  env.addFilter('count', formatCount)
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2))
  return env
}
