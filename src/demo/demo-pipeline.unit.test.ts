import { describe, expect, it } from 'vitest'
import { parsePlanDraft } from '../domain/pipeline/plan.js'
import { groupPipeline, pipelinePlacement, pipelineWindow } from '../domain/pipeline/window.js'
import { demoPipeline } from './demo-pipeline.js'

const TODAY = '2026-11-22'

describe('demoPipeline', () => {
  const plans = demoPipeline(TODAY)

  it('is the same for the same day, and every plan obeys the rules', () => {
    expect(demoPipeline(TODAY)).toEqual(plans)
    for (const { draft } of plans) expect(parsePlanDraft(draft).success, draft.reference).toBe(true)
    expect(new Set(plans.map((p) => `${p.organisationId} ${p.draft.reference}`)).size).toBe(plans.length)
  })

  it('has 25 to 40 plans across the three organisations, over the next 18 months', () => {
    expect(plans.length).toBeGreaterThanOrEqual(25)
    expect(plans.length).toBeLessThanOrEqual(40)
    expect([...new Set(plans.map((p) => p.organisationId))].sort()).toEqual(['islington-college', 'islington-council', 'islington-health'])
    const { to } = pipelineWindow(TODAY)
    expect(plans.every((p) => p.draft.expectedAdvertDate <= to)).toBe(true)
    // Every state shows: upcoming, overdue, advertised, awarded, cancelled; and quarters across the window.
    const placements = plans.map((p) => pipelinePlacement(p.draft, TODAY))
    expect(placements.filter((p) => p === 'overdue').length).toBeGreaterThanOrEqual(2)
    expect(new Set(plans.map((p) => p.draft.status))).toEqual(
      new Set(['planned', 'advertised', 'awarded', 'cancelled']),
    )
    const council = plans.filter((p) => p.organisationId === 'islington-council').map((p) => p.draft)
    expect(groupPipeline(council, TODAY).filter((g) => !g.overdue).length).toBeGreaterThanOrEqual(6)
  })

  it('offers SMEs and VCSEs work, with lots, and only team mailboxes', () => {
    const drafts = plans.map((p) => p.draft)
    expect(drafts.filter((d) => d.suitableForSme && d.lots).length).toBeGreaterThanOrEqual(10)
    expect(drafts.filter((d) => d.suitableForVcse).length).toBeGreaterThanOrEqual(8)
    expect(drafts.every((d) => /^(procurement|supplychain|purchasing)@/.test(d.contactEmail ?? ''))).toBe(true)
  })
})
