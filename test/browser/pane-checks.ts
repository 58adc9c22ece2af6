/**
 * Checks the browser suites run on every pane state: axe-core inside the pane's frame (results printed for the CI
 * log; serious and critical violations returned), no horizontal scroll at the pane's 320 px, and a screenshot.
 */
import { source as axeSource } from 'axe-core';
import type { Frame } from 'playwright-core';
import { screenshot, type BrowserWorld } from './harness';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function paneFrame(world: BrowserWorld): Promise<Frame> {
  const handle = await world.page.locator('#pane-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the pane frame is not loaded');
  return frame;
}

/** axe-core over the pane; prints one line per state and returns the serious and critical violations. */
export async function axeViolations(world: BrowserWorld, state: string): Promise<AxeViolation[]> {
  const frame = await paneFrame(world);
  // Page-side code as text: this file is typed for Node, the code runs in the pane's frame.
  if (!(await frame.evaluate<boolean>("'axe' in window"))) await frame.evaluate(axeSource);
  const violations = await frame.evaluate<AxeViolation[]>('axe.run(document).then((result) => result.violations)');
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = violations.map((v) => `${v.id}(${v.impact}, ${v.nodes.length})`).join(' ') || 'none';
  process.stdout.write(`axe [${state}]: ${violations.length} violation(s): ${summary}\n`);
  return blocking;
}

/** Width the pane's content needs beyond its frame (0 = no horizontal scroll). */
export async function horizontalOverflow(world: BrowserWorld): Promise<number> {
  const frame = await paneFrame(world);
  return frame.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Screenshot, axe and width for one pane state; fails on a serious/critical violation or a horizontal scroll. */
export async function checkState(world: BrowserWorld, name: string): Promise<void> {
  await screenshot(world, name);
  expect(await axeViolations(world, name)).toEqual([]);
  expect(await horizontalOverflow(world)).toBeLessThanOrEqual(0);
}
