/**
 * Detection (Unison's "update detection"): one side's current state against the base -> what changed there.
 * Trusts an equal stamp; compares the shared view field by field otherwise. Decides nothing about the other side.
 */
import { diffFields } from './diff';
import type { CanonicalEvent } from './model';
import type { BaseSide, SideCapabilities, SideChange, SideState } from './state';
import { validateEvent } from './validate';

/**
 * `state` is the side's raw state, `view` its shared view (side-view.ts; null unless present). With a base, an
 * absent side reads as deleted: it was paired and is gone. Without one, a tombstone is nothing to act on.
 */
export function detect(
  base: { side: BaseSide; snapshot: CanonicalEvent } | null,
  state: SideState,
  view: CanonicalEvent | null,
  caps: SideCapabilities,
): SideChange {
  if (state.kind === 'error') return { kind: 'error', message: state.message };
  if (state.kind === 'present') {
    const problems = validateEvent(state.event);
    if (problems.length > 0) return { kind: 'error', message: `invalid event: ${problems.join('; ')}` };
  }
  if (base === null) return state.kind === 'present' ? { kind: 'created' } : { kind: 'absent' };
  if (state.kind !== 'present' || view === null) return { kind: 'deleted' };
  if (state.stamp === base.side.stamp) return { kind: 'unchanged' };
  const fields = diffFields(base.snapshot, view, caps.fields);
  return fields.length === 0 ? { kind: 'unchanged' } : { kind: 'changed', fields };
}
