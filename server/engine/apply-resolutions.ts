/**
 * A person's conflict choices (the mapping's `resolution`, stored by the add-in API) turned into the plan: an item
 * still in the same conflict is settled with core's resolveChoices; a conflict that changed since is left for the
 * person again (recording clears the stale choices). Pure.
 */
import { canonicalJson, resolveChoices, type PlanItem } from '../core';
import type { EngineItem } from './pair';

/** The audit rule of every write a person's choice decided. */
export const RESOLVED_BY_PERSON = 'resolved by the person in the pane';

/** The conflict as the store holds it (JSON: undefined members dropped), for comparing with the recorded one. */
function asStored(value: unknown): string {
  return canonicalJson(JSON.parse(JSON.stringify(value ?? null)));
}

export function applyResolutions(plan: readonly PlanItem[], items: readonly EngineItem[]): PlanItem[] {
  const byKey = new Map(items.map((e) => [e.item.key, e]));
  return plan.map((p) => {
    const resolution = byKey.get(p.key)?.mapping?.resolution;
    if (!resolution || p.action.kind !== 'conflict') return p;
    if (asStored(p.action.conflict) !== asStored(resolution.conflict)) return p;
    return resolveChoices(p, resolution.choices, RESOLVED_BY_PERSON) ?? p;
  });
}
