// A dashboard table as a CSV download: the table named in the path, for the period and scope in the query string.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError } from '../../domain/errors.js'
import { queryErrors, rangeQuerySchema, type RangeQuery } from '../routes/spend/dashboard.schema.js'
import { csvLine } from './csv.js'
import { param } from './route.js'

/** What a CSV needs of a dashboard table: the column headings and, per cell, its CSV value or else its text. */
export type CsvTable = {
  columns: readonly { csv: string }[]
  rows: readonly (readonly { text: string; csv?: string }[])[]
}

/**
 * Answers a table download: 404 for a table not among `keys`, 400 with the errors as plain text for a bad period or
 * scope, otherwise the table `build` makes for the key and query, as an attachment under the file name it gives.
 */
export async function sendTableCsv<K extends string>(
  request: FastifyRequest,
  reply: FastifyReply,
  keys: readonly K[],
  build: (key: K, query: RangeQuery) => Promise<{ table: CsvTable; fileName: string }>,
) {
  const key = param(request, 'table') as K
  if (!keys.includes(key)) throw new NotFoundError(`There is no table ${key}`)
  const parsed = rangeQuerySchema.safeParse(request.query)
  if (!parsed.success)
    return reply
      .code(400)
      .type('text/plain; charset=utf-8')
      .send(
        queryErrors(parsed.error)
          .list.map((e) => e.text)
          .join('\n'),
      )
  const { table, fileName } = await build(key, parsed.data)
  const lines = [
    csvLine(table.columns.map((c) => c.csv)),
    ...table.rows.map((row) => csvLine(row.map((cell) => cell.csv ?? cell.text))),
  ]
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(lines.join(''))
}
