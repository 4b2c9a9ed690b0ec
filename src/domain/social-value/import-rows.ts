// The rows of a commitments or returns file: the columns each needs, and the check of each row. A file is loaded
// only when every row passes, so the messages name the row and the reason.
import { isIsoDate } from './period.js'
import { formatQuantity, parseQuantity } from './quantity.js'

export const COMMITMENT_COLUMNS = [
  'contract_reference',
  'measure_code',
  'period_start',
  'period_end',
  'target_quantity',
] as const
export const RETURN_COLUMNS = [
  'contract_reference',
  'measure_code',
  'period_start',
  'period_end',
  'actual_quantity',
  'evidence',
] as const

export type SvRowKind = 'commitments' | 'returns'

export type SvRow = {
  rowNumber: number
  contractReference: string
  measureCode: string
  periodStart: string
  periodEnd: string
  /** Target or actual, normalised ("12.5"). */
  quantity: string
  /** Returns only: the evidence cell, as given. */
  evidence: string
}

/** Lower-case, spaces and hyphens to underscores, so "Contract Reference" finds contract_reference. */
export function headerKey(header: string): string {
  return header
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

/** Where each needed column is in the header, or the names of those missing. */
export function locateColumns(
  header: readonly string[],
  kind: SvRowKind,
): { ok: true; index: Record<string, number> } | { ok: false; missing: string[] } {
  const wanted = kind === 'commitments' ? COMMITMENT_COLUMNS : RETURN_COLUMNS
  const keys = header.map(headerKey)
  const index: Record<string, number> = {}
  const missing: string[] = []
  for (const column of wanted) {
    const at = keys.indexOf(column)
    if (at < 0 && !(kind === 'returns' && column === 'evidence')) missing.push(column)
    index[column] = at
  }
  return missing.length ? { ok: false, missing } : { ok: true, index }
}

/** Checks one row; the reasons are in GOV.UK style and name the column. */
export function parseSvRow(
  cells: readonly string[],
  rowNumber: number,
  index: Record<string, number>,
  kind: SvRowKind,
): { ok: true; row: SvRow } | { ok: false; reasons: string[] } {
  const cell = (column: string) => (index[column]! >= 0 ? (cells[index[column]!] ?? '').trim() : '')
  const reasons: string[] = []
  const contractReference = cell('contract_reference')
  const measureCode = cell('measure_code')
  const periodStart = cell('period_start')
  const periodEnd = cell('period_end')
  const quantityColumn = kind === 'commitments' ? 'target_quantity' : 'actual_quantity'
  const quantityText = cell(quantityColumn)
  if (!contractReference) reasons.push('contract_reference is empty')
  if (!measureCode) reasons.push('measure_code is empty')
  if (!isIsoDate(periodStart)) reasons.push(`period_start "${periodStart}" is not a date written YYYY-MM-DD`)
  if (!isIsoDate(periodEnd)) reasons.push(`period_end "${periodEnd}" is not a date written YYYY-MM-DD`)
  if (isIsoDate(periodStart) && isIsoDate(periodEnd) && periodEnd < periodStart)
    reasons.push('period_end is before period_start')
  const quantity = parseQuantity(quantityText)
  if (quantity === undefined)
    reasons.push(`${quantityColumn} "${quantityText}" is not a number of 0 or more with at most 3 decimal places`)
  else if (kind === 'commitments' && Number(formatQuantity(quantity)) <= 0)
    reasons.push('target_quantity is 0: a commitment promises something')
  if (reasons.length) return { ok: false, reasons }
  return {
    ok: true,
    row: {
      rowNumber,
      contractReference,
      measureCode,
      periodStart,
      periodEnd,
      quantity: formatQuantity(quantity!),
      evidence: kind === 'returns' ? cell('evidence') : '',
    },
  }
}

/** The key that makes a row the same commitment or return as another. */
export function svRowKey(r: Pick<SvRow, 'contractReference' | 'measureCode' | 'periodStart' | 'periodEnd'>): string {
  return [r.contractReference.toLowerCase(), r.measureCode.toLowerCase(), r.periodStart, r.periodEnd].join('|')
}

/** Splits a returns file's evidence cell into links and a description: URLs become links, the rest is text. */
export function splitEvidence(evidence: string): { links: string[]; description: string } {
  const links: string[] = []
  const words: string[] = []
  for (const part of evidence.split(/\s+/).filter(Boolean)) {
    if (/^https?:\/\/\S+$/i.test(part)) links.push(part)
    else words.push(part)
  }
  return { links, description: words.join(' ') }
}
