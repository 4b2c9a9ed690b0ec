// Charts drawn on the server as SVG strings: no JavaScript, no inline styles (the CSP forbids `style=`; SVG
// presentation attributes such as fill= are not styles). Each chart is an image with a title and a description for
// screen readers; the table beside it, with the same figures, is the accessible source, and its rows carry the links
// to the payments behind each figure. (Links inside an image are nested interactive content, which axe rightly
// refuses: screen readers do not announce them, and keyboard users would tab into a picture.) The viewBox is about as
// wide as a 320 px screen's content, so the text stays readable when the chart shrinks to fit one.

/** GOV.UK colours: each has at least 3:1 contrast with the white page (WCAG 1.4.11 non-text contrast). */
export const CHART_COLOURS = {
  bar: '#1d70b8', // blue, 5.2:1
  negative: '#d4351c', // red, 4.5:1
  text: '#0b0c0c', // black
  axis: '#505a5f', // dark grey, 7:1
} as const

export type ChartItem = {
  label: string
  /** A decimal string, e.g. '1234.50' or '-20.00'. */
  value: string
}

export type ChartOptions = {
  title: string
  description: string
  format: (value: string) => string
  /** Unique on the page; made from the title when not given. */
  id?: string
}

// A little narrower than a 320 px screen's content (290 px), so text is drawn at about its nominal size there.
const WIDTH = 280
const PAD = 4
const FONT = 14
const VALUE_FONT = 13
/** Roughly how wide a character of GOV.UK's Helvetica/Arial is, as a share of the font size. */
const CHAR = 0.6

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for SVG (XML) content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapeMap[c]!)
}

/** Numbers for drawing only: figures themselves stay decimal strings. */
function toNumber(value: string): number {
  const n = Number(value)
  return Number.isFinite(n) ? n : 0
}

const round = (n: number) => Math.round(n * 10) / 10

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1)).trimEnd()}…`
}

function slug(text: string): string {
  const base = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return `chart-${base || 'figure'}`
}

function frame(options: ChartOptions, height: number, width: number, body: string): string {
  const id = options.id ?? slug(options.title)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="cwb-chart" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-labelledby="${escapeXml(id)}-title ${escapeXml(id)}-desc" font-family="GDS Transport, arial, sans-serif">` +
    `<title id="${escapeXml(id)}-title">${escapeXml(options.title)}</title>` +
    `<desc id="${escapeXml(id)}-desc">${escapeXml(options.description)}</desc>` +
    body +
    '</svg>'
  )
}

/** Where zero sits and how wide a unit is, for values that may be negative. */
function scale(values: number[], start: number, length: number) {
  const maxPositive = Math.max(0, ...values)
  const maxNegative = Math.max(0, ...values.map((v) => -v))
  const span = maxPositive + maxNegative
  const zero = span === 0 ? start : start + (length * maxNegative) / span
  const size = (v: number) => (span === 0 ? 0 : (length * Math.abs(v)) / span)
  return { zero, size, maxPositive, maxNegative }
}

/** Horizontal bars, one per item, each with its label above it and its value at its end. */
export function horizontalBarChart(options: ChartOptions & { bars: ChartItem[] }): string {
  const values = options.bars.map((b) => toNumber(b.value))
  const texts = options.bars.map((b) => options.format(b.value))
  const valueRoom = Math.max(4, ...texts.map((t) => t.length)) * VALUE_FONT * CHAR + 6
  const hasNegative = values.some((v) => v < 0)
  const plotStart = PAD + (hasNegative ? valueRoom : 0)
  const plotLength = WIDTH - PAD - valueRoom - plotStart
  const { zero, size } = scale(values, plotStart, plotLength)
  const row = 44
  const top = 4
  const height = top + Math.max(1, options.bars.length) * row + 4
  const maxChars = Math.floor((WIDTH - 2 * PAD) / (FONT * CHAR))

  const marks = options.bars.map((bar, i) => {
    const v = values[i]!
    const y = top + i * row
    const w = v === 0 ? 0 : Math.max(1, size(v))
    const x = v < 0 ? zero - w : zero
    const valueX = v < 0 ? x - 4 : zero + w + 4
    const anchor = v < 0 ? 'end' : 'start'
    const label = `<text x="${PAD}" y="${y + FONT}" font-size="${FONT}" fill="${CHART_COLOURS.text}">${escapeXml(truncate(bar.label, maxChars))}</text>`
    const rect = `<rect x="${round(x)}" y="${y + 19}" width="${round(w)}" height="17" fill="${v < 0 ? CHART_COLOURS.negative : CHART_COLOURS.bar}"/>`
    const value = `<text x="${round(valueX)}" y="${y + 32}" font-size="${VALUE_FONT}" text-anchor="${anchor}" fill="${CHART_COLOURS.text}">${escapeXml(texts[i]!)}</text>`
    return `<g><title>${escapeXml(`${bar.label}: ${texts[i]}`)}</title>${label}${rect}${value}</g>`
  })
  const axis = `<line x1="${round(zero)}" y1="${top + 16}" x2="${round(zero)}" y2="${height - 4}" stroke="${CHART_COLOURS.axis}" stroke-width="1"/>`
  return frame(options, height, WIDTH, marks.join('') + axis)
}

