// CSV for downloads (RFC 4180), with formula-injection protection for spreadsheets.
const NEEDS_QUOTES = /[",\r\n]/

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection advice). */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value
}

function quote(value: string): string {
  const safe = safeCell(value)
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(quote).join(',')}\r\n`
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('')
}

/**
 * The content-disposition of the CSV of an upload's rejected rows: "Payments Q1.xlsx" → rejections-Payments_Q1.csv
 * (the upload's own extensions dropped, so the download is not named ….csv.csv).
 */
export function rejectionsDisposition(uploadedFileName: string): string {
  const stem = uploadedFileName.replace(/(\.(csv|tsv|txt|xlsx|xls|json|gz|zip))+$/i, '') || 'upload'
  return `attachment; filename="rejections-${stem.replace(/[^\w.-]+/g, '_')}.csv"`
}
