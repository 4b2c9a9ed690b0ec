import { describe, expect, it } from 'vitest'
import { LegalFormHint, decodeEntities, legalFormHint, normaliseSupplierName, tradingNames } from './supplier-name.js'

describe('decodeEntities', () => {
  it.each([
    ['WILLIAM MOORE &amp; SON LTD', 'WILLIAM MOORE & SON LTD'],
    ['ST MUNGO&#39;S', "ST MUNGO'S"],
    ['ST MUNGO&#x27;S', "ST MUNGO'S"],
    ['A &amp;amp; B', 'A & B'],
    ['Fish &chips; Ltd', 'Fish &chips; Ltd'],
  ])('%j → %j', (text, expected) => {
    expect(decodeEntities(text)).toBe(expected)
  })
})

describe('normaliseSupplierName', () => {
  it.each([
    ['A & H Comms Limited', 'a and h comms'],
    ['A &amp; H COMMS LTD.', 'a and h comms'],
    ['CgMs Ltd. ', 'cgms'],
    ['JILL BARTLETT & COMPANY LTD', 'jill bartlett'],
    ['Smith & Co', 'smith'],
    ['THE POLICE ICT COMPANY', 'police ict'],
    ['VODAFONE LTD (215385)', 'vodafone'],
    ['VODAFONE LTD (WAS CABLE & WIRELESS) INACTIVE', 'vodafone'],
    ['ALLSTAR BUSINESS SOLUTIONS LTD [ARVAL PHH BUSINESS SOLUTIONS LTD]', 'allstar business solutions'],
    ['ZELLIS (FORMERLY NORTHGATE ARINSO UK LTD)', 'zellis'],
    ['ELIS UK LTD FORMERLY BERENDSEN UK LTD', 'elis uk'],
    ['LANCASHIRE COUNTY COUNCIL (200398)', 'lancashire county council'],
    ['SONIC COMMUNICATIONS (INTERNATIONAL) LTD', 'sonic communications international'],
    ['WOODALL NICHOLSON LTD T/A VCS', 'woodall nicholson'],
    ['MWUK Ltd T/AS YAFFY', 'mwuk'],
    ["YMCA ST PAUL'S GROUP", 'ymca st pauls group'],
    ['Hyde Housing Association Limited', 'hyde housing association'],
    ['Oxford Community Interest CIC', 'oxford community interest'],
    ['Smith Partners LLP', 'smith partners'],
    ['Acme Inc.', 'acme'],
    ['  Lots   of   space  ', 'lots of space'],
    ['Limited', 'limited'],
    ['Co', 'co'],
  ])('%j → %j', (name, expected) => {
    expect(normaliseSupplierName(name)).toBe(expected)
  })

  it('brings the same firm together across spellings', () => {
    const spellings = ['William Moore & Son Ltd', 'WILLIAM MOORE &amp; SON LIMITED', 'william moore and son']
    expect(new Set(spellings.map(normaliseSupplierName)).size).toBe(1)
  })
})

describe('tradingNames', () => {
  it.each([
    ['WOODALL NICHOLSON LTD T/A VCS', ['vcs']],
    ['MWUK Ltd T/AS YAFFY', ['yaffy']],
    ['J Bloggs trading as Bloggs Plumbing Ltd', ['bloggs plumbing']],
    ['Costa Coffee', []],
  ])('%j → %j', (name, expected) => {
    expect(tradingNames(name)).toEqual(expected)
  })
})

describe('legalFormHint', () => {
  it.each([
    ['A & H Comms Limited', LegalFormHint.Company],
    ['TESCO STORES LTD', LegalFormHint.Company],
    ['BT PLC', LegalFormHint.Plc],
    ['Smith Partners LLP', LegalFormHint.Llp],
    ['Oxford Hub CIC', LegalFormHint.Cic],
    ['Foo Community Interest Company', LegalFormHint.Cic],
    ['OXFORD ROUND TABLE CHARITABLE TRUST', LegalFormHint.Charity],
    ['Refugee Resource CIO', LegalFormHint.Charity],
    ['WYRE BOROUGH COUNCIL', LegalFormHint.Council],
    ['LONDON BOROUGH OF REDBRIDGE', LegalFormHint.Council],
    ['L B SOUTHWARK', LegalFormHint.Council],
    ['LB HOUNSLOW', LegalFormHint.Council],
    ['WOODALL NICHOLSON LTD T/A VCS', LegalFormHint.Company],
    ['NDORS TRAINER', null],
    ['Redacted personal data', null],
  ])('%j → %s', (name, expected) => {
    expect(legalFormHint(name)).toBe(expected)
  })
})
