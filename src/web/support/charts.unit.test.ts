import * as cheerio from 'cheerio'
import { describe, expect, it } from 'vitest'
import { CHART_COLOURS, columnChart, compactMoney, escapeXml, horizontalBarChart } from './charts.js'

const svg = (markup: string) => cheerio.load(markup, { xml: true })
const widths = ($: cheerio.CheerioAPI) =>
  $('rect')
    .map((_, r) => Number($(r).attr('width')))
    .get()
const plain = (v: string) => v

/** WCAG relative luminance and contrast ratio, to check the palette against the white page. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
  return 1.05 / (luminance + 0.05)
}

describe('horizontalBarChart', () => {
  const chart = horizontalBarChart({
    title: 'Spend by supplier location',
    description: 'Local spend is the largest share.',
    format: compactMoney,
    bars: [
      { label: 'Local', value: '2000.00' },
      { label: 'National', value: '1000.00' },
      { label: 'Overseas', value: '0.00' },
    ],
  })

  it('is an image named by its title and description', () => {
    const $ = svg(chart)
    const root = $('svg')
    expect(root.attr('role')).toBe('img')
    const [titleId, descId] = root.attr('aria-labelledby')!.split(' ')
    expect($(`title#${titleId}`).text()).toBe('Spend by supplier location')
    expect($(`desc#${descId}`).text()).toBe('Local spend is the largest share.')
    expect(root.attr('viewBox')).toMatch(/^0 0 280 \d+(\.\d+)?$/)
  })

  it('writes each label and value as text, and scales bars to the largest value', () => {
    const $ = svg(chart)
    const texts = $('text')
      .map((_, t) => $(t).text())
      .get()
    expect(texts).toEqual(['Local', '£2.0k', 'National', '£1.0k', 'Overseas', '£0'])
    const [local, national, overseas] = widths($)
    expect(local).toBeGreaterThan(150)
    expect(national).toBeCloseTo(local! / 2, 0)
    expect(overseas).toBe(0)
  })

  it('holds nothing interactive: an image has no links (its table has them)', () => {
    expect(svg(chart)('a, [tabindex], [href]').length).toBe(0)
  })

  it('escapes every piece of text', () => {
    const nasty = `<script>alert("x")</script> & 'co'`
    const markup = horizontalBarChart({
      title: nasty,
      description: nasty,
      format: (v) => `${v} <b>`,
      bars: [{ label: nasty, value: '1.00' }],
    })
    expect(markup).not.toContain('<script>')
    expect(markup).not.toContain('<b>')
    expect(markup).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;')
    const $ = svg(markup)
    expect($('desc').text()).toBe(nasty)
    expect($('svg').attr('aria-labelledby')).not.toMatch(/[<>"&]/)
  })

  it('draws negatives to the left of zero in red, scaled with the positives by absolute value', () => {
    const $ = svg(
      horizontalBarChart({
        title: 'Net',
        description: 'With a credit',
        format: compactMoney,
        bars: [
          { label: 'Payments', value: '300.00' },
          { label: 'Credit notes', value: '-150.00' },
        ],
      }),
    )
    const axis = Number($('line').attr('x1'))
    const [pos, neg] = $('rect')
      .toArray()
      .map((r) => ({
        x: Number($(r).attr('x')),
        w: Number($(r).attr('width')),
        fill: $(r).attr('fill'),
      }))
    expect(pos!.x).toBeCloseTo(axis, 0)
    expect(pos!.fill).toBe(CHART_COLOURS.bar)
    expect(neg!.x + neg!.w).toBeCloseTo(axis, 0)
    expect(neg!.fill).toBe(CHART_COLOURS.negative)
    expect(neg!.w).toBeCloseTo(pos!.w / 2, 0)
    expect($('text').eq(3).text()).toBe('−£150')
    expect($('text').eq(3).attr('text-anchor')).toBe('end')
  })

  it('handles all-zero values and no values at all without NaN', () => {
    const zero = horizontalBarChart({
      title: 'Zero',
      description: 'Nothing',
      format: plain,
      bars: [
        { label: 'A', value: '0.00' },
        { label: 'B', value: '0.00' },
      ],
    })
    expect(zero).not.toContain('NaN')
    expect(widths(svg(zero))).toEqual([0, 0])
    const empty = horizontalBarChart({ title: 'Empty', description: 'Nothing', format: plain, bars: [] })
    expect(empty).not.toContain('NaN')
    expect(svg(empty)('rect').length).toBe(0)
  })

  it('shortens long labels to fit, keeping the whole label in the bar’s tooltip', () => {
    const long = 'A very long department name that goes on and on past the edge of a narrow screen'
    const $ = svg(
      horizontalBarChart({ title: 'Long', description: 'Long', format: plain, bars: [{ label: long, value: '1' }] }),
    )
    const label = $('text').first().text()
    expect(label.length).toBeLessThan(long.length)
    expect(label.endsWith('…')).toBe(true)
    expect($('g > title').text()).toBe(`${long}: 1`)
  })

  it('uses presentation attributes, never style attributes, and colours with at least 3:1 contrast', () => {
    expect(chart).not.toMatch(/\sstyle=/)
    expect(chart).toContain(`fill="${CHART_COLOURS.bar}"`)
    for (const colour of Object.values(CHART_COLOURS)) expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(3)
  })

  it('takes an id for the title and description when given', () => {
    const $ = svg(horizontalBarChart({ id: 'tier-chart', title: 'T', description: 'D', format: plain, bars: [] }))
    expect($('svg').attr('aria-labelledby')).toBe('tier-chart-title tier-chart-desc')
  })
})

describe('columnChart', () => {
  const quarters = [
    { label: '2025-26 Q1', value: '100.00' },
    { label: '2025-26 Q2', value: '400.00' },
    { label: '2025-26 Q3', value: '-100.00' },
    { label: '2025-26 Q4', value: '200.00' },
  ]

  it('draws a column per item, scaled to the largest absolute value, negatives below the axis', () => {
    const $ = svg(
      columnChart({ title: 'By quarter', description: 'Four quarters', format: compactMoney, columns: quarters }),
    )
    expect($('svg').attr('role')).toBe('img')
    const axis = Number($('line').attr('y1'))
    const rects = $('rect')
      .toArray()
      .map((r) => ({ y: Number($(r).attr('y')), h: Number($(r).attr('height')), fill: $(r).attr('fill') }))
    expect(rects.map((r) => r.h / rects[1]!.h)).toEqual([0.25, 1, 0.25, 0.5])
    expect(rects[1]!.y + rects[1]!.h).toBeCloseTo(axis, 0)
    expect(rects[2]!.y).toBeCloseTo(axis, 0)
    expect(rects[2]!.fill).toBe(CHART_COLOURS.negative)
  })

  it('splits labels over lines and writes values as text', () => {
    const $ = svg(
      columnChart({ title: 'By quarter', description: 'Four quarters', format: compactMoney, columns: quarters }),
    )
    expect(
      $('tspan')
        .map((_, t) => $(t).text())
        .get()
        .slice(0, 4),
    ).toEqual(['2025-26', 'Q1', '2025-26', 'Q2'])
    expect($('text').first().text()).toBe('£100')
    expect($.xml()).not.toContain('NaN')
  })

  it('grows wider for many columns, so labels do not collide', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ label: `Q${i + 1}`, value: '0.00' }))
    const $ = svg(columnChart({ title: 'Many', description: 'Many', format: plain, columns: many }))
    expect($('svg').attr('viewBox')).toMatch(/^0 0 768 /)
    expect($.xml()).not.toContain('NaN')
  })
})

describe('compactMoney', () => {
  it.each([
    ['0.00', '£0'],
    ['950.40', '£950'],
    ['999.60', '£1.0k'],
    ['8249.99', '£8.2k'],
    ['450000.00', '£450k'],
    ['25704699.12', '£25.7m'],
    ['123456789.00', '£123m'],
    ['-12000.00', '−£12k'],
  ])('%s → %s', (value, expected) => expect(compactMoney(value)).toBe(expected))
})

describe('escapeXml', () => {
  it('escapes the five XML specials', () =>
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'))
})
