// Reads payment and register files row by row, whatever shape they were published in: CSV or TSV (comma,
// semicolon, tab or pipe; UTF-8, UTF-16 or Windows-1252), gzipped or not, and XLSX workbooks (every sheet).
// Everything streams, so memory stays flat however large the file: a million-row CSV never sits in memory.
// Cells come back as text, untrimmed and unparsed; the domain parsers (src/domain/spend) make sense of them.
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { Readable, pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'

/** One record: the sheet it came from (XLSX only), where it starts (1-based line or sheet row), its cells. */
export type SheetRow = { sheet: string | null; rowNumber: number; cells: string[] }

/** A file on disk, or a stream (an upload) with the name it was given, which helps tell its format. */
export type TabularSource = { path: string } | { stream: NodeJS.ReadableStream; name: string }

export type ReadTabularOptions = {
  /** Called as the source is read, with the total bytes read so far (compressed bytes, for a .gz). */
  onBytes?: (bytesRead: number) => void
}

/** A file this reader cannot read: an old .xls, a zip archive, an image, damaged gzip or XLSX data. */
export class UnsupportedFileError extends Error {}

const SNIFF_BYTES = 64 * 1024
const DELIMITERS = [',', ';', '\t', '|'] as const
const SNIFF_RECORDS = 50

/**
 * Yields every non-blank record of a CSV/TSV file or every non-blank row of every sheet of an XLSX workbook
 * (sheets in the order they are stored). The format is told by magic bytes first and the name second; .gz files
 * are decompressed on the fly and then told apart the same way. Blank records (no cell with anything but spaces)
 * are skipped, but row numbers still count them, so they match what a person sees in an editor.
 *
 * ```ts
 * for await (const row of readTabular({ path: 'spend.csv.gz' }, { onBytes: (n) => bar.update(n) })) …
 * ```
 */
export async function* readTabular(source: TabularSource, options: ReadTabularOptions = {}): AsyncGenerator<SheetRow> {
  // Messages name the file as a person knows it, not the folder it waits in.
  const name = 'path' in source ? path.basename(source.path) : source.name
  const input = 'path' in source ? createReadStream(source.path) : source.stream
  try {
    yield* readBytes(countBytes(input, options.onBytes), name)
  } catch (error) {
    // zlib's codes: Z_BUF_ERROR ("unexpected end of file"), Z_DATA_ERROR ("incorrect header check") …
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new UnsupportedFileError(`${name} is damaged or cut short: ${(error as Error).message}`, { cause: error })
    }
    throw error
  }
}

async function* readBytes(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<SheetRow> {
  const { head, rest } = await peek(chunks, KIND_BYTES)
  if (head[0] === 0x1f && head[1] === 0x8b) return yield* readBytes(gunzip(rest), name.replace(/\.gz$/i, ''))
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    if (/\.zip$/i.test(name))
      throw new UnsupportedFileError(`${name} is a zip archive: unzip it and import the CSV inside`)
    return yield* readWorkbook(rest, name)
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new UnsupportedFileError(`${name} is an Excel 97-2003 (.xls) workbook: save it as .xlsx or CSV and try again`)
  }
  const other = notText(head)
  if (other) throw new UnsupportedFileError(`${name} ${other}: choose a CSV or Excel (.xlsx) file`)
  yield* readDelimited(rest)
}

/** Bytes read before deciding what kind of file it is. */
const KIND_BYTES = 4096

const SIGNATURES: readonly [bytes: number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'is a PNG image'],
  [[0xff, 0xd8, 0xff], 'is a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'is a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'is a PDF document'],
]

/**
 * Why the start of a file is not text, or null if it is: a known image or document, or control characters that no
 * text file holds, at least 16 and more than one byte in twenty (a UTF-16 file, told by its byte order mark, has
 * NULs of its own).
 */
export function notText(head: Buffer): string | null {
  for (const [bytes, what] of SIGNATURES) if (bytes.every((b, i) => head[i] === b)) return what
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return null
  let control = 0
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++
  return control >= 16 && control * 20 > head.length
    ? 'does not read as text, so it is not a CSV file (or it is damaged)'
    : null
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes

async function* countBytes(
  input: NodeJS.ReadableStream,
  onBytes: ((bytesRead: number) => void) | undefined,
): AsyncGenerator<Buffer> {
  let total = 0
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    total += bytes.length
    onBytes?.(total)
    yield bytes
  }
}

