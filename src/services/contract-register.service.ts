// Reading the contracts register: search for officers and for the public, a contract's public page with its history,
// and the payments that count against a contract with the overspend flag.
import { listContractPayments, type ContractPaymentRow } from '../db/repositories/contract-payments.repository.js'
import { findContract, listVariations } from '../db/repositories/contract.repository.js'
import {
  contractFacets,
  readContractRegisterVersion,
  readRegisterHead,
  type CountKeeper,
  searchContracts,
} from '../db/repositories/contract-search.repository.js'
import type { Contract } from '../domain/contracts/contract.js'
import {
  isWithheld,
  toPublicContract,
  toPublicVariation,
  type PublicContract,
  type PublicVariation,
} from '../domain/contracts/public-view.js'
import { matchConditions, ukCalendarDay, type ContractSearch } from '../domain/contracts/search-query.js'
import {
  contractSpendPeriod,
  linkedSupplierIds,
  spendAgainstContract,
  type ContractSpendPeriod,
  type SpendAgainstContract,
} from '../domain/contracts/spend-against-contract.js'
import { NotFoundError } from '../domain/errors.js'
import type { ServiceDeps } from './deps.js'

/** A search as a page asks for it; the service fills in today's date. */
export type RegisterQuery = Omit<ContractSearch, 'audience' | 'today'>

export type ContractPayments = {
  /** Why no payments are shown, when none can be. */
  unavailable?: 'no-start-date' | 'no-linked-suppliers' | 'suppliers-withheld' | 'cancelled'
  period: ContractSpendPeriod | null
  rows: ContractPaymentRow[]
  spend: SpendAgainstContract
  /** How many suppliers on the contract are not linked to a supplier record (their payments cannot be found). */
  unlinkedSuppliers: number
}

export type ContractRegisterOptions = {
  /** How many search results each process keeps (0: none). */
  cacheEntries?: number
}

/**
 * Search results kept in memory under the register's version number, which every change to a contract, its
 * suppliers or lots moves on (a database trigger): a result is only ever served for the version it was read at, so
 * nothing stale is shown, and each process needs one tiny read per search to know. Least recently used go first.
 */
function resultCache(db: ServiceDeps['db'], entries: number) {
  const kept = new Map<string, Promise<unknown>>()
  let keptVersion = 0n
  /** `version`, when the caller has just read it, saves reading it again. */
  return async function cached<T>(key: unknown, load: () => Promise<T>, version?: string): Promise<T> {
    if (entries <= 0) return load()
    const now = BigInt(version ?? (await readContractRegisterVersion(db)))
    // What was read at an older version can never be served again: let it go at once. A request that read the
    // version just before a change reads for itself.
    if (now < keptVersion) return load()
    if (now > keptVersion) {
      kept.clear()
      keptVersion = now
    }
    const at = JSON.stringify(key)
    const found = kept.get(at) as Promise<T> | undefined
    if (found) {
      kept.delete(at)
      kept.set(at, found)
      return found
    }
    // Kept while it loads, so the same search asked for at the same moment is read once.
    const loading = load()
    kept.set(at, loading)
    loading.catch(() => kept.get(at) === loading && kept.delete(at))
    if (kept.size > entries) kept.delete(kept.keys().next().value!)
    return loading
  }
}

