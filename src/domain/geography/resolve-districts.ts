// Reads a list of districts typed by a person: GSS codes or names, separated by commas or new lines.
import type { Geography } from './geography.js'

function simplify(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/\b(london borough of|royal borough of|city of|borough of|council|district|county)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** Codes for each entry, and the entries that match no current district. */
export function resolveDistricts(geo: Geography, text: string): { codes: string[]; unknown: string[] } {
  const entries = text
    .split(/[\n,;]+/)
    .map((e) => e.trim())
    .filter(Boolean)
  const byName = new Map<string, string>()
  for (const d of geo.districts.values()) {
    byName.set(d.name.toLowerCase(), d.code)
    if (!byName.has(simplify(d.name))) byName.set(simplify(d.name), d.code)
  }
  const codes: string[] = []
  const unknown: string[] = []
  for (const entry of entries) {
    const upper = entry.toUpperCase()
    const code = geo.districts.has(upper) ? upper : (byName.get(entry.toLowerCase()) ?? byName.get(simplify(entry)))
    if (code) {
      if (!codes.includes(code)) codes.push(code)
    } else if (/^[A-Z]\d{8}$/.test(upper)) {
      codes.push(upper) // a code the place validator will explain (a county, a region, a retired district)
    } else unknown.push(entry)
  }
  return { codes, unknown }
}
