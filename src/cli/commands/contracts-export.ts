// `cwb contracts export`.
import type { Command } from 'commander'

export function registerContractsExport(_contracts: Command): void {}
