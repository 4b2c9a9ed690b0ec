// Validates OCDS 1.1 packages against the official 1.1.5 schemas (JSON Schema draft-04), read from the shared data
// folder. The schemas refer to each other by URL; each is registered under its own `id`, so nothing is fetched.
// Where the schema leaves a codelist open (party roles, classification schemes), the codes are checked against the
// official codelist files too.
import fs from 'node:fs'
import path from 'node:path'
import ajvDraft04 from 'ajv-draft-04'
import ajvFormats from 'ajv-formats'
import type { ErrorObject, ValidateFunction } from 'ajv'

export const OCDS_DIR = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../shared/data/standards/ocds-1.1.5',
)

const SCHEMA_FILES = [
  'release-schema.json',
  'versioned-release-validation-schema.json',
  'release-package-schema.json',
  'record-package-schema.json',
]

let compiled: { releasePackage: ValidateFunction; recordPackage: ValidateFunction } | undefined

function validators() {
  if (compiled) return compiled
  // The schemas use their own keywords (codelist, openCodelist, deprecated, mergeStrategy…): not strict.
  // Both packages are CommonJS with the class / plugin as `default` too.
  const ajv = new ajvDraft04.default({ strict: false, allErrors: true, validateFormats: true })
  ajvFormats.default(ajv)
  for (const file of SCHEMA_FILES) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(OCDS_DIR, file), 'utf8')))
  const byId = (file: string) => {
    const id = (JSON.parse(fs.readFileSync(path.join(OCDS_DIR, file), 'utf8')) as { id: string }).id
    return ajv.getSchema(id)!
  }
  compiled = { releasePackage: byId('release-package-schema.json'), recordPackage: byId('record-package-schema.json') }
  return compiled
}

/** The codes of an official codelist. */
export function codelist(name: string): Set<string> {
  const text = fs.readFileSync(path.join(OCDS_DIR, 'codelists', `${name}.csv`), 'utf8')
  return new Set(
    text
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',')[0]!.trim())
      .filter(Boolean),
  )
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

/** Codes in open codelists that are not in the official list (closed ones are enforced by the schema itself). */
function codelistProblems(releases: Json[]): string[] {
  const roles = codelist('partyRole')
  const schemes = codelist('itemClassificationScheme')
  const milestoneTypes = codelist('milestoneType')
  const milestoneStatuses = codelist('milestoneStatus')
  // The organization scale extension's codelist (ocds_partyDetails_scale_extension, partyScale.csv).
  const scales = new Set(['micro', 'sme', 'large', 'selfEmployed'])
  const problems: string[] = []
  for (const r of releases) {
    for (const p of r.parties ?? []) {
      for (const role of p.roles ?? []) if (!roles.has(role)) problems.push(`${r.id}: party role ${role}`)
      const scale = p.details?.scale
      if (scale !== undefined && !scales.has(scale)) problems.push(`${r.id}: scale ${scale}`)
      const vcse = p.details?.vcse
      if (vcse !== undefined && typeof vcse !== 'boolean') problems.push(`${r.id}: vcse ${vcse}`)
    }
    const items = [...(r.tender?.items ?? []), ...(r.contracts ?? []).flatMap((c: Json) => c.items ?? [])]
    for (const item of items)
      for (const c of [item.classification, ...(item.additionalClassifications ?? [])].filter(Boolean))
        if (!schemes.has(c.scheme)) problems.push(`${r.id}: classification scheme ${c.scheme}`)
    for (const c of r.contracts ?? [])
      for (const m of c.milestones ?? []) {
        if (!milestoneTypes.has(m.type)) problems.push(`${r.id}: milestone type ${m.type}`)
        if (m.status !== undefined && !milestoneStatuses.has(m.status))
          problems.push(`${r.id}: milestone status ${m.status}`)
      }
  }
  return problems
}

const describe = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)

/** Every problem with a release package: schema errors and codes outside the official codelists. [] when valid. */
export function releasePackageProblems(pkg: unknown): string[] {
  const validate = validators().releasePackage
  const schemaErrors = validate(pkg) ? [] : describe(validate.errors)
  return [...schemaErrors, ...codelistProblems(((pkg as Json).releases ?? []) as Json[])]
}

/** Every problem with a record package, its embedded and compiled releases included. [] when valid. */
export function recordPackageProblems(pkg: unknown): string[] {
  const validate = validators().recordPackage
  const schemaErrors = validate(pkg) ? [] : describe(validate.errors)
  const records = ((pkg as Json).records ?? []) as Json[]
  const releases = records.flatMap((r) => [...(r.releases ?? []), r.compiledRelease].filter(Boolean))
  return [...schemaErrors, ...codelistProblems(releases)]
}
