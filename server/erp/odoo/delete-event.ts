/**
 * An event or whole series deleted or archived; conditional on the version read just before when the caller
 * expects one. What is already gone counts as done.
 */
import { ErpError, isErpError } from '../errors';
import type { WriteOptions } from '../port';
import type { CreateParts } from './create-event';
import { stale } from './stale';
import { writeContext } from './write-context';

export async function deleteEvent(
  parts: Pick<CreateParts, 'client' | 'reader' | 'records'>,
  id: string,
  mode: 'delete' | 'archive',
  options: WriteOptions & { expectedVersion?: string },
): Promise<void> {
  if (options.expectedVersion !== undefined) {
    const [current] = await parts.reader.read([id]);
    if (!current) {
      const missing = await parts.records.missing(id);
      if (isErpError(missing, 'not_found')) return;
      throw missing;
    }
    if (stale(options.expectedVersion, current.version)) {
      throw new ErpError(
        'conflict',
        `Odoo event ${id} changed since version ${options.expectedVersion} (now ${current.version}); not deleted`,
      );
    }
  }
  const ids = await parts.records.eventIds(id);
  if (ids.length === 0) return;
  const context = writeContext(options.quiet);
  try {
    if (mode === 'delete') await parts.client.call('calendar.event', 'unlink', { ids, context });
    else await parts.client.call('calendar.event', 'write', { ids, vals: { active: false }, context });
  } catch (error) {
    // Gone meanwhile: what the caller wanted.
    if (!isErpError(error, 'not_found')) throw error;
  }
}
