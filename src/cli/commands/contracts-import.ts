// `cwb contracts import`.
import type { Command } from 'commander'

export function registerContractsImport(_contracts: Command): void {}
