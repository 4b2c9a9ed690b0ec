// The frameworks cwb ships, synced into the database on boot. Each proxy value names its source; see
// docs/social-value.md for the choices and the stated assumptions.
import fs from 'node:fs'
import { parseFramework, type Framework } from '../../domain/social-value/framework.js'

const SHIPPED = ['islington-2020.json']

/** The shipped frameworks, validated as any imported framework is. */
export function loadShippedFrameworks(): Framework[] {
  return SHIPPED.map((file) => {
    const raw = JSON.parse(fs.readFileSync(new URL(file, import.meta.url), 'utf8')) as unknown
    const parsed = parseFramework(raw)
    if (!parsed.ok) throw new Error(`The shipped framework ${file} is not valid: ${parsed.errors.join('; ')}`)
    return parsed.framework
  })
}

export const SHIPPED_FRAMEWORK_ID = 'islington-2020'
