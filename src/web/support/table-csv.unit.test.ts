import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../../domain/errors.js'
import { sendTableCsv } from './table-csv.js'

const TABLES = ['tier', 'size'] as const

/** A bare app with one download route; the project's error handler is stood in for by one that maps "not found". */
function appWithDownload() {
  const app = Fastify()
  app.setErrorHandler((error, _request, reply) =>
    reply.code(error instanceof NotFoundError ? 404 : 500).send(error instanceof Error ? error.message : ''),
  )
  app.get('/tables/:table.csv', (request, reply) =>
    sendTableCsv(request, reply, TABLES, async (key, query) => ({
      table: {
        columns: [{ csv: 'Name' }, { csv: 'Amount (£)' }],
        rows: [
          [{ text: key }, { text: '£1,234.50', csv: '1234.50' }],
          [{ text: `from ${query.from ?? 'start'}, "quoted"` }, { text: '=SUM(A1)' }],
        ],
      },
      fileName: `org-${key}-${query.from ?? 'any'}.csv`,
    })),
  )
  return app
}

describe('sendTableCsv', () => {
  const app = appWithDownload()
  beforeAll(() => app.ready())
  afterAll(() => app.close())

  it('sends the table as a CSV attachment: headings, then each cell’s CSV value or else its text', async () => {
    const response = await app.inject('/tables/tier.csv?from=2025-04-01')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe('attachment; filename="org-tier-2025-04-01.csv"')
    expect(response.body).toBe('Name,Amount (£)\r\ntier,1234.50\r\n"from 2025-04-01, ""quoted""",\'=SUM(A1)\r\n')
  })

  it('answers "not found" for a table it does not know', async () => {
    const response = await app.inject('/tables/nothing.csv')
    expect(response.statusCode).toBe(404)
    expect(response.body).toBe('There is no table nothing')
  })

  it('answers 400 with each error on its own line, as plain text, for a bad period or scope', async () => {
    const response = await app.inject('/tables/size.csv?from=2025-02-30&to=yesterday&scope=everyone')
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(response.body.split('\n')).toEqual([
      'The start date must be a real date',
      'Enter the end date as a date like 2025-04-01',
      'Choose your organisation or one of its networks',
    ])
  })
})
