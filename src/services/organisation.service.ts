// Organisations (anchor institutions) and networks of them.
import {
  findOrganisation,
  insertNetwork,
  insertOrganisation,
  listNetworks,
  listOrganisations,
  networkIdsOf,
  updateNetwork,
  updateOrganisation,
} from '../db/repositories/organisation.repository.js'
import { validatePlace } from '../domain/geography/geography.js'
import type { Actor } from '../domain/audit/audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js'
import {
  ID_PATTERN,
  type Network,
  type Organisation,
  type OrganisationType,
} from '../domain/organisations/organisation.js'
import { normaliseOrgId, parseOrgId } from '../domain/organisations/org-id.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'

export type OrganisationInput = {
  id: string
  name: string
  type: OrganisationType
  home: readonly string[]
  neighbours?: readonly string[]
  regionCode?: string
  /** In org-id form, e.g. GB-LAE-ISL; null clears it, undefined leaves it as it is. */
  orgIdentifier?: string | null
}

export type NetworkInput = { id: string; name: string; description: string; memberIds: readonly string[] }

function snapshot(org: Organisation) {
  return {
    name: org.name,
    type: org.type,
    home: org.home.map((a) => a.code),
    neighbours: org.neighbours.map((a) => a.code),
    region: org.region.code,
    orgIdentifier: org.orgIdentifier,
  }
}

/** The identifier normalised (GB-LAE-ISL), or InvalidInputError naming the field. */
function orgIdentifierOrThrow(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null || value.trim() === '') return value === undefined ? undefined : null
  const parsed = parseOrgId(value)
  if (!parsed.ok) throw new InvalidInputError(parsed.message, { orgIdentifier: parsed.message })
  return normaliseOrgId(value)
}

export function createOrganisationService({ db, geography }: Pick<ServiceDeps, 'db' | 'geography'>) {
  function placeOrThrow(input: OrganisationInput) {
    const result = validatePlace(geography, {
      home: input.home,
      neighbours: input.neighbours,
      regionCode: input.regionCode,
    })
    if (!result.ok) throw new InvalidInputError(result.errors.join('; '), { home: result.errors.join('; ') })
    return result.place
  }

  return {
    list: (ids?: readonly string[]) => listOrganisations(db, ids),

    async get(id: string): Promise<Organisation> {
      const org = await findOrganisation(db, id)
      if (!org) throw new NotFoundError(`There is no organisation ${id}`)
      return org
    },

    /** Adds an organisation; neighbours and region default from the shipped geography. */
    async add(actor: Actor, input: OrganisationInput): Promise<Organisation> {
      if (!ID_PATTERN.test(input.id))
        throw new InvalidInputError('The identifier must be 2 to 63 lower-case letters, digits or hyphens', {
          id: 'Enter an identifier of lower-case letters, digits and hyphens',
        })
      const place = placeOrThrow(input)
      return db.transaction().execute(async (trx) => {
        if (await findOrganisation(trx, input.id))
          throw new ConflictError(`An organisation with the identifier ${input.id} already exists`)
        await insertOrganisation(trx, {
          id: input.id,
          name: input.name,
          type: input.type,
          place,
          orgIdentifier: orgIdentifierOrThrow(input.orgIdentifier),
        })
        const org = (await findOrganisation(trx, input.id))!
        await recordAudit(trx, actor, [
          {
            organisationId: org.id,
            action: 'organisation.add',
            entityType: 'organisation',
            entityId: org.id,
            after: snapshot(org),
          },
        ])
        return org
      })
    },

    async update(actor: Actor, input: OrganisationInput): Promise<Organisation> {
      const place = placeOrThrow(input)
      return db.transaction().execute(async (trx) => {
        const before = await findOrganisation(trx, input.id)
        if (!before) throw new NotFoundError(`There is no organisation ${input.id}`)
        await updateOrganisation(trx, {
          id: input.id,
          name: input.name,
          type: input.type,
          place,
          orgIdentifier: orgIdentifierOrThrow(input.orgIdentifier),
        })
        const after = (await findOrganisation(trx, input.id))!
        await recordAudit(trx, actor, [
          {
            organisationId: after.id,
            action: 'organisation.update',
            entityType: 'organisation',
            entityId: after.id,
            before: snapshot(before),
            after: snapshot(after),
          },
        ])
        return after
      })
    },

    listNetworks: (ids?: readonly string[]) => listNetworks(db, ids),

    async getNetwork(id: string): Promise<Network> {
      const [network] = await listNetworks(db, [id])
      if (!network) throw new NotFoundError(`There is no network ${id}`)
      return network
    },

    networksOf: (organisationId: string) => networkIdsOf(db, organisationId),

    async addNetwork(actor: Actor, input: NetworkInput): Promise<Network> {
      if (!ID_PATTERN.test(input.id))
        throw new InvalidInputError('The identifier must be 2 to 63 lower-case letters, digits or hyphens', {
          id: 'Enter an identifier of lower-case letters, digits and hyphens',
        })
      return db.transaction().execute(async (trx) => {
        if ((await listNetworks(trx, [input.id])).length > 0)
          throw new ConflictError(`A network with the identifier ${input.id} already exists`)
        await assertOrganisationsExist(trx, input.memberIds)
        await insertNetwork(trx, input)
        const [network] = await listNetworks(trx, [input.id])
        await recordAudit(trx, actor, [
          {
            organisationId: null,
            action: 'network.add',
            entityType: 'network',
            entityId: input.id,
            after: networkSnapshot(network!),
          },
        ])
        return network!
      })
    },

    async updateNetwork(actor: Actor, input: NetworkInput): Promise<Network> {
      return db.transaction().execute(async (trx) => {
        const [before] = await listNetworks(trx, [input.id])
        if (!before) throw new NotFoundError(`There is no network ${input.id}`)
        await assertOrganisationsExist(trx, input.memberIds)
        await updateNetwork(trx, input)
        const [after] = await listNetworks(trx, [input.id])
        await recordAudit(trx, actor, [
          {
            organisationId: null,
            action: 'network.update',
            entityType: 'network',
            entityId: input.id,
            before: networkSnapshot(before),
            after: networkSnapshot(after!),
          },
        ])
        return after!
      })
    },
  }
}

function networkSnapshot(network: Network) {
  return { name: network.name, description: network.description, members: network.members.map((m) => m.id) }
}

async function assertOrganisationsExist(db: ServiceDeps['db'], ids: readonly string[]): Promise<void> {
  const found = new Set((await listOrganisations(db, ids)).map((o) => o.id))
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length > 0)
    throw new InvalidInputError(`There is no organisation ${missing.join(', ')}`, {
      members: `There is no organisation ${missing.join(', ')}`,
    })
}

export type OrganisationService = ReturnType<typeof createOrganisationService>
