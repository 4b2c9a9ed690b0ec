// The contracts register as Open Contracting Data Standard 1.1 release and record packages. Pure: no I/O.
//
// Each contract is one contracting process (one ocid). Its current state is one release tagged award + contract;
// each variation, extension or termination is a contractAmendment release of its own, dated the day it took effect,
// carrying the value and end date after it. A record embeds a process's releases, oldest first, and a compiled
// release (the current state). Release ids are stable: the same contract, unchanged, gets the same ids every time.
//
// Mapping notes (https://standard.open-contracting.org/1.1/en/schema/reference/):
// - parties use org-id identifiers (GB-LAE-…, GB-COH-…, GB-CHC-…); a supplier's size and sector go in details.scale
//   ('sme' or 'large') and details.vcse, as in the organization scale extension and the Contracts Finder data.
// - tender.procurementMethod is one of open / selective / limited / direct, the route in procurementMethodDetails and
//   a direct award's reason in procurementMethodRationale; CPV codes classify the item; lots use the lots extension.
// - money is a JSON number in pounds with currency GBP; dates are date-times (start of day for a start date, end of
//   day for an end date, both UTC, as Contracts Finder writes them).
// - Anything withheld from the public is left out entirely, never written as a blank or a zero.
import { categoryOfCpv } from './cpv.js'
import { contractLifeStatus, PROCUREMENT_ROUTE_LABELS, type ProcurementRoute } from './contract.js'
import type { ExportAudience, ExportContract, ExportVariation } from './transparency-csv.js'
import { charityNumberOrgId, companyNumberOrgId, parseOrgId, type OrgId } from '../organisations/org-id.js'

export const OCDS_VERSION = '1.1'
export const OGL_V3 = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/'
/** The OCDS extensions the packages use, declared in the package as OCDS 1.1 asks. */
export const LOTS_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json'
export const SCALE_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/master/extension.json'
/** An OCID prefix that says it is not registered: publishers register their own with the Open Contracting Partnership. */
export const PLACEHOLDER_OCID_PREFIX = 'ocds-xxxxxx'

type Json = Record<string, unknown>

export type OcdsExportContext = {
  audience: ExportAudience
  /** e.g. ocds-213czf: prefixes the ocid of a contract that has none of its own. */
  ocidPrefix: string
  organisation: { id: string; name: string; orgIdentifier: string | null }
  /** Where this package can be downloaded again. */
  packageUri: string
  /** The public register's address, to identify the publisher. */
  publisherUri: string | null
  publicationPolicy: string | null
  /** When the package's contents last changed (ISO date-time). */
  publishedDate: string
  /** Today (YYYY-MM-DD), for the contract status. */
  today: string
}

export type OcdsContractInput = { contract: ExportContract; variations: ExportVariation[] }

/** The ocid of a contract: its own when it has one (e.g. imported from Contracts Finder), else prefix + its id. */
export function ocidOf(contract: Pick<ExportContract, 'ocid' | 'id'>, prefix: string): string {
  return contract.ocid ?? `${prefix}-${contract.id}`
}

