import { describe, expect, it } from 'vitest'
import { effectiveSort, pageCount, prefixTsQuery, searchWords, ukCalendarDay } from './search-query.js'

describe('prefixTsQuery', () => {
  it('needs every word, and the last one as the start of a word', () => {
    expect(prefixTsQuery('Grounds maintenance')).toBe("'grounds' & 'maintenance':*")
    expect(prefixTsQuery('ground')).toBe("'ground':*")
  })

  it('keeps letters and digits only, so nothing typed becomes an operator', () => {
    expect(prefixTsQuery("o'brien & (parks | !x):*")).toBe("'o' & 'brien' & 'parks' & 'x':*")
    expect(prefixTsQuery('Café Zoë 2026')).toBe("'café' & 'zoë' & '2026':*")
  })

  it('is undefined when there is nothing to search for', () => {
    expect(prefixTsQuery(undefined)).toBeUndefined()
    expect(prefixTsQuery('  -- ')).toBeUndefined()
  })

  it('uses at most eight words', () => {
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8)
  })
})

describe('effectiveSort', () => {
  it('orders by best match when there are words, else newest first', () => {
    expect(effectiveSort({ text: 'parks' })).toBe('relevance')
    expect(effectiveSort({})).toBe('start')
    expect(effectiveSort({ text: ' ', sort: 'relevance' })).toBe('start')
    expect(effectiveSort({ text: 'parks', sort: 'value' })).toBe('value')
  })
})

describe('pageCount', () => {
  it('is at least one page', () => {
    expect(pageCount(0, 20)).toBe(1)
    expect(pageCount(20, 20)).toBe(1)
    expect(pageCount(21, 20)).toBe(2)
  })
})

describe('ukCalendarDay', () => {
  it('is the day in the UK, in summer time too', () => {
    expect(ukCalendarDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(ukCalendarDay(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31')
  })
})
