// Loads the demo place once, on the first boot of an empty database.
import type { Services } from '../services.js'
import { loadDemoPlace } from './demo-place.js'

/** Loads the demo place if the database has no organisations yet. Returns what was loaded, or null. */
export async function ensureDemoPlace(services: Services): Promise<{ organisations: string[] } | null> {
  if (await services.system.demoMarker()) return null
  if ((await services.organisations.list()).length > 0) return null
  const summary = await loadDemoPlace(services)
  return { organisations: summary.organisations }
}