/** Reads at least `size` bytes (fewer at the end of the stream) and hands back the whole stream, unconsumed. */
async function peek(
  source: AsyncIterable<Buffer>,
  size: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]()
  const chunks: Buffer[] = []
  let length = 0
  let finished = false
  while (length < size) {
    const next = await iterator.next()
    if (next.done) {
      finished = true
      break
    }
    chunks.push(next.value)
    length += next.value.length
  }
  const head = Buffer.concat(chunks)
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head
      while (!finished) {
        const next = await iterator.next()
        if (next.done) finished = true
        else yield next.value
      }
    } finally {
      // Stopped early: close the file underneath.
      if (!finished) await iterator.return?.()
    }
  }
  return { head, rest: rest() }
}

function gunzip(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const gz = createGunzip()
  // Errors (a truncated or corrupt file) destroy gz, so they surface in whoever iterates it.
  pipeline(Readable.from(source), gz, () => {})
  return gz
}

// ---------------------------------------------------------------------------------------------------------------
// CSV / TSV

async function* readDelimited(chunks: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const { head, rest } = await peek(chunks, SNIFF_BYTES)
  // Delimiters and quotes are ASCII, so any single-byte reading of the sample will do for sniffing them.
  const delimiter = sniffDelimiter(new TextDecoder(bomEncoding(head) ?? 'windows-1252').decode(head))
  const parser = parse({
    delimiter,
    // Any line ending, even mixed in one file (concatenated exports); csv-parse would otherwise keep the first it sees.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: false,
    bom: false,
  })
  pipeline(Readable.from(withoutNul(decodeText(rest))), parser, () => {})

  // Row numbers are lines of the file: a record starts on the line after the previous one ended and spans the line
  // breaks in its quoted cells. (csv-parse's own line count, its `info` option, would cost a copied object per record
  // and counts a CRLF inside quotes as two lines.)
  let endLine = 0
  for await (const record of parser as AsyncIterable<string[]>) {
    const startLine = endLine + 1
    endLine = startLine + lineBreaks(record)
    if (isBlank(record)) continue
    yield { sheet: null, rowNumber: startLine, cells: record }
  }
}

/** NUL characters dropped: they are never data (a damaged export), and a database text value cannot hold one. */
async function* withoutNul(texts: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const text of texts) yield text.includes('\0') ? text.replaceAll('\0', '') : text
}

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

function bomEncoding(head: Uint8Array): TextEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le'
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be'
  return undefined
}

/** True when the bytes are valid UTF-8, allowing a character cut short at the end (unless `final`). */
function isUtf8(bytes: Uint8Array, final = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !final })
    return true
  } catch {
    return false
  }
}

const NON_ASCII = /[\x80-\xff]/ // the text is read as latin1 here, so every character is one byte

/**
 * Bytes to text, streaming. A BOM settles the encoding (and is dropped). Otherwise the text is ASCII until the first
 * byte above 0x7f, and the bytes from there to the end of that chunk (64 KB at the start) decide: valid UTF-8 →
 * UTF-8, else Windows-1252, which is what Excel on Windows saves as "CSV". Sniffing only the first 64 KB is not
 * enough: Leeds' 2020-06 file is plain ASCII for 5,170 lines before its first Windows-1252 byte. Once decided, a
 * stray invalid byte in a UTF-8 file becomes U+FFFD rather than an error.
 */
