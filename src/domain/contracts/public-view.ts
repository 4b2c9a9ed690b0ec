// What the public may see of a contract: confidential fields withheld, personal and internal data never shown.
// Every public page, public search result and public export goes through here. Pure: no I/O.
import type { ConfidentialField, Contract, ContractLot, ContractSupplier, ContractVariation } from './contract.js'

/** A supplier as the public sees it: the name and registration numbers, the size and sector flags. */
export type PublicContractSupplier = Omit<ContractSupplier, 'postcode'>

export type PublicContract = Omit<
  Contract,
  'ownerUserId' | 'ownerName' | 'ownerEmail' | 'notes' | 'suppliers' | 'lots' | 'version' | 'source'
> & {
  suppliers: PublicContractSupplier[]
  lots: ContractLot[]
  /** The fields withheld as commercially confidential, so pages can say "Withheld" rather than "Not known". */
  withheld: ConfidentialField[]
}

export type PublicVariation = Omit<ContractVariation, 'approvedBy' | 'recordedBy' | 'valueChange'> & {
  /** null when the contract's value is withheld. */
  valueChange: string | null
}

export function isWithheld(contract: Pick<Contract, 'confidentialFields'>, field: ConfidentialField): boolean {
  return contract.confidentialFields.includes(field)
}

export function toPublicContract(contract: Contract): PublicContract {
  const withheld = (field: ConfidentialField) => isWithheld(contract, field)
  const {
    ownerUserId: _ownerUserId,
    ownerName: _ownerName,
    ownerEmail: _ownerEmail,
    notes: _notes,
    version: _version,
    source: _source,
    ...rest
  } = contract
  return {
    ...rest,
    description: withheld('description') ? null : contract.description,
    totalValue: withheld('totalValue') ? null : contract.totalValue,
    annualValue: withheld('annualValue') ? null : contract.annualValue,
    irrecoverableVat: withheld('irrecoverableVat') ? null : contract.irrecoverableVat,
    extensionOptions: withheld('extensionOptions') ? null : contract.extensionOptions,
    directAwardReason: withheld('directAwardReason') ? null : contract.directAwardReason,
    suppliers: withheld('suppliers') ? [] : contract.suppliers.map(({ postcode: _postcode, ...s }) => s),
    lots: withheld('lots') ? [] : contract.lots,
    withheld: [...contract.confidentialFields],
  }
}

/** A variation as the public sees it: values withheld when the contract's total value is, and no approver. */
export function toPublicVariation(
  contract: Pick<Contract, 'confidentialFields'>,
  variation: ContractVariation,
): PublicVariation {
  const { approvedBy: _approvedBy, recordedBy: _recordedBy, ...rest } = variation
  if (!isWithheld(contract, 'totalValue')) return rest
  return { ...rest, valueChange: null, previousTotalValue: null, newTotalValue: null }
}
