// A printable document as a PDF: a title block, headline figures, then sections of paragraphs, simple horizontal
// bars and tables. Tables wrap their text, repeat their header row on each new page and never split a row; every
// page carries the document's running header and "Page n of m". Drawn with pdfkit's built-in Helvetica, whose
// WinAnsi encoding has £, – and ’ but not the minus sign, so that is written as a hyphen.
import PDFDocument from 'pdfkit'

export type PdfTable = {
  columns: { header: string; numeric?: boolean }[]
  rows: string[][]
  /** Shown instead of the table when it has no rows. */
  empty: string
}

export type PdfBar = { label: string; value: number; text: string; muted?: boolean }

export type PdfSection = {
  heading: string
  paragraphs?: string[]
  bars?: PdfBar[]
  table?: PdfTable
}

export type PdfDocumentModel = {
  title: string
  subtitle: string
  /** Short, for the running header of each page. */
  runningHeader: string
  meta: string[]
  headline: { label: string; value: string }[]
  sections: PdfSection[]
  /** For the document's properties. */
  author: string
}

const MARGIN = 50
const BLUE = '#1d70b8'
const GREY = '#b1b4b6'
const TEXT = '#0b0c0c'
const SECONDARY = '#505a5f'
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'

const clean = (text: string) => text.replace(/\u2212/g, '-')

/** Renders the document; resolves with the PDF's bytes. */
export function renderTablePdf(model: PdfDocumentModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 20, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: clean(`${model.title}: ${model.subtitle}`), Author: clean(model.author), Creator: 'cwb' },
    lang: 'en-GB',
    displayTitle: true,
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = doc.page.width - 2 * MARGIN
  doc.fillColor(TEXT).font(BOLD).fontSize(20).text(clean(model.title), { width })
  doc.font(FONT).fontSize(14).text(clean(model.subtitle), { width })
  doc.moveDown(0.3).fontSize(9).fillColor(SECONDARY)
  for (const line of model.meta) doc.text(clean(line), { width })
  doc.fillColor(TEXT).moveDown(0.8)
  headline(doc, model.headline, width)
  for (const section of model.sections) drawSection(doc, section, width)

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Writing in the margins must not move the cursor onto a new page.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font(FONT).fontSize(8).fillColor(SECONDARY)
    doc.text(clean(model.runningHeader), MARGIN, MARGIN - 10, { width, lineBreak: false })
    doc
      .moveTo(MARGIN, MARGIN + 2)
      .lineTo(MARGIN + width, MARGIN + 2)
      .lineWidth(0.5)
      .strokeColor(GREY)
      .stroke()
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
      width,
      align: 'right',
      lineBreak: false,
    })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

function room(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom - doc.y
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (room(doc) < height) doc.addPage()
}

function headline(doc: PDFKit.PDFDocument, items: PdfDocumentModel['headline'], width: number) {
  if (items.length === 0) return
  const perRow = Math.min(4, items.length)
  const gap = 10
  const boxWidth = (width - gap * (perRow - 1)) / perRow
  const boxHeight = 52
  for (let start = 0; start < items.length; start += perRow) {
    ensureRoom(doc, boxHeight + 10)
    const top = doc.y
    items.slice(start, start + perRow).forEach((item, i) => {
      const x = MARGIN + i * (boxWidth + gap)
      doc.rect(x, top, boxWidth, boxHeight).fill('#f3f2f1')
      doc.rect(x, top, boxWidth, 3).fill(BLUE)
      doc
        .fillColor(TEXT)
        .font(FONT)
        .fontSize(8)
        .text(clean(item.label), x + 6, top + 9, { width: boxWidth - 12 })
      doc
        .font(BOLD)
        .fontSize(13)
        .text(clean(item.value), x + 6, top + 28, { width: boxWidth - 12, lineBreak: false, ellipsis: true })
    })
    doc.x = MARGIN
    doc.y = top + boxHeight + 10
  }
  doc.moveDown(0.5)
}

function drawSection(doc: PDFKit.PDFDocument, section: PdfSection, width: number) {
  // Keep a heading with at least the start of what follows it.
  ensureRoom(doc, 80)
  doc.x = MARGIN
  doc.moveDown(0.6).fillColor(TEXT).font(BOLD).fontSize(13).text(clean(section.heading), { width })
  doc.moveDown(0.3).font(FONT).fontSize(9)
  for (const p of section.paragraphs ?? []) {
    ensureRoom(doc, doc.heightOfString(clean(p), { width }) + 4)
    doc.text(clean(p), MARGIN, doc.y, { width }).moveDown(0.4)
  }
  if (section.bars?.length) bars(doc, section.bars, width)
  if (section.table) table(doc, section.table, width)
}