export async function* decodeText(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined
  let pending: Buffer | undefined
  let first = true
  for await (const chunk of chunks) {
    const bytes: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk
    pending = undefined
    if (first) {
      first = false
      const bom = bomEncoding(bytes)
      if (bom) decoder = new TextDecoder(bom)
    }
    if (decoder) {
      const text = decoder.decode(bytes, { stream: true })
      if (text !== '') yield text
      continue
    }
    const latin1 = bytes.toString('latin1')
    const at = latin1.search(NON_ASCII)
    if (at < 0) {
      yield latin1
    } else if (bytes.length - at < 4) {
      // Too few bytes to tell a UTF-8 sequence from Windows-1252: wait for the next chunk.
      if (at > 0) yield latin1.slice(0, at)
      pending = bytes.subarray(at)
    } else {
      decoder = new TextDecoder(isUtf8(bytes.subarray(at)) ? 'utf-8' : 'windows-1252', { ignoreBOM: true })
      yield latin1.slice(0, at) + decoder.decode(bytes.subarray(at), { stream: true })
    }
  }
  if (pending) decoder = new TextDecoder(isUtf8(pending, true) ? 'utf-8' : 'windows-1252', { ignoreBOM: true })
  const tail = decoder?.decode(pending ?? new Uint8Array(0)) ?? ''
  if (tail !== '') yield tail
}

/**
 * The delimiter that splits the first records most consistently: for each candidate, the most common non-zero
 * count per record (outside quotes), scored by how many records have exactly that count; more columns win a tie.
 * A title line above the header, or a comma inside a semicolon file's text, does not fool it.
 */
export function sniffDelimiter(sample: string): string {
  const counts = countDelimitersPerRecord(sample)
  let best: { delimiter: string; records: number; columns: number } = { delimiter: ',', records: 0, columns: 0 }
  for (const [i, delimiter] of DELIMITERS.entries()) {
    const frequency = new Map<number, number>()
    for (const record of counts) {
      const n = record[i] ?? 0
      if (n > 0) frequency.set(n, (frequency.get(n) ?? 0) + 1)
    }
    for (const [columns, records] of frequency) {
      if (records > best.records || (records === best.records && columns > best.columns)) {
        best = { delimiter, records, columns }
      }
    }
  }
  return best.delimiter
}

/** Per record, how many of each candidate delimiter appear outside quotes. Stops after SNIFF_RECORDS records. */
function countDelimitersPerRecord(sample: string): number[][] {
  const records: number[][] = []
  let current = DELIMITERS.map(() => 0)
  let quoted = false
  let content = false
  for (let i = 0; i < sample.length && records.length < SNIFF_RECORDS; i++) {
    const char = sample[i]
    if (char === '"') quoted = !quoted
    else if (quoted) continue
    else if (char === '\n' || char === '\r') {
      if (content) records.push(current)
      current = DELIMITERS.map(() => 0)
      content = false
    } else {
      const index = DELIMITERS.indexOf(char as (typeof DELIMITERS)[number])
      if (index >= 0) current[index] = (current[index] ?? 0) + 1
      else if (char !== ' ') content = true
    }
  }
  // The last record in the sample may be cut short; count it only when there is nothing else.
  if (records.length === 0 && content) records.push(current)
  return records
}

function lineBreaks(cells: readonly string[]): number {
  let breaks = 0
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0
  }
  return breaks
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '')
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

async function* readWorkbook(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<SheetRow> {
  const input = Readable.from(chunks)
  // styles: 'cache' so that ExcelJS turns date-formatted numbers into Dates (written out as YYYY-MM-DD).
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  let reading = true
  try {
    for await (const worksheet of workbook) {
      const sheet = (worksheet as unknown as { name?: string }).name ?? null
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[]
        const cells: string[] = []
        // row.values is 1-based and sparse: index 0 is always empty, and so is every cell never written.
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]))
        if (isBlank(cells)) continue
        reading = false
        yield { sheet, rowNumber: row.number, cells }
        reading = true
      }
    }
  } catch (error) {
    // Errors from unzipping or parsing the workbook (not from whoever is consuming the rows) mean a damaged file.
    if (!reading) throw error
    throw new UnsupportedFileError(`${name} could not be read as an XLSX workbook (${(error as Error).message})`, {
      cause: error,
    })
  } finally {
    input.destroy()
  }
}

/** A cell as text: numbers exactly as JavaScript prints them, dates as YYYY-MM-DD, formulas as their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((part) => part.text ?? '').join('')
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result)
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text)
  if ('error' in value) return value.error
  return String(value)
}
