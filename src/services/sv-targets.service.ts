// Social value targets: each organisation sets, per financial year, a baseline (what it expects to deliver in any
// case) and a stretch (what it aims for) for the £ of social value delivered, in total and optionally per theme.
// Progress compares them with the £ delivered so far in that year, as the social value report counts it.
import {
  listSvTargets,
  replaceSvTargets,
  type SvTarget,
  type SvTargetScope,
} from '../db/repositories/sv-target.repository.js'
import type { Actor } from '../domain/audit/audit.js'
import { InvalidInputError } from '../domain/errors.js'
import { THEME_LABELS, THEMES } from '../domain/social-value/framework.js'
import { formatPence, parseMoneyPence } from '../domain/social-value/quantity.js'
import { percentOf } from '../domain/social-value/rag.js'
import { financialYearBounds } from '../domain/spend/lm3.js'
import { recordAudit } from './audit.service.js'
import type { ServiceDeps } from './deps.js'
import { createSvReportService } from './sv-report.service.js'

export const TARGET_SCOPES: readonly SvTargetScope[] = ['total', ...THEMES]
export const TARGET_SCOPE_LABELS: Record<SvTargetScope, string> = {
  total: 'All social value',
  ...THEME_LABELS,
}

export type { SvTarget, SvTargetScope }

/** What the form sends: amounts in pounds as typed ("250,000" or "£1,000.50"), blank when not set. */
export type TargetInput = { scope: SvTargetScope; baseline: string; stretch: string }

export type TargetProgress = {
  scope: SvTargetScope
  label: string
  baseline: string | null
  stretch: string | null
  delivered: string
  /** Delivered as a percentage of each target, one decimal; null without the target. */
  percentOfBaseline: string | null
  percentOfStretch: string | null
  /** The highest target reached: 'stretch', 'baseline', 'below' (short of any set) or 'none' (nothing set). */
  reached: 'stretch' | 'baseline' | 'below' | 'none'
}

/** Reads the form's amounts; every problem named by its field ('totalBaseline', 'economicStretch', …). */
export function parseTargets(inputs: readonly TargetInput[]): { targets: SvTarget[]; fields: Record<string, string> } {
  const fields: Record<string, string> = {}
  const targets: SvTarget[] = []
  for (const input of inputs) {
    const label = TARGET_SCOPE_LABELS[input.scope].toLowerCase()
    const read = (text: string, kind: 'baseline' | 'stretch'): bigint | null | undefined => {
      if (text.trim() === '') return null
      const pence = parseMoneyPence(text)
      if (pence === undefined)
        fields[`${input.scope}${kind === 'baseline' ? 'Baseline' : 'Stretch'}`] =
          `Enter the ${kind} target for ${label} in pounds, like 250000 or 1,250.50`
      return pence
    }
    const baseline = read(input.baseline, 'baseline')
    const stretch = read(input.stretch, 'stretch')
    if (baseline === undefined || stretch === undefined) continue
    if (baseline !== null && stretch !== null && stretch < baseline)
      fields[`${input.scope}Stretch`] = `The stretch target for ${label} must be the same as or more than its baseline`
    targets.push({
      financialYear: '',
      scope: input.scope,
      baseline: baseline === null ? null : formatPence(baseline),
      stretch: stretch === null ? null : formatPence(stretch),
    })
  }
  return { targets, fields }
}

function reachedOf(delivered: bigint, baseline: bigint | null, stretch: bigint | null): TargetProgress['reached'] {
  if (baseline === null && stretch === null) return 'none'
  if (stretch !== null && delivered >= stretch) return 'stretch'
  if (baseline !== null && delivered >= baseline) return 'baseline'
  return 'below'
}

export function createSvTargetsService(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  const { db } = deps
  const reports = createSvReportService(deps)

  /** Every scope of a year, with nulls where nothing is set. */
  async function forYear(organisationId: string, financialYear: string): Promise<SvTarget[]> {
    const held = await listSvTargets(db, organisationId, financialYear)
    return TARGET_SCOPES.map(
      (scope) => held.find((t) => t.scope === scope) ?? { financialYear, scope, baseline: null, stretch: null },
    )
  }

  return {
    forYear,

    /** Every target an organisation has set, by year. */
    async list(organisationId: string): Promise<SvTarget[]> {
      return listSvTargets(db, organisationId)
    },

    /** Sets a year's targets (blank ones are cleared), audited. Throws InvalidInputError naming each bad field. */
    async save(actor: Actor, organisationId: string, financialYear: string, inputs: readonly TargetInput[]) {
      if (!financialYearBounds(financialYear))
        throw new InvalidInputError('Choose a financial year like 2026-27', { year: 'Choose a financial year' })
      const { targets, fields } = parseTargets(inputs)
      if (Object.keys(fields).length > 0) throw new InvalidInputError('Check the targets', fields)
      const after = targets.map((t) => ({ ...t, financialYear }))
      await db.transaction().execute(async (trx) => {
        const before = await listSvTargets(trx, organisationId, financialYear)
        await replaceSvTargets(trx, organisationId, financialYear, after, actor.userId)
        await recordAudit(trx, actor, [
          {
            organisationId,
            action: 'sv.targets-changed',
            entityType: 'sv_target',
            entityId: `${organisationId}:${financialYear}`,
            before,
            after: await listSvTargets(trx, organisationId, financialYear),
          },
        ])
      })
      return forYear(organisationId, financialYear)
    },

    /**
     * A year's targets against the £ delivered from the start of that year up to `upTo` (or its end, if sooner),
     * as the social value report counts it.
     */
    async progress(organisationId: string, financialYear: string, upTo: string) {
      const bounds = financialYearBounds(financialYear)
      if (!bounds) throw new InvalidInputError('Choose a financial year like 2026-27')
      const to = upTo < bounds.to ? upTo : bounds.to
      const targets = await forYear(organisationId, financialYear)
      const report = await reports.report({ organisationId }, { from: bounds.from, to })
      const deliveredOf = (scope: SvTargetScope) =>
        scope === 'total' ? report.delivered.amount : report.byTheme.find((t) => t.theme === scope)!.delivered.amount
      const rows: TargetProgress[] = targets.map((t) => {
        const delivered = parseMoneyPence(deliveredOf(t.scope))!
        const baseline = t.baseline === null ? null : parseMoneyPence(t.baseline)!
        const stretch = t.stretch === null ? null : parseMoneyPence(t.stretch)!
        return {
          scope: t.scope,
          label: TARGET_SCOPE_LABELS[t.scope],
          baseline: t.baseline,
          stretch: t.stretch,
          delivered: formatPence(delivered),
          percentOfBaseline: baseline === null ? null : percentOf(delivered, baseline),
          percentOfStretch: stretch === null ? null : percentOf(delivered, stretch),
          reached: reachedOf(delivered, baseline, stretch),
        }
      })
      return { financialYear, from: bounds.from, to, rows, anySet: rows.some((r) => r.reached !== 'none') }
    },
  }
}

export type SvTargetsService = ReturnType<typeof createSvTargetsService>