/** Vertical columns, e.g. one per quarter, with values above (or below, when negative) and labels underneath. */
export function columnChart(options: ChartOptions & { columns: ChartItem[] }): string {
  const n = Math.max(1, options.columns.length)
  const width = Math.max(WIDTH, n * 64)
  const values = options.columns.map((c) => toNumber(c.value))
  const texts = options.columns.map((c) => options.format(c.value))
  const slot = (width - 2 * PAD) / n
  const labelLines = options.columns.map((c) => c.label.split(' ').filter(Boolean))
  const longest = Math.max(1, ...labelLines.flat().map((w) => w.length), ...texts.map((t) => t.length))
  const font = Math.min(FONT, Math.max(9, (slot - 4) / (longest * CHAR)))
  const lineCount = Math.max(1, ...labelLines.map((l) => l.length))
  const plotTop = font + 8
  const plotHeight = 150
  // y grows downwards, so scale the negated values: zero then sits as far down as the positives need.
  const { zero, size } = scale(
    values.map((v) => -v),
    plotTop,
    plotHeight,
  )
  // With negatives, room for their value labels below the columns as well.
  const plotBottom = plotTop + plotHeight + (values.some((v) => v < 0) ? font + 6 : 0)
  const height = plotBottom + 6 + lineCount * (font + 3) + 4

  const marks = options.columns.map((column, i) => {
    const v = values[i]!
    const centre = PAD + slot * i + slot / 2
    const barWidth = Math.min(48, slot * 0.6)
    const h = v === 0 ? 0 : Math.max(1, size(v))
    const y = v < 0 ? zero : zero - h
    const rect = `<rect x="${round(centre - barWidth / 2)}" y="${round(y)}" width="${round(barWidth)}" height="${round(h)}" fill="${v < 0 ? CHART_COLOURS.negative : CHART_COLOURS.bar}"/>`
    const valueY = v < 0 ? zero + h + font + 2 : zero - h - 4
    const value = `<text x="${round(centre)}" y="${round(valueY)}" font-size="${round(font)}" text-anchor="middle" fill="${CHART_COLOURS.text}">${escapeXml(texts[i]!)}</text>`
    const lines = labelLines[i]!.map(
      (line, j) =>
        `<tspan x="${round(centre)}" y="${round(plotBottom + 6 + (j + 1) * (font + 3) - 3)}">${escapeXml(line)}</tspan>`,
    )
    const label = `<text font-size="${round(font)}" text-anchor="middle" fill="${CHART_COLOURS.text}">${lines.join('')}</text>`
    return `<g><title>${escapeXml(`${column.label}: ${texts[i]}`)}</title>${rect}${value}${label}</g>`
  })
  const axis = `<line x1="${PAD}" y1="${round(zero)}" x2="${width - PAD}" y2="${round(zero)}" stroke="${CHART_COLOURS.axis}" stroke-width="1"/>`
  return frame(options, round(height), width, marks.join('') + axis)
}

/** Money in a few characters for chart labels: £25.7m, £450k, £8.2k, £950, −£12k. */
export function compactMoney(value: string): string {
  const n = toNumber(value)
  const abs = Math.abs(n)
  const sign = n < 0 ? '−' : ''
  if (abs >= 999_950) return `${sign}£${(abs / 1_000_000).toFixed(abs >= 100_000_000 ? 0 : 1)}m`
  if (abs >= 999.5) return `${sign}£${(abs / 1_000).toFixed(abs >= 10_000 ? 0 : 1)}k`
  return `${sign}£${abs.toFixed(0)}`
}
