import { describe, expect, it } from 'vitest'
import { rejectionsDisposition } from './csv.js'

describe('rejectionsDisposition', () => {
  it('names the download after the upload without its own extensions', () => {
    expect(rejectionsDisposition('odd.csv')).toBe('attachment; filename="rejections-odd.csv"')
    expect(rejectionsDisposition('Payments Q1 2024.csv.gz')).toBe(
      'attachment; filename="rejections-Payments_Q1_2024.csv"',
    )
    expect(rejectionsDisposition('register.xlsx')).toBe('attachment; filename="rejections-register.csv"')
    expect(rejectionsDisposition('"quoted"; name')).toBe('attachment; filename="rejections-_quoted_name.csv"')
  })
})
