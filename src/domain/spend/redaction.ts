// Whether a payee name is a redaction, a private individual or an organisation. Councils must withhold personal
// data, and they write the withholding many ways: "Redacted personal data", "Redacted, personal data",
// "REDACTED - PERSONAL INFORMATION", "REDACTED COMMERCIAL CONFIDENTIALITY", "THIRD PARTY SUPPLIER". A substring test
// is wrong: "Redactive Publishing Limited" and "Third Party Solutions Ltd" are real firms. So a name is a redaction
// only when every word in it is redaction vocabulary and it contains a redaction marker.
import { decodeEntities } from './supplier-name.js'

export const PayeeKind = { Redacted: 'redacted', Individual: 'individual', Organisation: 'organisation' } as const
export type PayeeKind = (typeof PayeeKind)[keyof typeof PayeeKind]
export type PayeeClassification = { kind: PayeeKind; reason?: string }

const REDACTION_VOCABULARY = new Set(
  (
    'redacted redaction personal data information info details detail commercial commercially confidential ' +
    'confidentiality sensitive third party supplier payee individual private withheld name names protection gdpr ' +
    'act due to for reasons of the and not disclosed under exempt exemption'
  ).split(' '),
)
// At least one of these must be present; "Data", "Supplier" or "The Party" alone are not redactions.
const REDACTION_MARKERS = [
  /\bredact(?:ed|ion)\b/,
  /\bwithheld\b/,
  /\bpersonal\b/,
  /\bconfidential(?:ity)?\b/,
  /\bthird party\b/,
  /\bprivate individual\b/,
  /\bnot disclosed\b/,
  /\bgdpr\b/,
]

const ORGANISATION_WORDS = new Set(
  (
    'ltd limited plc llp lp cic cio inc co company and services service trust associates partnership partners ' +
    'solicitors group holdings centre center school college council university club society association ' +
    'consultants consultancy consulting care homes home housing foundation church academy nursery uk international'
  ).split(' '),
)
const LEGAL_SUFFIX = /\b(?:ltd|limited|plc|llp|cic|cio|inc)\b/
const TITLES = 'mr|mrs|ms|miss|mx|dr|rev|revd|prof|sir|dame|master'
// "Mrs J Smith", "MR Y ALI", "Dr A B Patel", "Mr John Smith": a title, then two or three name words. A title and one
// word is not enough: Leeds pays "Mr Presenter", a firm.
const TITLE_FIRST = new RegExp(`^(?:${TITLES})\\s+(?:[a-z][a-z'-]*\\s+){1,2}[a-z][a-z'-]+$`)
// "SMITH J MR", "Ali Y Mr": surname, initials, title (some ledgers sort people this way).
const TITLE_LAST = new RegExp(`^[a-z][a-z'-]+(?:\\s+[a-z]){1,2}\\s+(?:${TITLES})$`)
// A name without a title ("COLLEEN ASHBEE", "S Blackburn") is not judged a person: in the published files a
// forename-and-surname or initial-and-surname rule also catches firms and public bodies ("ROBERT WALTERS", "BLAKE
// LAPTHORN", "Leonard Cheshire", "L B SOUTHWARK", "T V Licensing").

// Households and joint landlords: "MR P & MRS DW DOWLEY", "Mr and Mrs Smith", "Dr & Mrs Patel", "MR E ALDWORTH/MR MJ
// NASH". Two or more titled people joined by "and" (or "&", "+", "/", read as "and"), each with at most three name
// words; a title may stand alone ("Mr and ...") but the last person needs a name. Every part must carry a title, so
// "Dr Spurstowe & Bishop Wood Almshouses" stays an organisation.
const NAME = `(?!(?:and|${TITLES})(?: |$))[a-z][a-z'-]*`
const TITLED_PERSON = `(?:${TITLES})(?: ${NAME}){0,3}`
const TITLED_PEOPLE = new RegExp(`^${TITLED_PERSON}(?: and ${TITLED_PERSON})* and (?:${TITLES})(?: ${NAME}){1,3}$`)
// "Messrs" titles men in partnership: "Messrs Smith", "MESSRS DUNCAN & BAILEY-KENNEDY", "Messrs J & A Patel".
const MESSRS = new RegExp(`^messrs ${NAME}(?: (?:and )?${NAME}){0,3}$`)
// "Messrs Smith & Son" is a family firm, not a household.
const FAMILY_FIRM = / and (?:son|sons|daughters?|brothers|bros)(?: |$)/

/** Classify a published payee name; blank counts as redacted, because the payee was withheld. */
export function classifyPayee(name: string): PayeeClassification {
  const text = normalise(decodeEntities(name))
  if (text === '') return { kind: PayeeKind.Redacted, reason: 'Payee name is blank' }
  if (LEGAL_SUFFIX.test(text)) return { kind: PayeeKind.Organisation, reason: 'Name has a legal suffix' }

  const words = text.split(' ')
  if (words.every((w) => REDACTION_VOCABULARY.has(w)) && REDACTION_MARKERS.some((m) => m.test(text))) {
    return { kind: PayeeKind.Redacted, reason: `"${name.trim()}" is a redaction` }
  }
  // A joined name is judged as a whole, so that "Mr Smith & Jones" is not read as "Mr Smith Jones".
  const people = joinPeople(decodeEntities(name))
  if (people.startsWith('messrs ') || people.split(' ').includes('and')) {
    return isTitledPeople(people)
      ? { kind: PayeeKind.Individual, reason: 'Name is titled people with personal names' }
      : { kind: PayeeKind.Organisation }
  }
  const personLike = TITLE_FIRST.test(text) || TITLE_LAST.test(text)
  if (personLike && !words.some((w) => ORGANISATION_WORDS.has(w))) {
    return { kind: PayeeKind.Individual, reason: 'Name is a title with a personal name' }
  }
  return { kind: PayeeKind.Organisation }
}

/** Normalised, with "&", "+" and "/" as "and"; in a name so joined, commas list people too ("Mr A, Mrs B and …"). */
function joinPeople(name: string): string {
  const joined = normalise(name.replace(/[&+/]/g, ' and '))
  if (!joined.split(' ').includes('and')) return joined
  return normalise(name.replace(/[&+/,]/g, ' and ')).replace(/\band(?: and)+\b/g, 'and')
}

function isTitledPeople(joined: string): boolean {
  if (!TITLED_PEOPLE.test(joined) && !MESSRS.test(joined)) return false
  // "and" joins the people here; every other word must not be an organisation word.
  return !FAMILY_FIRM.test(joined) && !joined.split(' ').some((w) => w !== 'and' && ORGANISATION_WORDS.has(w))
}

/** Lower case, punctuation as spaces (keeping apostrophes and hyphens inside words), single spaces. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s-]+/gu, ' ')
    .replace(/\s+-\s+|\s+/g, ' ')
    .trim()
}
