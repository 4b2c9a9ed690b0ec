// Generated data for the demo place: suppliers spread over Islington, its neighbours, London, the UK and abroad, and a
// financial year of payments for three Islington anchors. Pure: no I/O, and the same seed always gives the same data.
// Every name, number and amount is made up; postcode districts and GSS codes are real, inward codes are random.
import type { OrganisationType } from '../domain/organisations/organisation.js'
import { normaliseSupplierName } from '../domain/spend/supplier-name.js'
import { sizeBand } from '../domain/suppliers/size.js'

export const DEMO_SEED = 20261122
export const ISLINGTON = 'E09000019'
export const FINANCIAL_YEAR = { start: '2025-04-01', end: '2026-03-31' } as const
export const REDACTED_PAYEE = 'REDACTED PERSONAL DATA'

type DemoOrganisation = { id: string; name: string; type: OrganisationType; refPrefix: string; payments: number }

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { id: 'islington-council', name: 'Islington Council', type: 'council', refPrefix: 'LBI', payments: 2600 },
  {
    id: 'islington-health',
    name: 'Islington Community Health NHS Trust',
    type: 'nhs',
    refPrefix: 'ICH',
    payments: 2100,
  },
  { id: 'islington-college', name: 'Islington College', type: 'education', refPrefix: 'ICOL', payments: 1600 },
]

// ---------------------------------------------------------------------------------------------------------------
// Randomness

export type Rng = () => number

/** mulberry32: a small, fast, seeded PRNG giving numbers in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An independent stream for one part of the data, so changing one part does not reshuffle the others. */
const streamOf = (seed: number, stream: number): Rng => mulberry32((seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0)
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1))
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
const logUniform = (rng: Rng, min: number, max: number) =>
  Math.exp(Math.log(min) + rng() * (Math.log(max) - Math.log(min)))

/** One of the items, with chances in proportion to the weights. */
function choose<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let r = rng() * weights.reduce((sum, w) => sum + w, 0)
  for (let i = 0; i < items.length; i++) if ((r -= weights[i] ?? 0) < 0) return items[i]!
  return items[items.length - 1]!
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies

export const Category = {
  Construction: 'Construction',
  Facilities: 'Facilities management',
  SocialCare: 'Social care',
  It: 'IT and digital',
  Catering: 'Catering',
  Professional: 'Professional services',
  Energy: 'Energy and utilities',
  Transport: 'Transport',
  Printing: 'Printing',
  Cleaning: 'Cleaning and waste',
  Security: 'Security',
  Consultancy: 'Consultancy',
  Medical: 'Medical supplies',
} as const
export type Category = (typeof Category)[keyof typeof Category]

export const LegalForm = {
  PrivateLimited: 'private-limited-company',
  PublicLimited: 'public-limited-company',
  Llp: 'limited-liability-partnership',
  CharitableCompany: 'charitable-company',
  Cio: 'charitable-incorporated-organisation',
  Cic: 'community-interest-company',
  RegisteredSociety: 'registered-society',
  SoleTrader: 'sole-trader',
  PublicBody: 'public-body',
  Overseas: 'overseas-company',
} as const
export type LegalForm = (typeof LegalForm)[keyof typeof LegalForm]

export const SizeBand = { Micro: 'micro', SmallMedium: 'small-medium', Large: 'large' } as const
export type SizeBand = (typeof SizeBand)[keyof typeof SizeBand]

/** The demo's three bands from the registry's size rules (src/domain/suppliers/size.ts): small and medium together. */
export function sizeBandOf(employees: number | null, turnover: string | null): SizeBand | null {
  if (employees === null || turnover === null) return null
  const band = sizeBand(employees, turnover)
  return band === 'micro' ? SizeBand.Micro : band === 'large' ? SizeBand.Large : SizeBand.SmallMedium
}

