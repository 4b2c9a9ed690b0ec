// Supplier names reduced to a form for matching the same payee across files and publishers: "A & H Comms Limited",
// "A &amp; H COMMS LTD." and "a and h comms" should meet. This is for matching only; always display the published
// name. Brackets are dropped only when they hold codes or asides ("(215385)", "[ARVAL PHH …]", "(formerly …)"):
// "Sonic Communications (International) Ltd" keeps "international", because that is part of the name.

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi

function decodeEntity(whole: string, body: string): string {
  const lower = body.toLowerCase()
  if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16))
  if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)))
  return ENTITIES[lower] ?? whole
}

/** Decode the HTML entities that leak into published names (&amp; &#39; &#x27;), twice for "&amp;amp;". */
export function decodeEntities(text: string): string {
  // Most cells hold no entity at all; this runs for every text cell of every row of a file.
  if (!text.includes('&')) return text
  return text.replace(ENTITY, decodeEntity).replace(ENTITY, decodeEntity)
}

const TRADING_AS = /\s+(?:t\/as?|trading as)\s+/i
const ASIDE = /^(?:formerly|was|previously|prev|t\/as?|trading as|inactive|do not use)\b/i
const LEGAL_SUFFIXES = new Set(['ltd', 'limited', 'plc', 'llp', 'lp', 'cic', 'cio', 'inc', 'co', 'company', 'and'])
// Trailing housekeeping words some ledgers append to supplier records.
const TRAILING_NOISE = /(?:\s*[-–]?\s*(?:inactive|do not use|dnu))+\s*$/i

/** A matching key for a supplier name: lower case, "&" as "and", no punctuation, legal suffixes or asides. */
export function normaliseSupplierName(name: string): string {
  const [main = ''] = decodeEntities(name).split(TRADING_AS)
  const cleaned = main
    .replace(/\s+(?:formerly|previously)\s+.*$/i, '')
    .replace(/\[[^\]]*\]?/g, ' ')
    .replace(/\(([^)]*)\)?/g, (_whole, inner: string) => (isCodeOrAside(inner) ? ' ' : ` ${inner} `))
    .replace(TRAILING_NOISE, '')
  return stripLegalSuffixes(words(cleaned)).join(' ')
}

/** Names the payee trades under, from "X Ltd t/a Y": ["y"], normalised like normaliseSupplierName. */
export function tradingNames(name: string): string[] {
  const [, ...aliases] = decodeEntities(name).split(TRADING_AS)
  return aliases.map(normaliseSupplierName).filter((alias) => alias !== '')
}

function isCodeOrAside(inner: string): boolean {
  const trimmed = inner.trim()
  return trimmed === '' || /^[A-Z]{0,4}[\d/-]{3,}[A-Z]?$/i.test(trimmed) || ASIDE.test(trimmed)
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
}

/** Drop legal-form words from the end ("… & Co Ltd" → "…"), and a leading "the", never emptying the name. */
function stripLegalSuffixes(tokens: string[]): string[] {
  let end = tokens.length
  while (end > 1 && LEGAL_SUFFIXES.has(tokens[end - 1] ?? '')) end--
  const start = tokens[0] === 'the' && end > 1 ? 1 : 0
  return tokens.slice(start, end)
}

export const LegalFormHint = {
  Company: 'company',
  Plc: 'plc',
  Llp: 'llp',
  Cic: 'cic',
  Charity: 'charity',
  Council: 'council',
} as const
export type LegalFormHint = (typeof LegalFormHint)[keyof typeof LegalFormHint]

// Most specific first: "X Community Interest Company Ltd" is a CIC, "X Charitable Trust Ltd" a charity.
const LEGAL_FORM_PATTERNS: readonly [RegExp, LegalFormHint][] = [
  [/\b(?:cic|c\.i\.c\.?|community interest company)\b/i, LegalFormHint.Cic],
  [/\b(?:cio|charity|charitable|charitable incorporated organisation)\b/i, LegalFormHint.Charity],
  [/\b(?:plc|p\.l\.c\.?|public limited company)\b/i, LegalFormHint.Plc],
  [/\b(?:llp|l\.l\.p\.?|limited liability partnership)\b/i, LegalFormHint.Llp],
  [/\b(?:ltd|limited)\b/i, LegalFormHint.Company],
  [/\b(?:council|borough of|county of)\b|^(?:lb|l b|rb|rbk|london borough)\s/i, LegalFormHint.Council],
]

/** What the name suggests about the payee's legal form; a hint for matching, not a fact. */
export function legalFormHint(name: string): LegalFormHint | null {
  const decoded = decodeEntities(name)
  const [main = ''] = decoded.split(TRADING_AS)
  for (const [pattern, hint] of LEGAL_FORM_PATTERNS) if (pattern.test(main)) return hint
  return null
}
