/**
 * What the emulator deliberately does not model: the table "Not modelled (differential suite)" of docs/SANDBOX.md,
 * read from the document itself so the list a reader sees and the list the suite accepts are one list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Protocol } from './target';

const HEADING = '### Not modelled (differential suite)';

/** check name -> reason, for the checks that may disagree on `protocol`. */
export function notModelled(protocol: Protocol): Map<string, string> {
  const doc = readFileSync(join(__dirname, '../../../../docs/SANDBOX.md'), 'utf8');
  const start = doc.indexOf(HEADING);
  if (start < 0) throw new Error(`docs/SANDBOX.md has no "${HEADING}" section`);
  const section = doc.slice(start + HEADING.length).split(/\n#{1,3} /)[0] ?? '';
  const listed = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = /^\|([^|]+)\|([^|]+)\|(.+)\|\s*$/
      .exec(line)
      ?.slice(1)
      .map((c) => c.trim());
    if (!cells || cells[0] === 'check' || /^-+$/.test(cells[0] ?? '')) continue;
    const [name = '', protocols = '', reason = ''] = cells;
    if (protocols === 'both' || protocols === protocol) listed.set(name.replace(/`/g, ''), reason);
  }
  return listed;
}
