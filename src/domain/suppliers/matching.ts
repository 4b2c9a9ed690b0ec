// Fuzzy matching of payee names to suppliers. Pure: it compares names already reduced by normaliseSupplierName
// ("hm revenue and customs"), so case, punctuation, "&"/"and" and legal suffixes are settled before we get here.
//
// The score blends two views of a pair of names:
// - a weighted token alignment: each word is paired with its most similar word in the other name (Jaro–Winkler, with
//   plurals, typos and abbreviations allowed), and words count by how much they tell firms apart: "uk" or "of"
//   hardly at all, "london" or "university" a little, "barnet" fully. So "london borough of barnet" and "… barking"
//   share most of their words but little of their weight.
// - character-bigram Dice on the names without spaces, which sees "acornsnurseries" in "acorns nurseries".
// Ledgers truncate names (the GLA at 35 characters: "department for culture media and spo"), so a name cut in the
// middle of a word is compared with the same length of the other name.

/** At or above this score, and clearly ahead of the runner-up, a payee joins a supplier without review. */
export const AUTO_THRESHOLD = 0.9
/** The best candidate must beat the runner-up by this much to be taken automatically; else a person decides. */
export const AUTO_MARGIN = 0.05
/** At or above this score (and below automatic) the payee goes to the review queue with its candidates. */
export const REVIEW_THRESHOLD = 0.72
// How these were chosen: on test/fixtures/payee-labels.csv (222 payee spellings from Leeds 2013, Oxford, the GLA and
// Trafford, hand-grouped into 131 real organisations, with near-misses such as the London boroughs, Leeds' colleges and
// Capita's subsidiaries). The highest-scoring pair of different organisations there ("leeds metropolitan unive" ~
// "leeds metropolitan univ students") scores 0.80, so 0.9 leaves a clear gap and makes no wrong merge; the spellings
// of one organisation that score 0.72–0.9 ("leeds federated housing" ~ "… association", "british geological survey
// nerc") go to a person, as do a few near-misses (St Aidan's and St Andrew's parochial church councils); below 0.72
// are mostly pairs where one name drops a word ("vale of white horse dc"), not worth a reviewer's time.
// test/payee-matching.test.ts prints the precision and recall these give.

/** Words that add little: a firm is the same with or without "uk" or "the". */
const NOISE = new Set(['uk', 'gb', 'the', 'of', 'and', 'for', 'in', 'at', 'to', 'on'])
/** Words many unrelated organisations share; they count, but less than a distinctive word. */
const COMMON = new Set(
  (
    'services service group holdings international solutions company trust london borough council city county ' +
    'district metropolitan royal university college school academy primary nhs foundation housing association ' +
    'community centre center church parish st north south east west great greater national british england ' +
    'leeds oxford manchester yorkshire trafford limited management consultants consultancy associates partners'
  ).split(' '),
)
const NOISE_WEIGHT = 0.1
const COMMON_WEIGHT = 0.6
/** Legal suffixes cut short by a ledger ("… communications l", "… lt", "… limite"): the normaliser keeps them. */
const CUT_SUFFIX = /^(?:l|li|lim|limi|limit|limite|lt|lts|ltd|pl|llp|cic|plc)$/

const TOKEN_WEIGHT = 0.8
const DICE_WEIGHT = 0.2

export function tokenWeight(token: string): number {
  if (NOISE.has(token)) return NOISE_WEIGHT
  if (COMMON.has(token)) return COMMON_WEIGHT
  return 1
}

/** The words of a normalised name that matching compares: without a cut-off legal suffix at the end. */
export function matchTokens(name: string): string[] {
  const tokens = name.split(' ').filter((t) => t !== '')
  while (tokens.length > 1 && CUT_SUFFIX.test(tokens[tokens.length - 1]!)) tokens.pop()
  return tokens
}

/** Keys for finding candidates cheaply: the first word, and the first two words run together ("a 1" ~ "a1"). */
export function blockingKeys(name: string): string[] {
  const [first = '', second = ''] = matchTokens(name)
  return [...new Set([first, `${first}${second}`].filter((k) => k !== ''))]
}

/**
 * Narrower keys for the national registers, where millions of names share a first word ("london …"): the first
 * word with the start of the second ("leeds tea" for "leeds teaching hospitals"), and the first two run together.
 * Computed on the plain words, as SQL can: see findRegisterCandidates.
 */
export function registerBlockingKeys(name: string): string[] {
  const [first = '', second = ''] = name.split(' ')
  if (first === '') return []
  return [...new Set([`${first} ${second.slice(0, 3)}`, `${first}${second}`])]
}

/** Jaro–Winkler similarity of two strings, 0 to 1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  if (a.length === 0 || b.length === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1)
  const aMatched = new Array<boolean>(a.length).fill(false)
  const bMatched = new Array<boolean>(b.length).fill(false)
  let matches = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue
      aMatched[i] = bMatched[j] = true
      matches++
      break
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue
    while (!bMatched[j]) j++
    if (a[i] !== b[j]) transpositions++
    j++
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3
  let prefix = 0
  while (prefix < 4 && a[prefix] !== undefined && a[prefix] === b[prefix]) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>()
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2)
    grams.set(gram, (grams.get(gram) ?? 0) + 1)
  }
  return grams
}

/** Sørensen–Dice coefficient over character bigrams, 0 to 1. */
export function bigramDice(a: string, b: string): number {
  if (a === b) return 1
  const x = bigrams(a)
  const y = bigrams(b)
  let shared = 0
  let total = 0
  for (const [gram, n] of x) {
    shared += Math.min(n, y.get(gram) ?? 0)
    total += n
  }
  for (const n of y.values()) total += n
  return total === 0 ? 0 : (2 * shared) / total
}