export function createContractRegisterService(
  { db, clock }: Pick<ServiceDeps, 'db' | 'clock'>,
  options: ContractRegisterOptions = {},
) {
  const today = () => ukCalendarDay(clock.now())
  const cached = resultCache(db, options.cacheEntries ?? 500)
  // Pages apart from results, so the two kinds do not push each other out (a page is about 40 KB).
  const cachedPages = resultCache(db, options.cacheEntries ?? 500)
  // Counts apart again: one count serves every order and page of the same search.
  const cachedCounts = resultCache(db, options.cacheEntries ?? 500)
  const keepCount =
    (version: string | undefined): CountKeeper =>
    (q, count) =>
      cachedCounts(matchConditions(q), count, version)

  return {
    today,

    /** A page of an organisation's register as its officers see it. */
    async search(q: RegisterQuery) {
      const search = { ...q, audience: 'internal' as const, today: today() }
      const version = await readContractRegisterVersion(db)
      return cached(search, () => searchContracts(db, search, keepCount(version)), version)
    },

    /**
     * A page of the public register: withheld fields never searched, filtered, sorted on or shown. `version`: the
     * register's version, when the caller has just read it (see registerHead).
     */
    async publicSearch(q: RegisterQuery, version?: string): Promise<{ total: number; contracts: PublicContract[] }> {
      const search = { ...q, audience: 'public' as const, today: today() }
      return cached(
        search,
        async () => {
          const { total, contracts } = await searchContracts(db, search, keepCount(version))
          return { total, contracts: contracts.map(toPublicContract) }
        },
        version,
      )
    },

    /** An organisation's public register as it stands: the organisation, and the register's version. */
    async registerHead(organisationId: string): Promise<{ id: string; name: string; version: string }> {
      const head = await readRegisterHead(db, organisationId)
      if (!head) throw new NotFoundError(`There is no organisation ${organisationId}`)
      return head
    },

    /**
     * A public register page as built for visitors who are not signed in (the same for all of them), kept under the
     * register's version (read with the head) like search results, so a popular search is built once per change to
     * the register. `build` runs only when the page is not kept.
     */
    async publicPage<T>(head: { version: string }, key: string, build: () => Promise<T>): Promise<T> {
      return cachedPages({ page: key, today: today() }, build, head.version)
    },

    /** The departments and categories to offer as filters. */
    async facets(organisationId: string, audience: ContractSearch['audience'], version?: string) {
      return cached({ facets: organisationId, audience }, () => contractFacets(db, organisationId, audience), version)
    },

    /** A contract's public page: the contract and its history, redacted. Cancelled contracts are not published. */
    async publicContract(
      organisationId: string,
      id: string,
    ): Promise<{ contract: PublicContract; source: Contract; variations: PublicVariation[] }> {
      const contract = await findContract(db, organisationId, id)
      if (!contract || contract.status === 'cancelled') throw new NotFoundError('There is no such contract')
      const variations = await listVariations(db, contract.id)
      return {
        contract: toPublicContract(contract),
        source: contract,
        variations: variations.map((v) => toPublicVariation(contract, v)),
      }
    },

    /**
     * The payments to a contract's suppliers in its period, a page at a time, with the total and whether it runs
     * over the contract's current total value. For the public, a withheld value never raises the flag, and withheld
     * suppliers mean no payments are linked at all (they would name the suppliers).
     */
    async payments(
      contract: Contract,
      audience: ContractSearch['audience'],
      page: { limit: number; offset: number } = { limit: 50, offset: 0 },
    ): Promise<ContractPayments> {
      const isPublic = audience === 'public'
      const value = isPublic && isWithheld(contract, 'totalValue') ? null : contract.totalValue
      const supplierIds = linkedSupplierIds(contract)
      const unlinkedSuppliers = contract.suppliers.filter((s) => !s.supplierId).length
      const period = contractSpendPeriod(contract, today())
      const none = (unavailable: ContractPayments['unavailable']): ContractPayments => ({
        unavailable,
        period,
        rows: [],
        spend: spendAgainstContract('0', 0, value),
        unlinkedSuppliers,
      })
      if (isPublic && isWithheld(contract, 'suppliers')) return none('suppliers-withheld')
      if (contract.status === 'cancelled') return none('cancelled')
      if (!period) return none('no-start-date')
      if (supplierIds.length === 0) return none('no-linked-suppliers')
      const { rows, total } = await listContractPayments(db, {
        organisationId: contract.organisationId,
        supplierIds,
        period,
        ...page,
      })
      return { period, rows, spend: spendAgainstContract(total.amount, total.count, value), unlinkedSuppliers }
    },
  }
}

export type ContractRegisterService = ReturnType<typeof createContractRegisterService>
