/**
 * One event created through Odoo's `load` with the external id `outlook_erp_sync.<key>` (external-ids.ts), so a
 * create whose answer was lost updates what it left behind instead of making a second record. No look-up first.
 */
import { EVENT_FIELDS, type CanonicalEvent } from '../../core';
import { ErpError } from '../errors';
import type { ErpEvent, ErpUser, WriteOptions } from '../port';
import { afterWrite, type AfterWriteParts } from './after-write';
import type { OdooClient } from './client';
import { EXTERNAL_ID_MODULE, externalIdName } from './external-ids';
import { toImportRow, type OdooValues } from './from-canonical';
import type { OdooUsers } from './odoo-users';
import { privateRefusal, type OwnerRoutedClient } from './private-events';
import { callParsed, LoadResultSchema } from './answers';
import type { OdooLoadResult } from './wire-types';
import { writeContext } from './write-context';

export interface CreateParts extends AfterWriteParts {
  client: OwnerRoutedClient;
  users: OdooUsers;
}

export async function createEvent(
  parts: CreateParts,
  user: ErpUser,
  event: CanonicalEvent,
  idempotencyKey: string,
  options: WriteOptions & { needsReview: boolean },
): Promise<ErpEvent> {
  const uid = Number(user.id);
  const partnerId = await parts.users.partnerOf(uid);
  const refs = await parts.writer.resolve(event, EVENT_FIELDS, { uid, partnerId }, options.needsReview);
  const vals: OdooValues = { ...parts.writer.values(event, EVENT_FIELDS, refs), user_id: uid };
  const { columns, row } = toImportRow(`${EXTERNAL_ID_MODULE}.${externalIdName(idempotencyKey)}`, vals);
  const load = (client: OdooClient) =>
    callParsed(
      client,
      'calendar.event',
      'load',
      { fields: columns, data: [row], context: writeContext(options.quiet) },
      LoadResultSchema,
    );
  const result = await creating(parts.client, user, vals.privacy === 'private', load);
  const id = result.ids ? result.ids[0] : undefined;
  if (id === undefined) {
    const message = result.messages.map((m) => m.message).join('; ') || 'no record created';
    throw new ErpError('validation', `Odoo refused the new event "${event.title}": ${message}`, {
      erpMessage: message,
      cause: result,
    });
  }
  return parts.records.mustRead(await afterWrite(parts, id, event, EVENT_FIELDS, refs, options.quiet));
}

/**
 * Odoo lets only the organizer (or an attendee) create a private event: when the integration user's `load` of
 * another person's private event makes nothing, it is made as that person, with their own key
 * (private-events.ts); without the key, a problem naming what to do and Odoo's own words.
 */
async function creating(
  client: OwnerRoutedClient,
  user: ErpUser,
  isPrivate: boolean,
  load: (client: OdooClient) => Promise<OdooLoadResult>,
): Promise<OdooLoadResult> {
  const result = await load(client);
  if ((result.ids && result.ids.length > 0) || !isPrivate || Number(user.id) === (await client.whoAmI()).uid)
    return result;
  const owner = await client.ownerClient(Number(user.id));
  if (!owner) throw privateRefusal(user.login, result.messages.map((m) => m.message).join('; '));
  return client.asOwner({ uid: Number(user.id), login: user.login }, () => load(owner));
}
