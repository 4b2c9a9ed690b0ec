// readTabular on the real published files in ../shared/data (never copied into the project) and on small
// hand-made inputs for the edge cases. Row counts are checked against shared/data/MANIFEST.csv, which counts data
// rows without the header or blank lines.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readTabular, sniffDelimiter, UnsupportedFileError, type SheetRow, type TabularSource } from './read-tabular.js'

const DATA = new URL('../../../shared/data/', import.meta.url)
const hasData = existsSync(new URL('MANIFEST.csv', DATA))
const dataPath = (relative: string) => fileURLToPath(new URL(relative, DATA))

/** MANIFEST.csv: path → data rows (no field in it is quoted). */
function manifestCounts(): Map<string, number> {
  const lines = readFileSync(new URL('MANIFEST.csv', DATA), 'utf8').trim().split('\n').slice(1)
  return new Map(lines.map((line) => line.split(',')).map((f) => [f[0] ?? '', Number(f[3])]))
}

async function readAll(source: TabularSource): Promise<SheetRow[]> {
  const rows: SheetRow[] = []
  for await (const row of readTabular(source)) rows.push(row)
  return rows
}

async function count(source: TabularSource): Promise<{ records: number; sheets: Map<string | null, number> }> {
  let records = 0
  const sheets = new Map<string | null, number>()
  for await (const row of readTabular(source)) {
    records++
    sheets.set(row.sheet, (sheets.get(row.sheet) ?? 0) + 1)
  }
  return { records, sheets }
}

const fromText = (text: string | Buffer, name = 'upload.csv'): TabularSource => ({
  stream: Readable.from([typeof text === 'string' ? Buffer.from(text) : text]),
  name,
})

