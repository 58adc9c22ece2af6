/**
 * Conformance checks for updates (If-Match, 412, 428), deletes and archives, and the changes feed with its
 * tombstones and opaque cursor.
 */
import { type Check, createSample, personOf } from './context';
import { assert } from './probe';

const MISSING = 'conformance-does-not-exist';
const etag = (version: string) => `"${version}"`;

export const writeChecks: Check[] = [
  {
    name: 'update: If-Match with the current version changes only the given fields and the version',
    run: async (context) => {
      const { id, version } = await createSample(context, 'Conformance: update');
      const patch = { title: 'Conformance: updated', location: 'Room 2' };
      const { body, headers } = await context.probe.expect(
        'updateAppointment',
        { path: { id }, headers: { 'if-match': etag(version) }, body: patch },
        200,
      );
      assert(body.title === patch.title && body.location === patch.location, 'the patch was not applied');
      assert(
        body.bodyHtml === '<p>Created by the ERP contract conformance suite.</p>',
        'a field not in the patch changed',
      );
      assert(body.version !== version, 'the version did not change');
      assert(headers.get('etag') === etag(body.version), 'ETag is not the new version');
    },
  },
  {
    name: 'update: a stale If-Match is 412, none is 428, a bad body is 422, non-JSON is 400, an unknown id is 404',
    run: async (context) => {
      const { probe } = context;
      const { id, version } = await createSample(context, 'Conformance: refused update');
      const fresh = await probe.expect(
        'updateAppointment',
        { path: { id }, headers: { 'if-match': etag(version) }, body: { title: 'v2' } },
        200,
      );
      await probe.expect(
        'updateAppointment',
        { path: { id }, headers: { 'if-match': etag(version) }, body: { title: 'stale' } },
        412,
      );
      await probe.expect('updateAppointment', { path: { id }, body: { title: 'no precondition' } }, 428);
      const current = { 'if-match': etag(fresh.body.version) };
      await probe.expect('updateAppointment', { path: { id }, headers: current, body: { showAs: 'maybe' } }, 422);
      await probe.expect('updateAppointment', { path: { id }, headers: current, rawBody: 'not json' }, 400);
      await probe.expect('updateAppointment', { path: { id: MISSING }, headers: current, body: { title: 'x' } }, 404);
      const after = await probe.expect('getAppointment', { path: { id } }, 200);
      assert(after.body.title === 'v2', 'a refused update changed the appointment');
    },
  },
  {
    name: 'delete: 204 then 404; archive keeps it readable with active false; stale If-Match 412; bad mode 400',
    run: async (context) => {
      const { probe } = context;
      const doomed = await createSample(context, 'Conformance: delete');
      await probe.expect(
        'deleteAppointment',
        { path: { id: doomed.id }, headers: { 'if-match': '"conformance-stale"' } },
        412,
      );
      await probe.expect('deleteAppointment', { path: { id: doomed.id }, query: { mode: 'shred' } }, 400);
      await probe.expect('deleteAppointment', { path: { id: doomed.id } }, 204);
      await probe.expect('getAppointment', { path: { id: doomed.id } }, 404);
      await probe.expect('deleteAppointment', { path: { id: doomed.id } }, 404);
      const archived = await createSample(context, 'Conformance: archive');
      await probe.expect('deleteAppointment', { path: { id: archived.id }, query: { mode: 'archive' } }, 204);
      const { body } = await probe.expect('getAppointment', { path: { id: archived.id } }, 200);
      assert(body.active === false, 'an archived appointment is still active');
    },
  },
  {
    name: 'changes: a snapshot without cursor, then upserts, archives and tombstones after it; a bad cursor is 410',
    run: async (context) => {
      const { probe } = context;
      const owner = personOf(context).id;
      const kept = await createSample(context, 'Conformance: feed kept', 1);
      const window = {
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      };
      let cursor: string | undefined;
      const snapshot: string[] = [];
      for (let more = true; more;) {
        const page = await probe.expect('listChanges', { query: { owner, ...window, cursor, limit: 2 } }, 200);
        snapshot.push(...page.body.changes.map((c: { appointment?: { id: string } }) => c.appointment?.id));
        ({ cursor, hasMore: more } = page.body);
      }
      assert(snapshot.includes(kept.id), 'the snapshot misses an appointment in the window');
      const gone = await createSample(context, 'Conformance: feed deleted', 1);
      await probe.expect('deleteAppointment', { path: { id: gone.id } }, 204);
      await probe.expect('deleteAppointment', { path: { id: kept.id }, query: { mode: 'archive' } }, 204);
      const after = await probe.expect('listChanges', { query: { owner, cursor, limit: 500 } }, 200);
      const changes = after.body.changes as Array<{
        type: string;
        id?: string;
        appointment?: { id: string; active: boolean };
      }>;
      assert(
        changes.some((c) => c.type === 'deleted' && c.id === gone.id),
        'no tombstone for the deleted appointment',
      );
      assert(
        changes.some((c) => c.appointment?.id === kept.id && !c.appointment.active),
        'no inactive upsert for the archive',
      );
      await probe.expect('listChanges', { query: { owner, cursor: 'conformance-unknown-cursor' } }, 410);
      await probe.expect('listChanges', {}, 400);
    },
  },
  {
    name: "digests: a person's digest changes on a create, an edit and a delete in the window, and stays otherwise",
    run: async (context) => {
      const { probe } = context;
      const owner = personOf(context).id;
      const query = {
        owners: `${owner},conformance-nobody`,
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      };
      const digest = async () => {
        const { body } = await probe.expect('listDigests', { query }, 200);
        assert(!('conformance-nobody' in body.digests), 'an unknown owner has a digest');
        return body.digests[owner] as string;
      };
      const before = await digest();
      assert(typeof before === 'string' && before.length > 0, 'no digest for the person');
      assert((await digest()) === before, 'the digest changed while nothing did');
      const sample = await createSample(context, 'Conformance: digest', 1);
      const created = await digest();
      assert(created !== before, 'a create in the window did not change the digest');
      await probe.expect(
        'updateAppointment',
        {
          path: { id: sample.id },
          headers: { 'if-match': `"${sample.version}"` },
          body: { title: 'Conformance: digest 2' },
        },
        200,
      );
      const edited = await digest();
      assert(edited !== created, 'an edit did not change the digest');
      await probe.expect('deleteAppointment', { path: { id: sample.id } }, 204);
      assert((await digest()) !== edited, 'a delete did not change the digest');
      await probe.expect('listDigests', {}, 400);
    },
  },
];
