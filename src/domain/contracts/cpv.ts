// Common Procurement Vocabulary (CPV 2008, Commission Regulation (EC) No 213/2008): codes and the 45 divisions the
// register uses as categories. Division names from the regulation's annex (English version). Pure: no I/O.

/** The 45 CPV divisions: the first two digits of a code. */
export const CPV_DIVISIONS: Readonly<Record<string, string>> = {
  '03': 'Agricultural, farming, fishing, forestry and related products',
  '09': 'Petroleum products, fuel, electricity and other sources of energy',
  '14': 'Mining, basic metals and related products',
  '15': 'Food, beverages, tobacco and related products',
  '16': 'Agricultural machinery',
  '18': 'Clothing, footwear, luggage articles and accessories',
  '19': 'Leather and textile fabrics, plastic and rubber materials',
  '22': 'Printed matter and related products',
  '24': 'Chemical products',
  '30': 'Office and computing machinery, equipment and supplies except furniture and software packages',
  '31': 'Electrical machinery, apparatus, equipment and consumables; lighting',
  '32': 'Radio, television, communication, telecommunication and related equipment',
  '33': 'Medical equipments, pharmaceuticals and personal care products',
  '34': 'Transport equipment and auxiliary products to transportation',
  '35': 'Security, fire-fighting, police and defence equipment',
  '37': 'Musical instruments, sport goods, games, toys, handicraft, art materials and accessories',
  '38': 'Laboratory, optical and precision equipments (excl. glasses)',
  '39': 'Furniture (incl. office furniture), furnishings, domestic appliances (excl. lighting) and cleaning products',
  '41': 'Collected and purified water',
  '42': 'Industrial machinery',
  '43': 'Machinery for mining, quarrying, construction equipment',
  '44': 'Construction structures and materials; auxiliary products to construction (except electric apparatus)',
  '45': 'Construction work',
  '48': 'Software package and information systems',
  '50': 'Repair and maintenance services',
  '51': 'Installation services (except software)',
  '55': 'Hotel, restaurant and retail trade services',
  '60': 'Transport services (excl. Waste transport)',
  '63': 'Supporting and auxiliary transport services; travel agencies services',
  '64': 'Postal and telecommunications services',
  '65': 'Public utilities',
  '66': 'Financial and insurance services',
  '70': 'Real estate services',
  '71': 'Architectural, construction, engineering and inspection services',
  '72': 'IT services: consulting, software development, Internet and support',
  '73': 'Research and development services and related consultancy services',
  '75': 'Administration, defence and social security services',
  '76': 'Services related to the oil and gas industry',
  '77': 'Agricultural, forestry, horticultural, aquacultural and apicultural services',
  '79': 'Business services: law, marketing, consulting, recruitment, printing and security',
  '80': 'Education and training services',
  '85': 'Health and social work services',
  '90': 'Sewage, refuse, cleaning and environmental services',
  '92': 'Recreational, cultural and sporting services',
  '98': 'Other community, social and personal services',
}

/** The category names, in division order, for filters. */
export const CPV_CATEGORIES: readonly string[] = Object.values(CPV_DIVISIONS)

/**
 * "45000000-7", " 45000000 ", "45 00 00 00" → "45000000"; anything that is not 8 digits of a known division → null.
 * The check digit after the hyphen is dropped (it is derived from the eight digits).
 */
export function normaliseCpvCode(raw: string): string | null {
  const digits = raw.trim().replace(/-\d$/, '').replace(/\s+/g, '')
  if (!/^\d{8}$/.test(digits)) return null
  return CPV_DIVISIONS[digits.slice(0, 2)] ? digits : null
}

/** The division name of a code, or null if the code is not a CPV code. */
export function categoryOfCpv(code: string): string | null {
  const normalised = normaliseCpvCode(code)
  return normalised ? (CPV_DIVISIONS[normalised.slice(0, 2)] ?? null) : null
}