const hasDigit = (t: string) => /\d/.test(t)

/** How alike two words are, 0 to 1: equal, plural, a typo (Jaro–Winkler ≥ 0.9) or an abbreviation ("assoc"). */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1
  // Numbers tell entities apart ("spv 8", "retail 4"): they match only exactly.
  if (hasDigit(a) || hasDigit(b)) return 0
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  if (long === `${short}s` || long === `${short}es`) return 0.97
  if (short.length >= 4) {
    const jw = jaroWinkler(a, b)
    if (jw >= 0.9 && long.length - short.length <= 2) return jw
    if (long.startsWith(short)) return 0.8
  }
  return 0
}

type Alignment = { score: number; weight: number }

/** The initials of a name's words, for spotting an acronym added to it: "care quality commission" → "cqc". */
function initials(tokens: readonly string[]): string {
  return tokens
    .filter((t) => !NOISE.has(t))
    .map((t) => t[0])
    .join('')
}

/** Each word of `from`, weighted, paired with its most similar word in `to` (or with `to`'s acronym). */
function align(from: readonly string[], to: readonly string[]): Alignment {
  const acronym = to.length >= 2 ? initials(to) : ''
  let score = 0
  let weight = 0
  for (const token of from) {
    const w = tokenWeight(token)
    let best = token === acronym ? 1 : 0
    for (const other of to) best = Math.max(best, tokenSimilarity(token, other))
    score += w * best
    weight += w
  }
  return { score, weight }
}

/**
 * When one name looks cut short (it ends part-way through the other's word: "leeds college of build"), the other
 * name's words past the cut are dropped, because the ledger never showed what came after.
 */
function trimForTruncation(a: string[], b: string[]): [string[], string[]] {
  const cut = (short: string[], long: string[]): string[] | null => {
    const n = short.length
    const last = short[n - 1]!
    const cutWord = long[n - 1]
    const looksCut =
      n >= 2 &&
      cutWord !== undefined &&
      cutWord.length > last.length &&
      cutWord.startsWith(last) &&
      (last.length >= 3 || short.join(' ').length >= 20) &&
      short.slice(0, -1).every((t, i) => tokenSimilarity(t, long[i]!) >= 0.9)
    return looksCut ? [...long.slice(0, n - 1), last] : null
  }
  const trimmedB = cut(a, b)
  if (trimmedB) return [a, trimmedB]
  const trimmedA = cut(b, a)
  return trimmedA ? [trimmedA, b] : [a, b]
}

/** Similarity of two normalised supplier names, 0 (nothing alike) to 1 (the same). */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1
  const squashedA = a.replace(/ /g, '')
  const squashedB = b.replace(/ /g, '')
  if (squashedA === '' || squashedB === '') return 0
  // "jacobs u k" and "jacobs uk", "little acornsnurseries" and "little acorns nurseries".
  if (squashedA === squashedB) return 0.98
  const [x, y] = trimForTruncation(matchTokens(a), matchTokens(b))
  const forward = align(x, y)
  const backward = align(y, x)
  const tokens = (forward.score + backward.score) / (forward.weight + backward.weight)
  const dice = bigramDice(x.join(''), y.join(''))
  return Math.round((TOKEN_WEIGHT * tokens + DICE_WEIGHT * dice) * 10_000) / 10_000
}

export type MatchCandidate = { normalisedName: string }
export type Ranked<T> = { candidate: T; score: number }

/**
 * Candidates ordered by similarity to a normalised name, best first, at most `limit`. A candidate whose `identity`
 * (by default its normalised name) repeats one already seen is dropped: list the preferred record first.
 */
export function rankCandidates<T extends MatchCandidate>(
  name: string,
  candidates: readonly T[],
  options: { limit?: number; identity?: (candidate: T) => string } = {},
): Ranked<T>[] {
  const { limit = 5, identity = (c: T) => c.normalisedName } = options
  const seen = new Set<string>()
  const ranked: Ranked<T>[] = []
  for (const candidate of candidates) {
    const id = identity(candidate)
    if (seen.has(id)) continue
    seen.add(id)
    const score = nameSimilarity(name, candidate.normalisedName)
    if (score >= REVIEW_THRESHOLD) ranked.push({ candidate, score })
  }
  // Ties go to the earlier candidate, so the caller's order (verified suppliers first) decides them.
  return ranked
    .map((r, i) => ({ r, i }))
    .sort((p, q) => q.r.score - p.r.score || p.i - q.i)
    .slice(0, limit)
    .map(({ r }) => r)
}

export const MatchOutcome = { Auto: 'auto', Review: 'review', None: 'none' } as const
export type MatchOutcome = (typeof MatchOutcome)[keyof typeof MatchOutcome]

export type MatchDecision<T> =
  | { outcome: typeof MatchOutcome.Auto; best: Ranked<T> }
  | { outcome: typeof MatchOutcome.Review; best: Ranked<T> }
  | { outcome: typeof MatchOutcome.None }

/** What to do with ranked candidates: take the best automatically, ask a person, or treat the payee as new. */
export function decide<T>(ranked: readonly Ranked<T>[]): MatchDecision<T> {
  const [best, runnerUp] = ranked
  if (!best || best.score < REVIEW_THRESHOLD) return { outcome: MatchOutcome.None }
  const clear = !runnerUp || best.score - runnerUp.score >= AUTO_MARGIN
  if (best.score >= AUTO_THRESHOLD && clear) return { outcome: MatchOutcome.Auto, best }
  return { outcome: MatchOutcome.Review, best }
}
