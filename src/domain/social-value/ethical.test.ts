import { describe, expect, it } from 'vitest'
import { checkEthicalStandards, isCareContract, type Declaration } from './ethical.js'

const d = (over: Partial<Declaration> & Pick<Declaration, 'standard'>): Declaration => ({
  meets: true,
  coversSupplyChain: null,
  statementUrl: null,
  statementYear: null,
  evidenceUrl: null,
  evidenceNote: '',
  declaredOn: '2025-06-01',
  expiresOn: null,
  ...over,
})

describe('ethical standards', () => {
  it('knows a care contract by its social work CPV code', () => {
    expect(isCareContract(['85312000-9'])).toBe(true)
    expect(isCareContract(['85310000'])).toBe(true)
    expect(isCareContract(['85100000-0'])).toBe(false) // health services, not social work
    expect(isCareContract(['45000000-7'])).toBe(false)
  })

  it('flags missing, expired, incomplete and unmet mandatory standards; the care charter only for care providers', () => {
    const declarations = [
      d({ standard: 'london-living-wage', coversSupplyChain: false }),
      d({ standard: 'no-blacklisting', declaredOn: '2024-01-01' }), // a year later it has lapsed
      d({ standard: 'modern-slavery', statementUrl: 'https://example.org/ms', statementYear: null }),
      d({ standard: 'no-damaging-products', expiresOn: '2027-01-01' }),
      d({ standard: 'electronics-watch' }),
    ]
    const result = checkEthicalStandards(declarations, { isCareProvider: false, today: '2025-09-01' })
    const state = Object.fromEntries(result.standards.map((s) => [s.code, s.state]))
    expect(state).toEqual({
      'london-living-wage': 'not-met',
      'no-blacklisting': 'expired',
      'modern-slavery': 'incomplete',
      'ethical-care-charter': 'not-applicable',
      'no-damaging-products': 'met',
      'end-violence-at-work': 'missing',
      'electronics-watch': 'met',
      'safer-urban-driving': 'missing',
    })
    expect(result.flags.map((f) => f.code)).toEqual(['london-living-wage', 'no-blacklisting', 'modern-slavery'])
    const care = checkEthicalStandards(declarations, { isCareProvider: true, today: '2025-09-01' })
    expect(care.flags.map((f) => f.code)).toContain('ethical-care-charter')
  })

  it('counts the latest declaration of each standard', () => {
    const result = checkEthicalStandards(
      [
        d({ standard: 'no-blacklisting', meets: false, declaredOn: '2025-01-01' }),
        d({ standard: 'no-blacklisting', declaredOn: '2025-05-01' }),
      ],
      { isCareProvider: false, today: '2025-06-01' },
    )
    expect(result.standards.find((s) => s.code === 'no-blacklisting')).toMatchObject({
      state: 'met',
      expiresOn: '2026-05-01',
    })
  })
})