describe.skipIf(!hasData)('readTabular on the real spend and register files', { timeout: 60_000 }, () => {
  const manifest = hasData ? manifestCounts() : new Map<string, number>()
  const csvFiles = [...manifest.keys()].filter(
    (p) => /^(spend|registers)\/.*\.csv(\.gz)?$/.test(p) && !p.includes('trafford-supplier-spend'),
  )

  it('finds the files to test', () => {
    expect(csvFiles.length).toBeGreaterThanOrEqual(40)
  })

  it.each(csvFiles)('%s has the MANIFEST row count (header and blank lines excluded)', async (file) => {
    const { records } = await count({ path: dataPath(file) })
    expect(records - 1).toBe(manifest.get(file))
  })

  it('skips Leeds 2011-09’s 55,936 blank ",,,," lines and numbers rows by line', async () => {
    const rows = await readAll({ path: dataPath('spend/leeds-city-council/2011-09.csv') })
    expect(rows).toHaveLength(1 + 9569)
    expect(rows[0]?.cells.slice(-4)).toEqual(['Supplier name', '', '', ''])
    expect(rows.map((r) => r.rowNumber).slice(0, 3)).toEqual([1, 2, 3])
    expect(rows.at(-1)?.rowNumber).toBe(9570)
    const text = readFileSync(dataPath('spend/leeds-city-council/2011-09.csv'), 'latin1')
    expect(text.split('\r\n').filter((line) => /^,+$/.test(line))).toHaveLength(55_936)
  })

  it('reads Oxford’s LF-only and CRLF files alike, with no stray \\r in the last cell', async () => {
    for (const file of ['expenditure-over-500-jan-mar-2014.csv', 'expenditure-over-500-jul-sep-2017.csv']) {
      const rows = await readAll({ path: dataPath(`spend/oxford-city-council/${file}`) })
      expect(rows.some((r) => r.cells.some((c) => c.includes('\r')))).toBe(false)
    }
  })

  it('decodes Leeds 2020-06 as Windows-1252: it is ASCII for 5,170 lines, then 0xBF is "¿" and 0xA0 a no-break space', async () => {
    const rows = await readAll({ path: dataPath('spend/leeds-city-council/2020-06.csv') })
    const text = rows.flatMap((r) => r.cells).join('\n')
    expect(text).not.toContain('\uFFFD')
    expect(rows.find((r) => r.rowNumber === 5171)?.cells).toContain('Fylde Coast Women¿s Aid')
    expect(rows.find((r) => r.rowNumber === 9956)?.cells).toContain('Penna Plc\u00a0')
  })

  it('gunzips and decodes the Leeds 2013 concatenation (Windows-1252): "Décor", "Papakåta"', async () => {
    const rows = await readAll({
      path: dataPath('spend/leeds-city-council/leeds_spend_2013_calendar_year_concatenated.csv.gz'),
    })
    expect(rows).toHaveLength(1 + 114_594)
    expect(rows[0]?.cells).toContain('NetAmount')
    const names = new Set(rows.map((r) => r.cells[11]))
    expect(names).toContain('Devine Décor Ltd')
    expect(names).toContain('Papakåta Ltd')
    expect(rows.some((r) => r.cells.some((c) => c.includes('\uFFFD')))).toBe(false)
  })

  it('keeps the line numbers right after a Co-ops UK address that spans two lines', async () => {
    const rows = await readAll({ path: dataPath('registers/coops_uk_open_data_2023Q2_digitalcommons_standard.csv') })
    expect(rows).toHaveLength(1 + 7272)
    const central = rows.find((r) => r.cells[0] === 'R000003')
    expect(central?.rowNumber).toBe(3)
    expect(central?.cells[6]).toBe('Central House\nHermes Road')
    expect(rows[rows.indexOf(central as SheetRow) + 1]?.rowNumber).toBe(5)
  })

  it('streams the 53 MB Trafford 2024-25 file (210,068 rows) in flat memory', { timeout: 120_000 }, async () => {
    const file = dataPath('spend/trafford-council/trafford-supplier-spend-2024-25.csv.gz')
    const started = performance.now()
    const rssBefore = process.memoryUsage().rss
    let peakRss = rssBefore
    let records = 0
    let bytesRead = 0
    let pound = ''
    for await (const row of readTabular({ path: file }, { onBytes: (n) => (bytesRead = n) })) {
      records++
      if (records % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
      if (row.rowNumber === 18540) pound = row.cells.find((c) => c.includes('£')) ?? ''
    }
    const seconds = (performance.now() - started) / 1000
    const mb = (n: number) => Math.round(n / 1024 / 1024)
    console.log(
      `Trafford 2024-25: ${records - 1} rows in ${seconds.toFixed(2)} s (${Math.round(records / seconds)} rows/s); ` +
        `RSS ${mb(rssBefore)} MB before, peak ${mb(peakRss)} MB sampled, process max ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
    )
    expect(records - 1).toBe(210_068)
    expect(bytesRead).toBe(statSync(file).size)
    expect(pound).toContain('£252.87')
    expect(peakRss).toBeLessThan(600 * 1024 * 1024)
    expect(peakRss - rssBefore).toBeLessThan(200 * 1024 * 1024)
  })

  // README 1.7 gives approximate counts; the 2022-23 and 2023-24 workbooks also hold 1 and 90 empty (formatted)
  // rows, which are not records.
  const pcc: [string, number, number][] = [
    ['pcc-2018-19.xlsx', 12, 7974],
    ['pcc-2019-20.xlsx', 12, 7211],
    ['pcc-2020-21.xlsx', 12, 5250],
    ['pcc-2021-22.xlsx', 12, 6741],
    ['pcc-2022-23.xlsx', 12, 7655 - 1],
    ['pcc-2023-24.xlsx', 12, 9379 - 90],
    ['pcc-2024-25.xlsx', 10, 7857],
  ]
  it.each(pcc)('reads every monthly sheet of Lancashire PCC %s', async (file, sheets, dataRows) => {
    const result = await count({ path: dataPath(`spend/lancashire-pcc/${file}`) })
    expect(result.sheets.size).toBe(sheets)
    expect(result.records - sheets).toBe(dataRows) // one header row per sheet
  })

  it('gives XLSX cells as text: sheet names, ISO dates, numbers as JavaScript prints them', async () => {
    const rows = await readAll({ path: dataPath('spend/lancashire-pcc/pcc-2018-19.xlsx') })
    expect(rows[0]).toEqual({
      sheet: 'Apr 18',
      rowNumber: 1,
      cells: ['Expenditure Category', 'Date', 'Total Invoice Amount', 'SUPPLIER', 'Column1'],
    })
    expect(rows[2]).toEqual({
      sheet: 'Apr 18',
      rowNumber: 3,
      cells: ['Clothing & Uniform', '2018-04-03', '530.46', 'ALTBERG LTD'],
    })
    expect(new Set(rows.map((r) => r.sheet)).size).toBe(12)
    expect(rows.every((r) => r.cells.every((c) => typeof c === 'string'))).toBe(true)
  })

  it('gives a formula cell’s result (the 2023-24 helper columns are =CONCATENATE(B2,C2,D2)), sheets in stored order', async () => {
    const rows = await readAll({ path: dataPath('spend/lancashire-pcc/pcc-2023-24.xlsx') })
    expect(rows.find((r) => r.sheet === 'Sep' && r.rowNumber === 2)?.cells.slice(0, 5)).toEqual([
      'Computer Licences',
      '2023-09-01',
      '1696.8',
      'XMA LTD',
      '451701696.8XMA LTD',
    ])
    expect([...new Set(rows.map((r) => r.sheet))].slice(0, 3)).toEqual(['Aug', 'Apr', 'May'])
  })

  const fire: [string, number][] = [
    ['fire-2022-23.xlsx', 2909],
    ['fire-2023-24.xlsx', 6999],
    ['fire-2024-25.xlsx', 3376],
    ['fire-2025-26-q1.xlsx', 919],
    ['fire-2025-26-q2.xlsx', 864],
    ['fire-2025-26-q3.xlsx', 881],
  ]
  it.each(fire)('reads Lancashire Fire %s', async (file, dataRows) => {
    const result = await count({ path: dataPath(`spend/lancashire-fire-rescue/${file}`) })
    expect(result.records - 1).toBe(dataRows)
  })

  it('covers every XLSX in shared/data/spend', () => {
    const tested = new Set([...pcc.map(([f]) => f), ...fire.map(([f]) => f)])
    const all = readdirSync(fileURLToPath(new URL('spend/', DATA)), { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.xlsx'))
      .map((p) => p.split('/').at(-1))
    expect(all.every((f) => f && tested.has(f))).toBe(true)
  })
})

describe('readTabular on small inputs', { timeout: 30_000 }, () => {
  it('sniffs the delimiter: comma, semicolon, tab, pipe; quotes and a title line do not fool it', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(sniffDelimiter('Name;Amount\n"Smith, J";1,50\n"Jones, K";2,75\n')).toBe(';')
    expect(sniffDelimiter('a\tb\tc\n"x, y"\t2\t3\n')).toBe('\t')
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|')
    expect(sniffDelimiter('Spend over £500, June 2024\n\nDate,Supplier,Amount\n1/6/24,A,1\n2/6/24,B,2\n')).toBe(',')
    expect(sniffDelimiter('just one column\nvalue\n')).toBe(',')
  })

  it('reads a semicolon file with quoted fields, line breaks inside quotes and CRLF line numbers', async () => {
    const rows = await readAll(fromText('Supplier;Amount\r\n"Acme;\r\nLtd";"1,50"\r\n\r\n;\r\nBeta;2\r\n'))
    expect(rows).toEqual([
      { sheet: null, rowNumber: 1, cells: ['Supplier', 'Amount'] },
      { sheet: null, rowNumber: 2, cells: ['Acme;\r\nLtd', '1,50'] },
      { sheet: null, rowNumber: 6, cells: ['Beta', '2'] },
    ])
  })

  it('takes mixed line endings in one file (CRLF, LF, CR), even split across chunks', async () => {
    const bytes = Buffer.from('a,b\r\n1,2\n3,"x\r\ny"\r4,5\r\n6,7\n')
    const rows = await readAll({ stream: Readable.from(chunked(bytes, 1)), name: 'mixed.csv' })
    expect(rows.map((r) => [r.rowNumber, ...r.cells])).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
      [3, '3', 'x\r\ny'],
      [5, '4', '5'],
      [6, '6', '7'],
    ])
  })

  it('drops NUL characters, which a damaged export can hold and a database cannot store', async () => {
    const rows = await readAll(fromText('a,b\nAc\u0000me Ltd,1\u0000\n'))
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['Acme Ltd', '1'],
    ])
  })

  it('keeps stray quotes inside fields, ragged rows and untrimmed cells', async () => {
    const rows = await readAll(fromText('a,b\n 5" pipe ,x,extra\nonly\n'))
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], [' 5" pipe ', 'x', 'extra'], ['only']])
  })

  it('strips a UTF-8 BOM and reads UTF-16 with a BOM', async () => {
    const utf8 = await readAll(
      fromText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,£\nCafé,1\n')])),
    )
    expect(utf8.map((r) => r.cells)).toEqual([
      ['Name', '£'],
      ['Café', '1'],
    ])
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tAmount\r\nCafé\t£1\r\n', 'utf16le')])
    expect((await readAll(fromText(utf16, 'export.txt'))).map((r) => r.cells)).toEqual([
      ['Name', 'Amount'],
      ['Café', '£1'],
    ])
  })

  it('decodes Windows-1252 (£ is 0xA3, – is 0x96), even when the first such byte is beyond 64 KB', async () => {
    const ascii = 'Supplier,Amount\n' + 'Plain Ltd,1\n'.repeat(10_000)
    const bytes = Buffer.concat([
      Buffer.from(ascii),
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0xa3, 0x2c, 0x31, 0x0a]),
    ])
    const rows = await readAll({ stream: Readable.from(chunked(bytes, 4096)), name: 'x.csv' })
    expect(rows.at(-1)).toEqual({ sheet: null, rowNumber: 10_002, cells: ['Café – £', '1'] })
  })

  it('keeps a UTF-8 character that is split across chunks', async () => {
    const bytes = Buffer.from('a,b\n' + 'x,1\n'.repeat(20_000) + 'Caf\u00e9 \u2013 \u00a3,2\n')
    for (const size of [1, 2, 3, 7, 65_536]) {
      const rows = await readAll({ stream: Readable.from(chunked(bytes, size)), name: 'x.csv' })
      expect(rows.at(-1)?.cells).toEqual(['Café – £', '2'])
    }
  }, 30_000)

  it('gunzips by magic bytes whatever the name, and reports compressed bytes read', async () => {
    const gz = gzipSync(Buffer.from('a,b\n1,2\n'))
    let bytes = 0
    const rows: SheetRow[] = []
    for await (const row of readTabular(fromText(gz, 'upload'), { onBytes: (n) => (bytes = n) })) rows.push(row)
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(bytes).toBe(gz.length)
  })

  it('reads an empty file as no rows, and refuses .xls and .zip with a clear message', async () => {
    expect(await readAll(fromText(''))).toEqual([])
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    await expect(readAll(fromText(xls, 'old.xls'))).rejects.toThrow(UnsupportedFileError)
    await expect(readAll(fromText(Buffer.from('PK\x03\x04rest', 'latin1'), 'spend.zip'))).rejects.toThrow(/unzip it/)
  })

  it('refuses an image, a PDF or other bytes that are not text, named .csv or not', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
    await expect(readAll(fromText(png, 'spend.csv'))).rejects.toThrow('spend.csv is a PNG image: choose a CSV')
    await expect(readAll(fromText(Buffer.from('%PDF-1.7\n'), 'spend.csv'))).rejects.toThrow(/is a PDF document/)
    const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256))
    await expect(readAll(fromText(noise, 'spend.dat'))).rejects.toThrow(/does not read as text/)
    // A gzip of noise is looked at after it is unpacked.
    await expect(readAll(fromText(gzipSync(noise), 'spend.csv.gz'))).rejects.toThrow(/spend.csv does not read as text/)
    // Text with a stray NUL or form feed still reads.
    expect(await readAll(fromText('a,b\n1,2\u0000\n3,\f4\n'))).toHaveLength(3)
  })

  it('says so when gzip or XLSX data is damaged or cut short, rather than stopping quietly', async () => {
    const gz = gzipSync(Buffer.from('a,b\n'.repeat(50_000) + 'end,1\n'))
    await expect(readAll(fromText(gz.subarray(0, gz.length - 4), 'spend.csv.gz'))).rejects.toThrow(
      new UnsupportedFileError('spend.csv.gz is damaged or cut short: unexpected end of file'),
    )
    const zip = Buffer.from('PK\x03\x04' + 'not really a workbook'.repeat(20), 'latin1')
    await expect(readAll(fromText(zip, 'spend.xlsx'))).rejects.toThrow(
      /spend.xlsx could not be read as an XLSX workbook/,
    )
  })

  it('streams a million-row file in flat memory', { timeout: 120_000 }, async () => {
    const rows = 1_000_000
    async function* generate() {
      yield Buffer.from('Date,Supplier,Amount,Reference\n')
      for (let i = 0; i < rows; i += 1000) {
        let chunk = ''
        for (let j = i; j < i + 1000; j++)
          chunk += `2024-04-0${(j % 9) + 1},"Supplier ${j % 5000}, Ltd",${j}.99,REF-${j}\n`
        yield Buffer.from(chunk)
      }
    }
    const rssBefore = process.memoryUsage().rss
    let peakRss = rssBefore
    let records = 0
    let last: SheetRow | undefined
    const started = performance.now()
    for await (const row of readTabular({ stream: Readable.from(generate()), name: 'big.csv' })) {
      records++
      last = row
      if (records % 50_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }
    const seconds = (performance.now() - started) / 1000
    console.log(
      `synthetic: ${rows} rows in ${seconds.toFixed(2)} s; RSS ${Math.round(rssBefore / 2 ** 20)} MB before, ` +
        `peak ${Math.round(peakRss / 2 ** 20)} MB`,
    )
    expect(records).toBe(rows + 1)
    expect(last?.rowNumber).toBe(rows + 1)
    expect(peakRss - rssBefore).toBeLessThan(200 * 1024 * 1024)
  })
})

function* chunked(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}
