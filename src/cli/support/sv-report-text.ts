// The social value report as the command line prints it: a table of committed and delivered £ by theme, measure and
// contract. A line no proxy value prices says "units only" (a measure shows its quantities instead), never £0.00.
import { RAG_LABELS } from '../../domain/social-value/rag.js'
import type { Money, SocialValueReport } from '../../domain/social-value/report.js'
import { formatMoney } from '../../web/support/format.js'

const LABEL = 40
const COLUMN = 16
const UNITS_ONLY = 'units only'

function line(label: string, committed: string, delivered: string): string {
  return `  ${label.slice(0, LABEL).padEnd(LABEL)} ${committed.padStart(COLUMN)} ${delivered.padStart(COLUMN)}`
}

function pounds(label: string, c: Money, d: Money, unitsOnly: boolean): string {
  return unitsOnly ? line(label, UNITS_ONLY, UNITS_ONLY) : line(label, formatMoney(c.amount), formatMoney(d.amount))
}

export function socialValueReportText(report: SocialValueReport, heading: string): string {
  const overall = report.rag.overall
  return (
    [
      heading,
      line('', 'committed', 'delivered'),
      pounds('Total', report.committed, report.delivered, false),
      'By theme:',
      ...report.byTheme.map((t) => pounds(t.theme, t.committed, t.delivered, t.unitsOnly)),
      'By measure:',
      ...report.byMeasure.map((m) =>
        m.unitsOnly
          ? line(`${m.code} ${m.name}`, `${m.committedQuantity} ${m.unit}`, `${m.deliveredQuantity} ${m.unit}`)
          : pounds(`${m.code} ${m.name}`, m.committed, m.delivered, false),
      ),
      'By contract:',
      ...report.byContract.map(
        (c) => `${pounds(`${c.reference} ${c.title}`, c.committed, c.delivered, c.unitsOnly)}  ${c.rag.status}`,
      ),
      `Overall: ${RAG_LABELS[overall.status]}${overall.percent ? ` (${overall.percent}% of committed value)` : ''}; ` +
        `${overall.counts.green} green, ${overall.counts.amber} amber, ${overall.counts.red} red, ${overall.counts['not-due']} not yet due.`,
      report.byTheme.some((t) => t.unitsOnly) || report.byMeasure.some((m) => m.unitsOnly)
        ? 'Lines in units only have no proxy value in the framework, so the £ totals leave them out.'
        : '',
    ]
      .filter((text) => text !== '')
      .join('\n') + '\n'
  )
}
