/**
 * Migration 0002's columns on both engines: the first-run mark (set once, kept on a second call), and the link
 * name and conflict resolution on mappings (stored, read back, cleared by a null patch).
 */
import type { ConflictResolution } from '../../../server/store';
import { seedMailbox, withOpenStore } from '../../store/fixtures';
import { TEST_ENGINES } from '../../store/test-databases';

describe.each(TEST_ENGINES)('store (%s): add-in event columns', (engine) => {
  const handle = withOpenStore(engine);

  test('when the first run is marked done twice, then the first instant is kept', async () => {
    const mailbox = await seedMailbox(handle.store);
    expect(mailbox.firstRunDoneAt).toBeNull();
    const first = await handle.store.mailboxes.markFirstRunDone(mailbox.id);
    expect(first.firstRunDoneAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const second = await handle.store.mailboxes.markFirstRunDone(mailbox.id);
    expect(second.firstRunDoneAt).toBe(first.firstRunDoneAt);
    await expect(handle.store.mailboxes.markFirstRunDone('no-such-mailbox')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  test('when a link name and a resolution are written, then they read back and a null patch clears them', async () => {
    const mailbox = await seedMailbox(handle.store);
    const { mappings } = handle.store;
    const row = await mappings.insert({
      mailboxId: mailbox.id,
      origin: 'outlook',
      status: 'conflict',
      outlookId: 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0Acolumns=',
      linkModel: 'res.partner',
      linkId: '7',
      linkName: 'Fabrikam, Inc. — Zürich',
    });
    expect(row).toMatchObject({ linkName: 'Fabrikam, Inc. — Zürich', resolution: null });
    const resolution: ConflictResolution = {
      choices: { title: 'erp', timing: 'outlook' },
      conflict: { kind: 'fields', fields: ['title', 'timing'] },
      chosenAt: '2026-03-05T08:00:00.000Z',
    };
    await mappings.update(mailbox.id, row.id, { resolution, status: 'pending' });
    expect((await mappings.getById(mailbox.id, row.id))?.resolution).toEqual(resolution);
    const cleared = await mappings.update(mailbox.id, row.id, { resolution: null, linkName: null });
    expect(cleared).toMatchObject({ resolution: null, linkName: null, linkId: '7' });
  });
});
