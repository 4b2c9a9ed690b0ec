import { describe, expect, it } from 'vitest'
import { withUnit } from './returns.view.js'

describe('a quantity with its unit', () => {
  it('groups thousands and puts a pound sign before the figure', () => {
    expect(withUnit('15000', '£ spent')).toBe('£15,000 spent')
    expect(withUnit('38000.5', 'kg of CO2e avoided (measured at source)')).toBe('38,000.5 kg of CO2e avoided')
    expect(withUnit('120', 'kg of single-use plastic avoided')).toBe('120 kg of single-use plastic avoided')
  })
})