const startOfDay = (date: string) => `${date}T00:00:00Z`
const endOfDay = (date: string) => `${date}T23:59:59Z`
const amount = (value: string) => ({ amount: Number(value), currency: 'GBP' })
const pounds = (value: string) =>
  `£${Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
/** A compact, sortable stamp for release ids: 2026-01-02T03:04:05.678Z → 20260102T030405678Z. */
const stamp = (iso: string) => iso.replace(/[-:.]/g, '')

/** Drops undefined, null, empty arrays and empty objects, so nothing unknown or withheld appears as a blank. */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune).filter((v) => !isEmpty(v)) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Json = {}
    for (const [k, v] of Object.entries(value as Json)) {
      const pruned = prune(v)
      if (!isEmpty(pruned)) out[k] = pruned
    }
    return out as T
  }
  return value
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v as Json).length === 0
  return false
}

const METHODS: Record<ProcurementRoute, 'open' | 'selective' | 'limited' | 'direct' | null> = {
  open: 'open',
  restricted: 'selective',
  competitive: 'selective',
  framework: 'selective',
  quotation: 'limited',
  direct: 'direct',
  other: null,
}

/** CPV divisions 03–44 and 48 are goods, 45 is works, the rest services. */
export function procurementCategoryOfCpv(code: string): 'goods' | 'works' | 'services' {
  const division = Number(code.slice(0, 2))
  if (division === 45) return 'works'
  if (division < 45 || division === 48) return 'goods'
  return 'services'
}

const toIdentifier = (o: OrgId, legalName?: string) => ({ scheme: o.scheme, id: o.id, legalName })

function supplierIdentifiers(s: ExportContract['suppliers'][number]): OrgId[] {
  const ids: OrgId[] = []
  const company = s.companyNumber ? companyNumberOrgId(s.companyNumber) : null
  const charity = s.charityNumber ? charityNumberOrgId(s.charityNumber) : null
  const other = s.otherRegistration ? parseOrgId(s.otherRegistration) : null
  if (company) ids.push(company)
  if (charity) ids.push(charity)
  if (other?.ok) ids.push(other.value)
  return ids
}

type Party = { id: string; name: string; json: Json }

function supplierParties(c: ExportContract, audience: ExportAudience): Party[] {
  const used = new Set<string>()
  return c.suppliers.map((s, i) => {
    const [primary, ...more] = supplierIdentifiers(s)
    let id = primary ? `${primary.scheme}-${primary.id}` : `supplier-${i + 1}`
    if (used.has(id)) id = `${id}-${i + 1}`
    used.add(id)
    const json: Json = {
      id,
      name: s.name,
      identifier: primary ? toIdentifier(primary, s.name) : { legalName: s.name },
      additionalIdentifiers: more.map((o) => toIdentifier(o)),
      address: audience === 'internal' && s.postcode ? { postalCode: s.postcode, countryName: 'United Kingdom' } : null,
      roles: ['supplier'],
      details: {
        scale: s.isSme === null ? undefined : s.isSme ? 'sme' : 'large',
        vcse: s.isVcse ?? undefined,
      },
    }
    return { id, name: s.name, json }
  })
}

function buyerParty(c: ExportContract, ctx: OcdsExportContext): Party {
  const parsed = ctx.organisation.orgIdentifier ? parseOrgId(ctx.organisation.orgIdentifier) : null
  const orgId = parsed?.ok ? parsed.value : null
  const id = orgId ? `${orgId.scheme}-${orgId.id}` : `cwb-${ctx.organisation.id}`
  const name = ctx.organisation.name
  const owner = ctx.audience === 'internal' ? { name: c.ownerName, email: c.ownerEmail } : null
  return {
    id,
    name,
    json: {
      id,
      name,
      identifier: orgId ? toIdentifier(orgId, name) : { legalName: name },
      contactPoint: owner,
      roles: ['buyer'],
    },
  }
}

function items(c: ExportContract): Json[] {
  const [first, ...rest] = c.cpvCodes
  if (!first) return []
  const classification = (code: string) => ({ scheme: 'CPV', id: code, description: categoryOfCpv(code) })
  return [
    {
      id: '1',
      description: c.title,
      classification: classification(first),
      additionalClassifications: rest.map(classification),
    },
  ]
}

function tender(c: ExportContract, ocid: string): Json {
  const route = c.procurementRoute
  const details = route
    ? route === 'framework' && c.frameworkName
      ? `${PROCUREMENT_ROUTE_LABELS.framework}: ${c.frameworkName}`
      : PROCUREMENT_ROUTE_LABELS[route]
    : null
  return {
    id: `${ocid}-tender`,
    title: c.title,
    description: c.description,
    status: 'complete',
    procurementMethod: route ? METHODS[route] : null,
    procurementMethodDetails: details,
    procurementMethodRationale: route === 'direct' ? c.directAwardReason : null,
    mainProcurementCategory: c.cpvCodes[0] ? procurementCategoryOfCpv(c.cpvCodes[0]) : null,
    items: items(c),
    lots: c.lots.map((l) => ({
      id: l.lotNumber,
      title: l.title,
      description: l.description,
      value: l.value === null ? null : amount(l.value),
    })),
  }
}

/** The value the contract was awarded at: before its first variation that changed the value. */
function awardedValue(c: ExportContract, variations: readonly ExportVariation[]): string | null {
  if (c.totalValue === null) return null
  const first = variations.find((v) => v.previousTotalValue !== null && v.newTotalValue !== v.previousTotalValue)
  return first ? first.previousTotalValue : c.totalValue
}

/** The value and end date a variation left the contract with, described for people. */
export function describeVariation(v: ExportVariation): string {
  const kind = { variation: 'Variation', extension: 'Extension', termination: 'Termination' }[v.kind]
  const changes: string[] = []
  if (v.newEndDate && v.newEndDate !== v.previousEndDate)
    changes.push(
      v.previousEndDate
        ? `end date changed from ${v.previousEndDate} to ${v.newEndDate}`
        : `end date set to ${v.newEndDate}`,
    )
  if (v.newReviewDate && v.newReviewDate !== v.previousReviewDate)
    changes.push(
      v.previousReviewDate
        ? `review date changed from ${v.previousReviewDate} to ${v.newReviewDate}`
        : `review date set to ${v.newReviewDate}`,
    )
  if (v.newTotalValue !== null && v.newTotalValue !== v.previousTotalValue) {
    const change = v.valueChange !== null && Number(v.valueChange) !== 0 ? v.valueChange : null
    const signed = change ? ` (${Number(change) > 0 ? '+' : '−'}${pounds(String(Math.abs(Number(change))))})` : ''
    changes.push(
      v.previousTotalValue !== null
        ? `total value changed from ${pounds(v.previousTotalValue)} to ${pounds(v.newTotalValue)}${signed}`
        : `total value set to ${pounds(v.newTotalValue)}`,
    )
  }
  return changes.length > 0 ? `${kind}: ${changes.join('; ')}.` : `${kind}.`
}

const amendmentReleaseId = (ocid: string, v: ExportVariation) => `${ocid}-amendment-${v.id}`

function amendment(ocid: string, v: ExportVariation): Json {
  return {
    id: v.id,
    date: startOfDay(v.variedOn),
    rationale: v.reason,
    description: describeVariation(v),
    releaseID: amendmentReleaseId(ocid, v),
  }
}

const CONTRACT_STATUS = {
  cancelled: 'cancelled',
  terminated: 'terminated',
  'not-started': 'pending',
  live: 'active',
  expired: 'terminated',
} as const

/** The releases of one contract: its amendments, then its current state; oldest first. */
export function contractReleases(input: OcdsContractInput, ctx: OcdsExportContext): Json[] {
  const { contract: c, variations } = input
  const ocid = ocidOf(c, ctx.ocidPrefix)
  const buyer = buyerParty(c, ctx)
  const suppliers = supplierParties(c, ctx.audience)
  const awardId = `${ocid}-award-1`
  const contractId = `${ocid}-contract-1`
  const base = { ocid, initiationType: 'tender', language: 'en', buyer: { id: buyer.id, name: buyer.name } }

  const amendmentReleases = variations.map((v) => ({
    ...base,
    id: amendmentReleaseId(ocid, v),
    date: startOfDay(v.variedOn),
    tag: ['contractAmendment'],
    parties: [buyer.json],
    contracts: [
      {
        id: contractId,
        awardID: awardId,
        value: v.newTotalValue === null ? null : amount(v.newTotalValue),
        period: v.newEndDate ? { endDate: endOfDay(v.newEndDate) } : null,
        amendments: [amendment(ocid, v)],
      },
    ],
  }))

  // The current state is the newest release, even when a variation is dated later than the last save.
  const updated = c.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const latest = [updated, ...amendmentReleases.map((r) => r.date)].sort().at(-1)!
  const period = {
    startDate: c.startDate ? startOfDay(c.startDate) : null,
    endDate: c.endDate ? endOfDay(c.endDate) : null,
    maxExtentDate: c.maxEndDate ? endOfDay(c.maxEndDate) : null,
  }
  const status = contractLifeStatus(c, ctx.today)
  const awarded = awardedValue(c, variations)
  const current = {
    ...base,
    id: `${ocid}-${stamp(c.updatedAt.toISOString())}`,
    date: latest,
    tag: ['award', 'contract'],
    parties: [buyer.json, ...suppliers.map((s) => s.json)],
    tender: tender(c, ocid),
    awards: [
      {
        id: awardId,
        title: c.title,
        status: status === 'cancelled' ? 'cancelled' : 'active',
        value: awarded === null ? null : amount(awarded),
        suppliers: suppliers.map((s) => ({ id: s.id, name: s.name })),
        contractPeriod: period,
      },
    ],
    contracts: [
      {
        id: contractId,
        awardID: awardId,
        title: c.title,
        description: c.description,
        status: CONTRACT_STATUS[status],
        period,
        value: c.totalValue === null ? null : amount(c.totalValue),
        items: items(c),
        milestones: c.reviewDate
          ? [
              {
                id: 'review',
                title: 'Contract review',
                type: 'assessment',
                dueDate: startOfDay(c.reviewDate),
                // A past review date does not say whether the review happened, so it gets no status.
                status: c.reviewDate >= ctx.today ? 'scheduled' : null,
              },
            ]
          : [],
        amendments: variations.map((v) => amendment(ocid, v)),
      },
    ],
  }
  return prune([...amendmentReleases, current]).sort((a, b) => String(a.date).localeCompare(String(b.date)))
}

function packageHead(ctx: OcdsExportContext, inputs: readonly OcdsContractInput[]): Json {
  const parsed = ctx.organisation.orgIdentifier ? parseOrgId(ctx.organisation.orgIdentifier) : null
  const orgId = parsed?.ok ? parsed.value : null
  const usesLots = inputs.some((i) => i.contract.lots.length > 0)
  const usesScale = inputs.some((i) => i.contract.suppliers.some((s) => s.isSme !== null))
  return prune({
    uri: ctx.packageUri,
    version: OCDS_VERSION,
    extensions: [usesLots ? LOTS_EXTENSION : null, usesScale ? SCALE_EXTENSION : null],
    publishedDate: ctx.publishedDate,
    publisher: {
      name: ctx.organisation.name,
      scheme: orgId?.scheme,
      uid: orgId?.id,
      uri: ctx.publisherUri,
    },
    license: OGL_V3,
    publicationPolicy: ctx.publicationPolicy,
  })
}

/** One record: a process's releases, oldest first, and its compiled release (the current state). */
export function contractRecord(input: OcdsContractInput, ctx: OcdsExportContext): Json {
  const releases = contractReleases(input, ctx)
  const current = releases.find((r) => (r.tag as string[]).includes('award'))!
  return {
    ocid: current.ocid,
    releases,
    compiledRelease: { ...current, id: `${String(current.id)}-compiled`, tag: ['compiled'] },
  }
}

/**
 * A package as text, a piece at a time, so a large register is never one string: the package's fields, then one
 * release or record per line.
 */
function* packageText(head: Json, key: 'releases' | 'records', items: Iterable<Json>): Generator<string> {
  yield `${JSON.stringify(head).slice(0, -1)},${JSON.stringify(key)}:[`
  let first = true
  for (const item of items) {
    yield `${first ? '' : ','}\n${JSON.stringify(item)}`
    first = false
  }
  yield '\n]}\n'
}

/** A release package: every release of every contract given. */
export function releasePackageText(inputs: readonly OcdsContractInput[], ctx: OcdsExportContext): Generator<string> {
  function* releases() {
    for (const input of inputs) yield* contractReleases(input, ctx)
  }
  return packageText(packageHead(ctx, inputs), 'releases', releases())
}

/** A record package: one record per ocid, its releases embedded, and the compiled release (its current state). */
export function recordPackageText(inputs: readonly OcdsContractInput[], ctx: OcdsExportContext): Generator<string> {
  function* records() {
    for (const input of inputs) yield contractRecord(input, ctx)
  }
  return packageText(packageHead(ctx, inputs), 'records', records())
}
