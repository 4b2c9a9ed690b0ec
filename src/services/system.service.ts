// Installation-level facts: is the demo place loaded, is the database reachable.
import { getSetting, putSetting } from '../db/repositories/setting.repository.js'
import { pingDatabase } from '../db/repositories/system.repository.js'
import type { ServiceDeps } from './deps.js'

export const DEMO_SETTING = 'demo_place'

export type DemoMarker = { loadedAt: string; organisations: string[] }

export function createSystemService({ db }: Pick<ServiceDeps, 'db'>) {
  return {
    demoMarker: () => getSetting<DemoMarker>(db, DEMO_SETTING),
    markDemoLoaded: (marker: DemoMarker) => putSetting(db, DEMO_SETTING, marker),
    async isDatabaseUp(): Promise<boolean> {
      try {
        await pingDatabase(db)
        return true
      } catch {
        return false
      }
    },
  }
}

export type SystemService = ReturnType<typeof createSystemService>
