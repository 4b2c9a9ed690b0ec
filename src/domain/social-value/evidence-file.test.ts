import { describe, expect, it } from 'vitest'
import { evidenceFileProblem } from './evidence-file.js'

describe('evidenceFileProblem', () => {
  it('accepts documents, spreadsheets and images, whatever the case of the extension', () => {
    for (const name of ['report.pdf', 'Hours Q1.XLSX', 'photo.JPG', 'notes.docx', 'timesheet.csv', 'site.heic'])
      expect(evidenceFileProblem(name)).toBeNull()
  })

  it('refuses programs, scripts, archives, web pages and names without an extension', () => {
    for (const name of ['ev.exe', 'run.bat', 'macro.js', 'pack.zip', 'page.html', 'invoice.pdf.exe', 'README'])
      expect(evidenceFileProblem(name)).toMatch(/is not a document, spreadsheet or image/)
  })
})