/** Integer pence as a decimal string of pounds: -12345 → '-123.45'. */
export function penceToDecimal(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`Not a whole number of pence: ${pence}`)
  const abs = Math.abs(pence)
  return `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A supplier name as matching compares it: the supplier registry's own, so demo suppliers resolve as real ones do. */
export { normaliseSupplierName }

const words = (list: string) => list.split(',').map((w) => w.trim())
const wordLists = <K extends string>(table: Partial<Record<K, string>>) =>
  Object.fromEntries(Object.entries<string>(table as Record<K, string>).map(([k, v]) => [k, words(v)])) as Partial<
    Record<K, string[]>
  >

/** What companies in each category call themselves. */
const TRADE_NOUNS = wordLists<Category>({
  [Category.Construction]:
    'Joinery, Building Services, Construction, Roofing, Plumbing & Heating, Builders, Scaffolding',
  [Category.Facilities]: 'Facilities Management, Maintenance, Property Services, Lift Services, Grounds Maintenance',
  [Category.SocialCare]: 'Home Care, Care Services, Supported Living, Care Homes, Fostering Services, Nursing Agency',
  [Category.It]: 'Digital, Software, IT Solutions, Data Systems, Networks, Computing',
  [Category.Catering]: 'Catering, Kitchen, Foods, Bakery, Fresh Produce',
  [Category.Professional]: 'Legal Services, Accountants, Recruitment, Surveyors, Architects',
  [Category.Energy]: 'Energy, Power, Solar, Heat Networks, Renewables',
  [Category.Transport]: 'Transport, Logistics, Couriers, Coaches, Removals',
  [Category.Printing]: 'Print, Press, Signs, Reprographics',
  [Category.Cleaning]: 'Cleaning Services, Hygiene, Window Cleaning, Waste Services',
  [Category.Security]: 'Security, Guarding, Locksmiths, Fire & Security',
  [Category.Consultancy]: 'Consulting, Associates, Advisory, Research, Partners',
  [Category.Medical]: 'Medical, Healthcare Supplies, Surgical, Diagnostics, Pharma',
}) as Record<Category, string[]>
/** What charities, CICs and co-operatives call themselves; only these categories have them. */
const COMMUNITY_NOUNS = wordLists<Category>({
  [Category.SocialCare]:
    'Carers Centre, Independent Living, Family Support, Youth Project, Age Well, Wellbeing Network',
  [Category.Catering]: 'Community Kitchen, Food Project, Community Cafe',
  [Category.Transport]: 'Community Transport, Cycle Hub',
  [Category.Professional]: 'Advice Centre, Law Centre, Employment Project',
  [Category.Printing]: 'Print Workshop',
  [Category.Cleaning]: 'Green Cleaning, Reuse Project',
  [Category.Energy]: 'Community Energy',
  [Category.Consultancy]: 'Training Collective, Skills Centre',
})
const GENERIC = words(
  'Apex, Summit, Bright, Greenleaf, Keystone, Oakwood, Meridian, Horizon, Beacon, Kingfisher, Phoenix, Unity, Cedar, ' +
    'Evergreen, Lighthouse, Riverside, Cornerstone, Clearview, Silverline, Bluebell, Foxglove, Hawthorn, Compass, Ember',
)
const NATIONAL = words(
  'Northern, Britannia, National, United, Premier, Albion, Sovereign, Crown, Pennine, Atlas, Vanguard',
)
/** What sole traders call their businesses. */
const SOLE_TRADES = wordLists<Category>({
  [Category.Construction]: 'Handyman Services, Decorating, Plastering',
  [Category.Professional]: 'Bookkeeping, Interpreting',
  [Category.Consultancy]: 'Tutoring, Coaching',
  [Category.Facilities]: 'Gardening',
  [Category.Printing]: 'Photography, Design',
  [Category.Cleaning]: 'Window Cleaning',
  [Category.Transport]: 'Man and Van',
})
const OVERSEAS: readonly { name: string; category: Category }[] = [
  { name: 'Kinsale Data Services Ltd', category: Category.It },
  { name: 'Nordlys Software AS', category: Category.It },
  { name: 'Rheinland Medizintechnik GmbH', category: Category.Medical },
  { name: 'Amstel Learning Systems BV', category: Category.Consultancy },
  { name: 'Pacific Cloud Platforms Inc', category: Category.It },
  { name: 'Lyon Diagnostics SAS', category: Category.Medical },
  { name: 'Baltic Print Solutions OU', category: Category.Printing },
  { name: 'Copenhagen Energy Analytics ApS', category: Category.Energy },
]

// ---------------------------------------------------------------------------------------------------------------
// Places: real postcode districts and the GSS code of the local authority district they lie in.

export const AreaKind = {
  Home: 'home',
  Neighbour: 'neighbour',
  London: 'london',
  Uk: 'uk',
  Overseas: 'overseas',
  Unknown: 'unknown',
} as const
export type AreaKind = (typeof AreaKind)[keyof typeof AreaKind]

type Place = { gss: string; council: string; outward: readonly string[]; names: readonly string[] }
type Located = 'home' | 'neighbour' | 'london' | 'uk'

/** Rows of: GSS code | council | postcode districts | place names for business names. */
function places(table: string): Place[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [gss = '', council = '', outward = '', names = ''] = line.split('|').map((cell) => cell.trim())
      return { gss, council, outward: outward.split(' '), names: words(names) }
    })
}

const PLACES: Record<Located, readonly Place[]> = {
  home: places(`
    E09000019 | Islington      | N1 N5 N7 N19 EC1V EC1R        | Archway, Holloway, Highbury, Canonbury, Barnsbury, Angel, Finsbury, Clerkenwell, Tufnell Park, Pentonville, Caledonian, Upper Street, Essex Road
  `),
  neighbour: places(`
    E09000007 | Camden         | NW1 NW3 NW5 WC1H WC1N         | Kentish Town, Camden Town, Somers Town, Belsize, Bloomsbury, Gospel Oak, Chalk Farm
    E09000012 | Hackney        | E8 E9 E5 N16                  | Dalston, Stoke Newington, Clapton, Homerton, Hackney Wick, De Beauvoir, London Fields
    E09000014 | Haringey       | N8 N15 N17 N22                | Tottenham, Wood Green, Crouch End, Hornsey, Harringay, Seven Sisters
    E09000001 | City of London | EC2V EC2R EC3V EC3M EC4M EC4N | Cheapside, Moorgate, Aldgate, Bishopsgate, Cornhill, Ludgate, Guildhall
  `),
  london: places(`
    E09000028 | Southwark      | SE1 SE15 SE16         | Borough, Bermondsey, Peckham, Southwark, Rotherhithe
    E09000033 | Westminster    | SW1P SW1E W1D W1F W2  | Mayfair, Victoria, Soho, Pimlico, Marylebone, Paddington
    E09000030 | Tower Hamlets  | E1 E14 E3             | Whitechapel, Poplar, Bow, Limehouse, Canary Wharf, Spitalfields
    E09000022 | Lambeth        | SW9 SE11 SW2          | Brixton, Vauxhall, Kennington, Stockwell
    E09000023 | Lewisham       | SE13 SE4 SE6          | Lewisham, Deptford, Catford, Brockley
    E09000025 | Newham         | E15 E13 E16           | Stratford, Plaistow, Canning Town, Royal Docks
    E09000032 | Wandsworth     | SW18 SW11             | Wandsworth, Battersea, Putney
    E09000013 | Hammersmith and Fulham | W6 SW6        | Hammersmith, Fulham, Ravenscourt
    E09000010 | Enfield        | EN1 N9                | Enfield, Edmonton, Ponders End
    E09000031 | Waltham Forest | E17 E10               | Walthamstow, Leyton, Leytonstone
    E09000005 | Brent          | NW10 HA9              | Willesden, Wembley, Harlesden
    E09000011 | Greenwich      | SE10 SE18             | Greenwich, Woolwich, Eltham
    E09000008 | Croydon        | CR0                   | Croydon, Addiscombe, Thornton Heath
    E09000009 | Ealing         | W5 W13                | Ealing, Acton, Southall
    E09000003 | Barnet         | N3 NW4                | Finchley, Hendon, Golders Green
  `),
  uk: places(`
    E08000003 | Manchester     | M1 M2 M4    | Manchester, Ancoats, Deansgate
    E08000035 | Leeds          | LS1 LS2     | Leeds, Headingley, Kirkstall
    E08000025 | Birmingham     | B1 B2 B5    | Birmingham, Digbeth, Edgbaston
    E06000023 | Bristol        | BS1 BS2     | Bristol, Avon, Clifton
    S12000049 | Glasgow        | G1 G2       | Glasgow, Clyde, Clydeside
    W06000015 | Cardiff        | CF10 CF11   | Cardiff, Taff, Cardiff Bay
    N09000003 | Belfast        | BT1 BT2     | Belfast, Lagan, Ulster
    E08000012 | Liverpool      | L1 L3       | Liverpool, Mersey, Albert Dock
    E08000019 | Sheffield      | S1 S3       | Sheffield, Don Valley, Hallam
    E08000021 | Newcastle      | NE1         | Newcastle, Tyne, Quayside
    S12000036 | Edinburgh      | EH1 EH3     | Edinburgh, Forth, Leith
    E06000018 | Nottingham     | NG1         | Nottingham, Trent, Sherwood
    E06000016 | Leicester      | LE1         | Leicester, Soar
    E06000043 | Brighton and Hove | BN1      | Brighton, Hove
    E06000042 | Milton Keynes  | MK9         | Milton Keynes, Bletchley
    E06000038 | Reading        | RG1         | Reading, Thames Valley
    E07000008 | Cambridge      | CB2         | Cambridge, Granta
    E07000148 | Norwich        | NR1         | Norwich, Anglia
    E06000026 | Plymouth       | PL1         | Plymouth, Tamar
    E06000045 | Southampton    | SO14        | Southampton, Solent
    W06000011 | Swansea        | SA1         | Swansea, Gower
    E08000026 | Coventry       | CV1         | Coventry, Godiva
    E08000032 | Bradford       | BD1         | Bradford, Aire
    E06000010 | Hull           | HU1         | Humber, Hull
  `),
}

/** All GSS codes the generator uses (tests check each exists in the shipped geography). */
export const DEMO_DISTRICT_CODES: readonly string[] = Object.values(PLACES).flatMap((list) => list.map((p) => p.gss))

/** How many suppliers of each kind of place: ~25% home, ~20% neighbours, ~25% London, ~25% UK, a few others. */
const AREA_COUNTS: Record<AreaKind, number> = { home: 75, neighbour: 60, london: 76, uk: 75, overseas: 8, unknown: 6 }

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
const inward = (rng: Rng) => `${int(rng, 0, 9)}${pick(rng, [...INWARD_LETTERS])}${pick(rng, [...INWARD_LETTERS])}`

// ---------------------------------------------------------------------------------------------------------------
// Suppliers

/** A generated supplier: the fields of the supplier table, plus the kind of place it was drawn from. */
export type DemoSupplier = {
  area: AreaKind
  name: string
  normalisedName: string
  companyNumber: string | null
  charityNumber: string | null
  mutualsNumber: string | null
  postcode: string | null
  districtCode: string | null
  overseas: boolean
  employees: number | null
  turnover: string | null
  legalForm: LegalForm | null
  isCharity: boolean
  isCic: boolean
  isSocialEnterprise: boolean
  isCoop: boolean
  isEmployeeOwned: boolean
  isPublicBody: boolean
  isIndividual: boolean
  livingWageAccredited: boolean
  category: Category
}

const ARCHETYPES = [
  'ltd',
  'plc',
  'llp',
  'charity',
  'cic',
  'coop',
  'employeeOwned',
  'socialEnterprise',
  'sole',
  'public',
] as const
type Archetype = (typeof ARCHETYPES)[number]

/** How common each archetype is, in the order of ARCHETYPES: local places have more of the community economy. */
const ARCHETYPE_WEIGHTS: Record<Located, readonly number[]> = {
  //         ltd plc llp charity cic coop eo  se sole public
  home: [44, 1, 3, 14, 8, 5, 3, 4, 12, 0],
  neighbour: [50, 2, 5, 12, 6, 4, 3, 3, 8, 3],
  london: [55, 8, 8, 10, 3, 2, 3, 2, 3, 3],
  uk: [55, 15, 5, 6, 2, 3, 4, 2, 1, 4],
}

const SIZE_BANDS = [SizeBand.Micro, SizeBand.SmallMedium, SizeBand.Large] as const
/** How likely each archetype is to be micro, small or medium, or large. */
const BAND_WEIGHTS: Record<Archetype, readonly [micro: number, smallMedium: number, large: number]> = {
  ltd: [45, 40, 15],
  plc: [0, 0, 1],
  llp: [20, 60, 20],
  charity: [40, 55, 5],
  cic: [60, 40, 0],
  coop: [40, 60, 0],
  employeeOwned: [10, 60, 30],
  socialEnterprise: [50, 50, 0],
  sole: [1, 0, 0],
  public: [0, 0, 1],
}

/** Per category: its share of suppliers, its weight in council, NHS and college spend, and who buys it there. */
type CategoryProfile = {
  suppliers: number
  spend: Readonly<Record<string, number>>
  buyers: Readonly<Record<string, string[]>>
}
const profile = (
  suppliers: number,
  [council, nhs, education]: [number, number, number],
  [councilBuyers, nhsBuyers, collegeBuyers]: [string, string, string],
): CategoryProfile => ({
  suppliers,
  spend: { council, nhs, education },
  buyers: { council: words(councilBuyers), nhs: words(nhsBuyers), education: words(collegeBuyers) },
})
const CATEGORY_PROFILES: Record<Category, CategoryProfile> = {
  [Category.Construction]: profile(12, [2.5, 1, 1.2], ['Housing, Place', 'Estates', 'Estates']),
  [Category.Facilities]: profile(9, [1.5, 1.5, 1.5], ['Housing, Resources', 'Estates', 'Estates']),
  [Category.SocialCare]: profile(
    12,
    [3, 0.8, 0.2],
    ["Adults Social Care, Children's Services", 'Clinical Services', 'Student Services'],
  ),
  [Category.It]: profile(10, [1, 1.2, 2], ['Resources', 'Corporate', 'IT Services']),
  [Category.Catering]: profile(7, [0.5, 0.8, 1.2], ["Children's Services", 'Estates', 'Student Services']),
  [Category.Professional]: profile(9, [1, 1, 0.8], ['Resources', 'Corporate', 'Curriculum, Estates']),
  [Category.Energy]: profile(4, [0.8, 0.8, 0.8], ['Environment, Housing', 'Estates', 'Estates']),
  [Category.Transport]: profile(
    6,
    [0.8, 0.6, 0.5],
    ['Environment, Place', 'Clinical Services, Estates', 'Student Services'],
  ),
  [Category.Printing]: profile(4, [0.4, 0.3, 0.6], ['Resources', 'Corporate', 'Curriculum']),
  [Category.Cleaning]: profile(7, [1, 1, 1], ['Environment', 'Estates', 'Estates']),
  [Category.Security]: profile(5, [0.6, 0.5, 0.6], ['Housing, Place', 'Estates', 'Estates']),
  [Category.Consultancy]: profile(8, [0.8, 0.8, 1], ['Place, Resources', 'Corporate', 'Curriculum']),
  [Category.Medical]: profile(
    6,
    [0.1, 3, 0.05],
    ['Adults Social Care', 'Pharmacy, Clinical Services', 'Student Services'],
  ),
}
const CATEGORIES = Object.values(Category)

/** Pounds (whole, rounded to a thousand) as a decimal string. */
const thousands = (pounds: number) => penceToDecimal(Math.round(pounds / 1000) * 1000 * 100)

function sizeFor(rng: Rng, band: SizeBand, sole: boolean): { employees: number; turnover: string } {
  if (sole) return { employees: 1, turnover: thousands(logUniform(rng, 20_000, 150_000)) }
  if (band === SizeBand.Micro)
    return { employees: int(rng, 1, 9), turnover: thousands(logUniform(rng, 50_000, 1_900_000)) }
  if (band === SizeBand.SmallMedium)
    return { employees: int(rng, 10, 249), turnover: thousands(logUniform(rng, 800_000, 45_000_000)) }
  return {
    employees: Math.round(logUniform(rng, 250, 20_000)),
    turnover: thousands(logUniform(rng, 50_000_000, 2_000_000_000)),
  }
}

/** Unique identifiers in the shapes the registers use (company numbers are 8 characters). */
class Identifiers {
  readonly #used = new Set<string>()
  constructor(private readonly rng: Rng) {}

  #unique(make: () => string): string {
    for (;;) {
      const id = make()
      if (!this.#used.has(id)) {
        this.#used.add(id)
        return id
      }
    }
  }

  company(gss: string, llp: boolean): string {
    const digits = (n: number) => String(int(this.rng, 0, 10 ** n - 1)).padStart(n, '0')
    if (llp) return this.#unique(() => `OC3${digits(5)}`)
    if (gss.startsWith('S')) return this.#unique(() => `SC${digits(6)}`)
    if (gss.startsWith('N')) return this.#unique(() => `NI${digits(6)}`)
    return this.#unique(() => String(int(this.rng, 1_000_000, 15_999_999)).padStart(8, '0'))
  }

  charity(gss: string): string {
    if (gss.startsWith('S')) return this.#unique(() => `SC0${String(int(this.rng, 10_000, 99_999))}`)
    return this.#unique(() => String(int(this.rng, 1_000_000, 1_209_999)))
  }

  mutuals(): string {
    return this.#unique(() => `RS00${String(int(this.rng, 1000, 9999))}`)
  }
}

function categoryFor(rng: Rng, archetype: Archetype): Category {
  const from: readonly Category[] =
    archetype === 'public'
      ? [Category.SocialCare, Category.Professional, Category.Cleaning]
      : archetype === 'llp'
        ? [Category.Professional, Category.Consultancy]
        : archetype === 'sole'
          ? (Object.keys(SOLE_TRADES) as Category[])
          : archetype === 'charity' || archetype === 'cic' || archetype === 'coop'
            ? (Object.keys(COMMUNITY_NOUNS) as Category[])
            : CATEGORIES
  return choose(
    rng,
    from,
    from.map((c) => CATEGORY_PROFILES[c].suppliers),
  )
}

function nameFor(rng: Rng, archetype: Archetype, category: Category, where: Place, band: SizeBand): string {
  const local = () => (rng() < 0.65 ? pick(rng, where.names) : pick(rng, GENERIC))
  const community = () => pick(rng, COMMUNITY_NOUNS[category] ?? TRADE_NOUNS[category])
  const noun = pick(rng, TRADE_NOUNS[category])
  switch (archetype) {
    case 'public':
      return `${where.council} Council`
    case 'plc':
      return `${pick(rng, NATIONAL)} ${noun} plc`
    case 'llp':
      return `${local()} ${noun} LLP`
    case 'charity': {
      const name = `${local()} ${community()}`
      return rng() < 0.3 && !/(Trust|Collective|Centre)$/.test(name) ? `${name} Trust` : name
    }
    case 'cic':
      return `${local()} ${community()} CIC`
    case 'coop':
      return `${local()} ${community()} Co-operative`
    case 'sole':
      return `${pick(rng, where.names)} ${pick(rng, SOLE_TRADES[category] ?? TRADE_NOUNS[category])}`
    default:
      return `${band === SizeBand.Large && rng() < 0.5 ? pick(rng, NATIONAL) : local()} ${noun} ${rng() < 0.85 ? 'Ltd' : 'Limited'}`
  }
}

function supplierAt(rng: Rng, ids: Identifiers, area: Located): Omit<DemoSupplier, 'normalisedName'> {
  const where = pick(rng, PLACES[area])
  const archetype = choose(rng, ARCHETYPES, ARCHETYPE_WEIGHTS[area])
  const category = categoryFor(rng, archetype)
  const band = choose(rng, SIZE_BANDS, BAND_WEIGHTS[archetype])
  // Some ledgers know nothing of a supplier's size: leave a few blank.
  const size = archetype !== 'public' && rng() < 0.06 ? null : sizeFor(rng, band, archetype === 'sole')
  const charitableCompany = archetype === 'charity' && rng() < 0.5
  const hasCompanyNumber =
    ['ltd', 'plc', 'llp', 'cic', 'employeeOwned', 'socialEnterprise'].includes(archetype) || charitableCompany
  const legalForm: Record<Archetype, LegalForm> = {
    ltd: LegalForm.PrivateLimited,
    plc: LegalForm.PublicLimited,
    llp: LegalForm.Llp,
    charity: charitableCompany ? LegalForm.CharitableCompany : LegalForm.Cio,
    cic: LegalForm.Cic,
    coop: LegalForm.RegisteredSociety,
    employeeOwned: LegalForm.PrivateLimited,
    socialEnterprise: LegalForm.PrivateLimited,
    sole: LegalForm.SoleTrader,
    public: LegalForm.PublicBody,
  }
  return {
    area,
    name: nameFor(rng, archetype, category, where, band),
    companyNumber: hasCompanyNumber ? ids.company(where.gss, archetype === 'llp') : null,
    charityNumber: archetype === 'charity' ? ids.charity(where.gss) : null,
    mutualsNumber: archetype === 'coop' ? ids.mutuals() : null,
    postcode: `${pick(rng, where.outward)} ${inward(rng)}`,
    districtCode: where.gss,
    overseas: false,
    employees: archetype === 'public' ? Math.round(logUniform(rng, 1000, 8000)) : (size?.employees ?? null),
    turnover: archetype === 'public' ? null : (size?.turnover ?? null),
    legalForm: legalForm[archetype],
    isCharity: archetype === 'charity',
    isCic: archetype === 'cic',
    isSocialEnterprise:
      archetype === 'cic' || archetype === 'socialEnterprise' || (archetype === 'coop' && rng() < 0.5),
    isCoop: archetype === 'coop',
    isEmployeeOwned: archetype === 'employeeOwned',
    isPublicBody: archetype === 'public',
    isIndividual: archetype === 'sole',
    livingWageAccredited: archetype !== 'sole' && rng() < 0.2,
    category,
  }
}

function overseasSupplier(index: number): Omit<DemoSupplier, 'normalisedName'> {
  const { name, category } = OVERSEAS[index % OVERSEAS.length]!
  return {
    ...blankSupplier(AreaKind.Overseas, name, category),
    overseas: true,
    legalForm: LegalForm.Overseas,
  }
}

function blankSupplier(area: AreaKind, name: string, category: Category): Omit<DemoSupplier, 'normalisedName'> {
  return {
    area,
    name,
    companyNumber: null,
    charityNumber: null,
    mutualsNumber: null,
    postcode: null,
    districtCode: null,
    overseas: false,
    employees: null,
    turnover: null,
    legalForm: null,
    isCharity: false,
    isCic: false,
    isSocialEnterprise: false,
    isCoop: false,
    isEmployeeOwned: false,
    isPublicBody: false,
    isIndividual: false,
    livingWageAccredited: false,
    category,
  }
}

/** About 300 suppliers, in a shuffled order, with unique names and identifiers. */
export function generateSuppliers(seed: number): DemoSupplier[] {
  const rng = streamOf(seed, 0)
  const ids = new Identifiers(rng)
  const names = new Set<string>()
  const suppliers: DemoSupplier[] = []
  const add = (make: () => Omit<DemoSupplier, 'normalisedName'>) => {
    for (;;) {
      const s = make()
      const normalisedName = normaliseSupplierName(s.name)
      // Public bodies are one per council: a repeat means try another place, not another spelling.
      if (names.has(normalisedName)) continue
      names.add(normalisedName)
      suppliers.push({ ...s, normalisedName })
      return
    }
  }
  for (const area of ['home', 'neighbour', 'london', 'uk'] as const) {
    for (let i = 0; i < AREA_COUNTS[area]; i++) add(() => supplierAt(rng, ids, area))
  }
  for (let i = 0; i < AREA_COUNTS.overseas; i++) add(() => overseasSupplier(i))
  for (let i = 0; i < AREA_COUNTS.unknown; i++)
    add(() => {
      const category = choose(
        rng,
        CATEGORIES,
        CATEGORIES.map((c) => CATEGORY_PROFILES[c].suppliers),
      )
      return blankSupplier(AreaKind.Unknown, `${pick(rng, GENERIC)} ${pick(rng, TRADE_NOUNS[category])}`, category)
    })
  // Fisher–Yates, so the order says nothing about where a supplier is.
  for (let i = suppliers.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[suppliers[i], suppliers[j]] = [suppliers[j]!, suppliers[i]!]
  }
  return suppliers
}

// ---------------------------------------------------------------------------------------------------------------
// Payments

/** A generated payment. `supplierIndex` points into the supplier list (null for a redacted payee). */
export type DemoPayment = {
  organisationId: string
  supplierIndex: number | null
  payeeName: string
  isRedacted: boolean
  paymentDate: string
  amountPence: number
  amount: string
  transactionRef: string
  department: string
  expenseType: string
  category: Category | null
  fingerprint: string
}

const DEPARTMENTS: Record<OrganisationType, readonly string[]> = {
  council: words("Adults Social Care, Children's Services, Environment, Housing, Resources, Place"),
  nhs: words('Estates, Pharmacy, Clinical Services, Corporate'),
  education: words('Curriculum, Estates, IT Services, Student Services'),
  housing: [],
  police: [],
  fire: [],
  other: [],
}

const EXPENSE_TYPES = wordLists<Category>({
  [Category.Construction]: 'Building works, Repairs and maintenance, Capital works',
  [Category.Facilities]: 'Facilities management, Planned maintenance, Reactive repairs',
  [Category.SocialCare]: 'Residential care, Home care, Supported living, Day services',
  [Category.It]: 'Software licences, IT hardware, IT support services',
  [Category.Catering]: 'Catering, Provisions, Hospitality',
  [Category.Professional]: 'Legal fees, Audit and accountancy fees, Agency staff, Professional fees',
  [Category.Energy]: 'Electricity, Gas, Energy efficiency works',
  [Category.Transport]: 'Vehicle hire, Travel, Courier services',
  [Category.Printing]: 'Printing and stationery, Signage',
  [Category.Cleaning]: 'Cleaning contracts, Waste disposal, Cleaning materials',
  [Category.Security]: 'Security services, Alarm monitoring',
  [Category.Consultancy]: 'Consultancy, Research and evaluation, Training',
  [Category.Medical]: 'Medical equipment, Drugs and medicines, Clinical consumables',
}) as Record<Category, string[]>

/** The council leans local, the NHS trust national: their figures should tell different stories. */
const LOCALITY: Record<string, Partial<Record<AreaKind, number>>> = {
  council: { home: 1.6, neighbour: 1.2 },
  nhs: { uk: 1.5, overseas: 1.5 },
  education: { london: 1.2 },
}

type Redacted = { share: number; departments: string[]; expenseTypes: string[]; category: Category | null }
/** Payments to people, whose names the Transparency Code says to withhold. */
const REDACTED: Record<string, Redacted> = {
  council: {
    share: 0.03,
    departments: words("Adults Social Care, Children's Services"),
    expenseTypes: words('Direct payments, Foster care allowances, Personal budgets'),
    category: Category.SocialCare,
  },
  nhs: {
    share: 0.01,
    departments: ['Clinical Services'],
    expenseTypes: ['Patient travel reimbursement'],
    category: null,
  },
  education: {
    share: 0.015,
    departments: ['Student Services'],
    expenseTypes: words('Student bursaries, Learner support fund'),
    category: null,
  },
}
const CREDIT_NOTE_SHARE = 0.03

const DAY = 86_400_000
const FY_START = Date.UTC(2025, 3, 1)
const FY_DAYS = Math.round((Date.UTC(2026, 2, 31) - FY_START) / DAY) + 1

/** A weekday in the financial year (payment runs do not happen at weekends). The year starts and ends on a Tuesday,
 * so moving Saturday back and Sunday forward stays inside it. */
function paymentDate(rng: Rng): string {
  const date = new Date(FY_START + int(rng, 0, FY_DAYS - 1) * DAY)
  const shift = { 0: 1, 6: -1 }[date.getUTCDay()] ?? 0
  return new Date(date.getTime() + shift * DAY).toISOString().slice(0, 10)
}

/** Mostly £500–£50,000, with a long tail to about £2m for the larger suppliers; whole pounds about a third of the time. */
function amountPence(rng: Rng, band: SizeBand | null): number {
  const tail = band === SizeBand.Large ? 0.08 : band === SizeBand.SmallMedium ? 0.03 : 0.005
  const pounds =
    rng() < tail ? logUniform(rng, 50_000, 2_000_000) : logUniform(rng, 500, band === SizeBand.Micro ? 15_000 : 50_000)
  return rng() < 0.35 ? Math.round(pounds) * 100 : Math.round(pounds * 100)
}

/** How a ledger spells a supplier's name: usually as registered, sometimes in capitals or with the suffix changed. */
function ledgerName(rng: Rng, name: string): string {
  const r = rng()
  if (r < 0.1) return name.toUpperCase()
  if (r < 0.18) return name.replace(/ Ltd$/, ' Limited').replace(/ Limited$/, '')
  return name
}

/** Cumulative weights, for picking with a binary search. */
function picker(weights: readonly number[]): (rng: Rng) => number {
  const cumulative: number[] = []
  let total = 0
  for (const w of weights) cumulative.push((total += w))
  return (rng) => {
    const target = rng() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > target) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

function generatePayments(
  seed: number,
  stream: number,
  org: DemoOrganisation,
  suppliers: readonly DemoSupplier[],
): DemoPayment[] {
  const rng = streamOf(seed, stream)
  // Each anchor uses about 70% of the suppliers, a few heavily and most rarely (a Zipf-like spread).
  const order = suppliers.map((_, i) => ({ i, r: rng() })).sort((a, b) => a.r - b.r)
  const weights = new Array<number>(suppliers.length).fill(0)
  order.forEach(({ i }, rank) => {
    const s = suppliers[i]!
    if (rng() >= 0.7) return
    const big = sizeBandOf(s.employees, s.turnover) === SizeBand.Large ? 1.5 : 1
    weights[i] =
      (1 / Math.pow(rank + 1, 0.6)) *
      (CATEGORY_PROFILES[s.category].spend[org.type] ?? 0) *
      (LOCALITY[org.type]?.[s.area] ?? 1) *
      big
  })
  const nextSupplier = picker(weights)
  const departments = DEPARTMENTS[org.type]
  const redacted = REDACTED[org.type]!

  const drafts: Omit<DemoPayment, 'transactionRef' | 'fingerprint'>[] = []
  for (let n = 0; n < org.payments; n++) {
    const date = paymentDate(rng)
    if (rng() < redacted.share) {
      const pence = int(rng, 500, 5000) * 100
      drafts.push({
        organisationId: org.id,
        supplierIndex: null,
        payeeName: REDACTED_PAYEE,
        isRedacted: true,
        paymentDate: date,
        amountPence: pence,
        amount: penceToDecimal(pence),
        department: pick(rng, redacted.departments),
        expenseType: pick(rng, redacted.expenseTypes),
        category: redacted.category,
      })
      continue
    }
    const index = nextSupplier(rng)
    const s = suppliers[index]!
    const credit = rng() < CREDIT_NOTE_SHARE
    const pence = credit
      ? -Math.round(logUniform(rng, 500, 20_000) * 100)
      : amountPence(rng, sizeBandOf(s.employees, s.turnover))
    const buyers = CATEGORY_PROFILES[s.category].buyers[org.type] ?? []
    drafts.push({
      organisationId: org.id,
      supplierIndex: index,
      payeeName: ledgerName(rng, s.name),
      isRedacted: false,
      paymentDate: date,
      amountPence: pence,
      amount: penceToDecimal(pence),
      department: buyers.length > 0 && rng() < 0.8 ? pick(rng, buyers) : pick(rng, departments),
      // A credit note keeps the expense type of what it corrects; only the sign tells it apart.
      expenseType: pick(rng, EXPENSE_TYPES[s.category]),
      category: s.category,
    })
  }
  // References run in date order, as a ledger numbers them.
  return drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.paymentDate.localeCompare(b.d.paymentDate) || a.i - b.i)
    .map(({ d }, i) => {
      const transactionRef = `${org.refPrefix}-2526-${String(i + 1).padStart(6, '0')}`
      return { ...d, transactionRef, fingerprint: `${org.id}|${transactionRef}|${d.paymentDate}|${d.amountPence}` }
    })
}

export type DemoPlaceData = { suppliers: DemoSupplier[]; payments: DemoPayment[] }

/** The whole demo place's generated data. Same seed, same data. */
export function generateDemoPlace(seed: number = DEMO_SEED): DemoPlaceData {
  const suppliers = generateSuppliers(seed)
  const payments = DEMO_ORGANISATIONS.flatMap((org, i) => generatePayments(seed, i + 1, org, suppliers))
  return { suppliers, payments }
}

/** The supplier the demo supplier account acts for: the local small or medium company paid most often. */
export function demoAccountSupplierIndex(data: DemoPlaceData): number {
  const counts = new Map<number, number>()
  for (const p of data.payments)
    if (p.supplierIndex !== null) counts.set(p.supplierIndex, (counts.get(p.supplierIndex) ?? 0) + 1)
  let best = -1
  data.suppliers.forEach((s, i) => {
    const eligible =
      s.area === AreaKind.Home &&
      s.companyNumber !== null &&
      sizeBandOf(s.employees, s.turnover) === SizeBand.SmallMedium
    if (eligible && (best < 0 || (counts.get(i) ?? 0) > (counts.get(best) ?? 0))) best = i
  })
  if (best < 0) throw new Error('The demo data has no local small or medium company')
  return best
}
