// Test support only: reads the real published spend files in shared/data/spend (never copied into the project).
// Domain code is pure; these tests are the one place in src/domain/spend that touches the filesystem.
// eslint-disable-next-line no-restricted-imports -- tests read the real files
import { readdirSync, readFileSync } from 'node:fs'
// eslint-disable-next-line no-restricted-imports -- tests read the real files
import { gunzipSync } from 'node:zlib'

export const SPEND_DATA = new URL('../../../../shared/data/spend/', import.meta.url)

/** A spend file's text: gunzipped when it ends .gz, decoded as UTF-8 or, for Leeds' files, Windows-1252. */
export function readSpendFile(relativePath: string, encoding: 'utf-8' | 'windows-1252' = 'utf-8'): string {
  const bytes = readFileSync(new URL(relativePath, SPEND_DATA))
  const raw = relativePath.endsWith('.gz') ? gunzipSync(bytes) : bytes
  return new TextDecoder(encoding).decode(raw)
}

/** Every CSV (plain or gzipped) under shared/data/spend, as paths relative to it. */
export function listSpendCsvFiles(): string[] {
  return readdirSync(SPEND_DATA, { recursive: true, encoding: 'utf-8' })
    .filter((path) => /\.csv(\.gz)?$/.test(path))
    .sort()
}

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. Drops blank lines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      if (row.some((cell) => cell !== '')) rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  row.push(field)
  if (row.some((cell) => cell !== '')) rows.push(row)
  return rows
}
