// Every migration, in order. Names sort by their ISO-date prefix.
import type { Migration } from 'kysely'
import * as foundation from './2026-11-22T00-00-00_foundation.js'
import * as spend from './2026-11-22T01-00-00_spend.js'
import * as uploads from './2026-11-22T02-00-00_uploads.js'
import * as contracts from './2026-11-22T03-00-00_contracts.js'
import * as contractImportOutcome from './2026-11-22T03-30-00_contract_import_outcome.js'
import * as contractSearch from './2026-11-22T03-30-00_contract_search.js'
import * as spendAggregates from './2026-11-22T04-00-00_spend-aggregates.js'
import * as socialValue from './2026-11-22T05-00-00_social-value.js'
import * as svTargets from './2026-12-05T00-00-00_sv-targets.js'
import * as contractSearchFlags from './2026-12-05T01-00-00_contract-search-flags.js'
import * as paymentReferenceChecks from './2026-12-05T02-00-00_payment-reference-checks.js'

export const migrations: Record<string, Migration> = {
  '2026-11-22T00-00-00_foundation': foundation,
  '2026-11-22T01-00-00_spend': spend,
  '2026-11-22T02-00-00_uploads': uploads,
  '2026-11-22T03-00-00_contracts': contracts,
  '2026-11-22T03-30-00_contract_import_outcome': contractImportOutcome,
  '2026-11-22T03-30-00_contract_search': contractSearch,
  '2026-11-22T04-00-00_spend-aggregates': spendAggregates,
  '2026-11-22T05-00-00_social-value': socialValue,
  '2026-12-05T00-00-00_sv-targets': svTargets,
  '2026-12-05T01-00-00_contract-search-flags': contractSearchFlags,
  '2026-12-05T02-00-00_payment-reference-checks': paymentReferenceChecks,
}