function bars(doc: PDFKit.PDFDocument, items: PdfBar[], width: number) {
  const labelWidth = 150
  const valueWidth = 70
  const plot = width - labelWidth - valueWidth - 10
  const max = Math.max(0, ...items.map((b) => b.value))
  const rowHeight = 15
  doc.font(FONT).fontSize(8)
  for (const b of items) {
    ensureRoom(doc, rowHeight)
    const y = doc.y
    doc.fillColor(TEXT).text(clean(b.label), MARGIN, y + 3, { width: labelWidth - 6, lineBreak: false, ellipsis: true })
    const w = max > 0 ? Math.max(b.value > 0 ? 1 : 0, (plot * b.value) / max) : 0
    if (w > 0) doc.rect(MARGIN + labelWidth, y + 2, w, rowHeight - 5).fill(b.muted ? GREY : BLUE)
    doc.fillColor(TEXT).text(clean(b.text), MARGIN + labelWidth + w + 4, y + 3, { width: valueWidth, lineBreak: false })
    doc.x = MARGIN
    doc.y = y + rowHeight
  }
  doc.moveDown(0.6)
}

/**
 * Column widths: each column gets at least its longest word (so words are not broken); the room left goes first to
 * the columns with the most text, up to what each needs to fit its longest line.
 */
function columnWidths(doc: PDFKit.PDFDocument, t: PdfTable, width: number): number[] {
  const pad = 8
  const cellsOf = (i: number) => [t.columns[i]!.header, ...t.rows.map((r) => r[i] ?? '')].map(clean)
  const measure = (font: string, text: string) => doc.font(font).fontSize(8).widthOfString(text)
  const longestWord = t.columns.map((_, i) =>
    Math.max(
      ...cellsOf(i).flatMap((text, row) => text.split(/\s+/).map((word) => measure(row === 0 ? BOLD : FONT, word))),
    ),
  )
  const natural = t.columns.map((_, i) =>
    Math.max(
      ...cellsOf(i).flatMap((text, row) => text.split('\n').map((line) => measure(row === 0 ? BOLD : FONT, line))),
    ),
  )
  const minimum = longestWord.map((w) => w + pad)
  const wanted = natural.map((w, i) => Math.max(0, w + pad - minimum[i]!))
  const spare = width - minimum.reduce((s, w) => s + w, 0)
  if (spare <= 0) return minimum.map((w) => (w * width) / minimum.reduce((s, x) => s + x, 0))
  const want = wanted.reduce((s, w) => s + w, 0)
  if (want <= spare) {
    // Everything fits on one line: the left-over room goes to the first column, where the labels are.
    const widths = minimum.map((w, i) => w + wanted[i]!)
    widths[0]! += spare - want
    return widths
  }
  // Otherwise share the room by how much text each column holds (its area), never beyond what a column wants.
  const area = t.columns.map((_, i) =>
    cellsOf(i).reduce((sum, text) => sum + text.split('\n').reduce((s, line) => s + measure(FONT, line), 0), 0),
  )
  const extra = wanted.map(() => 0)
  let left = spare
  for (let round = 0; round < 5 && left > 0.5; round++) {
    const open = wanted.map((w, i) => (extra[i]! < w ? area[i]! : 0))
    const weight = open.reduce((s, a) => s + a, 0)
    if (weight === 0) break
    let given = 0
    open.forEach((a, i) => {
      const add = Math.min(wanted[i]! - extra[i]!, (left * a) / weight)
      extra[i]! += add
      given += add
    })
    left -= given
  }
  return minimum.map((w, i) => w + extra[i]!)
}

function table(doc: PDFKit.PDFDocument, t: PdfTable, width: number) {
  if (t.rows.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(TEXT).text(clean(t.empty), MARGIN, doc.y, { width }).moveDown(0.5)
    return
  }
  const widths = columnWidths(doc, t, width)
  const padX = 3
  const padY = 3
  const cellHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(8)
    return Math.max(...cells.map((c, i) => doc.heightOfString(clean(c), { width: widths[i]! - 2 * padX }))) + 2 * padY
  }
  const drawRow = (cells: string[], font: string, header: boolean) => {
    const height = cellHeight(cells, font)
    const top = doc.y
    let x = MARGIN
    doc.font(font).fontSize(8).fillColor(TEXT)
    cells.forEach((c, i) => {
      doc.text(clean(c), x + padX, top + padY, {
        width: widths[i]! - 2 * padX,
        align: t.columns[i]?.numeric ? 'right' : 'left',
      })
      x += widths[i]!
    })
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width, top + height)
      .lineWidth(header ? 1 : 0.5)
      .strokeColor(header ? TEXT : GREY)
      .stroke()
    doc.x = MARGIN
    doc.y = top + height
  }
  const headers = t.columns.map((c) => c.header)
  const headerHeight = cellHeight(headers, BOLD)
  ensureRoom(doc, headerHeight + cellHeight(t.rows[0]!, FONT))
  drawRow(headers, BOLD, true)
  for (const row of t.rows) {
    const h = cellHeight(row, FONT)
    if (room(doc) < h) {
      doc.addPage()
      drawRow(headers, BOLD, true)
    }
    drawRow(row, FONT, false)
  }
  doc.moveDown(0.8)
}
