// `cwb contracts reminders`.
import type { Command } from 'commander'

export function registerContractsReminders(_contracts: Command): void {}
