/**
 * What a write needs besides the mapper: partners for attendee e-mails (created when unknown, as Odoo does),
 * tags by name, an alarm for the reminder, attendee answers, and a series' exceptions (series-exceptions.ts). Every
 * call carries the quiet-mode context (write-context.ts).
 */
import type { Attendee, CanonicalEvent, EventField } from '../../core';
import { ErpError, isErpError } from '../errors';
import { z } from 'zod';
import { callParsed } from './answers';
import type { OdooClient } from './client';
import {
  AlarmRowSchema,
  AttendeeStateRowSchema,
  createdFor,
  ModelDefaultsSchema,
  PartnerEmailRowSchema,
  TagRowSchema,
} from './event-answers';
import { toOdooValues, type OdooValues, type ResolvedRefs } from './from-canonical';
import { applySeriesExceptions } from './series-exceptions';
import type { KnownNames } from './event-reader';
import type { OdooAttendeeRead } from './wire-types';
import { writeContext } from './write-context';

const STATES: Record<Attendee['response'], OdooAttendeeRead['state'] | null> = {
  none: 'needsAction',
  organizer: 'accepted',
  accepted: 'accepted',
  tentative: 'tentative',
  declined: 'declined',
};

/** E-mails per partner search (a domain of ORs). */
const LOOKUP_CHUNK = 200;

const isId = (id: number | undefined): id is number => id !== undefined;

function alarmValues(minutes: number): Record<string, unknown> {
  const [unit, duration] =
    minutes % 1440 === 0 && minutes > 0
      ? ['days', minutes / 1440]
      : minutes % 60 === 0 && minutes > 0
        ? ['hours', minutes / 60]
        : ['minutes', minutes];
  return { name: `${duration} ${unit}`, alarm_type: 'notification', duration, interval: unit };
}

export class EventWriter {
  private readonly modelIds = new Map<string, number>();

  constructor(
    private readonly client: OdooClient,
    private readonly reviewTag: string,
  ) {}

  async resolve(
    event: CanonicalEvent,
    fields: readonly EventField[],
    organizer: { uid: number | null; partnerId: number | null },
    needsReview: boolean | null,
  ): Promise<ResolvedRefs> {
    const [refs] = await this.resolveMany([{ event, needsReview }], fields, organizer);
    // Cast: resolveMany answers one entry per event it is given, and it is given one.
    return refs as ResolvedRefs;
  }

  /**
   * The references of many events of one organizer, each kind looked up once for all of them (one partner search,
   * one tag search, one alarm search, and a create each for what is missing), never per event.
   */
  async resolveMany(
    items: ReadonlyArray<{ event: CanonicalEvent; needsReview: boolean | null }>,
    fields: readonly EventField[],
    organizer: { uid: number | null; partnerId: number | null },
  ): Promise<ResolvedRefs[]> {
    return (await this.resolveManyNamed(items, fields, organizer)).refs;
  }

  /**
   * resolveMany, also answering the names of the tags and the minutes of the alarms it found or made (a bulk
   * create's read-back needs them, and Odoo just told us). The look-ups go side by side.
   */
  async resolveManyNamed(
    items: ReadonlyArray<{ event: CanonicalEvent; needsReview: boolean | null }>,
    fields: readonly EventField[],
    organizer: { uid: number | null; partnerId: number | null },
  ): Promise<{ refs: ResolvedRefs[]; names: KnownNames }> {
    const has = (f: EventField) => fields.includes(f);
    const tagNames = (item: (typeof items)[number]) => [
      ...item.event.categories,
      ...(item.needsReview ? [this.reviewTag] : []),
    ];
    const minutes = items.map((i) => i.event.reminderMinutes).filter((m): m is number => m !== null);
    const models = has('erpLink')
      ? [...new Set(items.flatMap((i) => (i.event.erpLink ? [i.event.erpLink.model] : [])))]
      : [];
    const [partners, tags, alarms, linkIds] = await Promise.all([
      has('attendees') || has('organizer')
        ? this.partnerMap(items.flatMap((i) => i.event.attendees))
        : new Map<string, number>(),
      has('categories') ? this.tagMap(items.flatMap(tagNames)) : new Map<string, number>(),
      has('reminderMinutes') ? this.alarmMap(minutes) : new Map<number, number>(),
      Promise.all(models.map((model) => this.modelId(model))),
    ]);
    const links = new Map(models.map((model, i) => [model, linkIds[i]]));
    const names: KnownNames = {
      tags: new Map([...tags].map(([name, id]) => [id, name])),
      alarms: new Map([...alarms].map(([m, id]) => [id, m])),
    };
    const refs = items.map((item) => {
      const { event } = item;
      const attendeePartners = event.attendees.map((a) => partners.get(a.email.toLowerCase())).filter(isId);
      return {
        partnerIds: [...new Set([...(organizer.partnerId ? [organizer.partnerId] : []), ...attendeePartners])],
        tagIds: has('categories')
          ? [
              ...new Set(
                tagNames(item)
                  .map((n) => tags.get(n))
                  .filter(isId),
              ),
            ]
          : [],
        alarmIds:
          has('reminderMinutes') && event.reminderMinutes !== null
            ? [alarms.get(event.reminderMinutes)].filter(isId)
            : [],
        organizerUid: organizer.uid,
        linkModelId: has('erpLink') && event.erpLink ? (links.get(event.erpLink.model) ?? null) : null,
      };
    });
    return { refs, names };
  }

  /**
   * The ir.model id of `model`, as Odoo's own form finds it from `default_res_model` (calendar.event.default_get):
   * reading ir.model itself needs the "Access Rights" group, which the integration user does not need otherwise.
   */
  private async modelId(model: string): Promise<number> {
    const known = this.modelIds.get(model);
    if (known !== undefined) return known;
    const defaults = await callParsed(
      this.client,
      'calendar.event',
      'default_get',
      { fields: ['res_model_id'], context: { default_res_model: model } },
      ModelDefaultsSchema,
    );
    if (!defaults.res_model_id) {
      throw new ErpError('validation', `Odoo has no model "${model}" to link the event to`, {
        erpMessage: `Unknown Odoo model ${model}`,
      });
    }
    this.modelIds.set(model, defaults.res_model_id);
    return defaults.res_model_id;
  }

  values(event: CanonicalEvent, fields: readonly EventField[], refs: ResolvedRefs): OdooValues {
    return toOdooValues(event, fields, refs);
  }

  /** The partner of each attendee e-mail (lower case), created when Odoo has none, as Odoo does. */
  private async partnerMap(attendees: readonly Attendee[]): Promise<Map<string, number>> {
    const byEmail = new Map<string, number>();
    const names = new Map<string, string | undefined>();
    for (const a of attendees) if (!names.has(a.email.toLowerCase())) names.set(a.email.toLowerCase(), a.name);
    const emails = [...names.keys()];
    for (let i = 0; i < emails.length; i += LOOKUP_CHUNK) {
      const chunk = emails.slice(i, i + LOOKUP_CHUNK);
      const domain = [...chunk.slice(1).map(() => '|'), ...chunk.map((e) => ['email', '=ilike', e])];
      const params = { domain, fields: ['email'], order: 'id', context: { active_test: false } };
      const found = await callParsed(this.client, 'res.partner', 'search_read', params, z.array(PartnerEmailRowSchema));
      for (const p of found)
        if (p.email && !byEmail.has(p.email.toLowerCase())) byEmail.set(p.email.toLowerCase(), p.id);
    }
    const unknown = emails.filter((e) => !byEmail.has(e));
    if (unknown.length) {
      const answer = await this.client.call<unknown>('res.partner', 'create', {
        vals_list: unknown.map((e) => ({ name: names.get(e) || e, email: e })),
      });
      for (const [e, id] of createdFor(unknown, answer, 'res.partner.create')) byEmail.set(e, id);
    }
    return byEmail;
  }

  private async tagMap(wanted: string[]): Promise<Map<string, number>> {
    const names = [...new Set(wanted)];
    if (names.length === 0) return new Map();
    const params = { domain: [['name', 'in', names]], fields: ['name'] };
    const found = await callParsed(this.client, 'calendar.event.type', 'search_read', params, z.array(TagRowSchema));
    const byName = new Map(found.map((t) => [t.name, t.id]));
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length) {
      const answer = await this.client
        .call<unknown>('calendar.event.type', 'create', { vals_list: missing.map((name) => ({ name })) })
        .catch((error: unknown) => {
          if (!isErpError(error, 'auth')) throw error;
          // Only Odoo's "Settings" group may create tags (rights.ts): say which tags an administrator must add.
          const names = missing.map((n) => `"${n}"`).join(', ');
          const sentence =
            `Odoo has no calendar tag ${names} and the integration user may not create tags: create them in Odoo ` +
            `(Settings > Technical > Calendar > Meeting Types, in developer mode) or give the integration user ` +
            `"Administration: Settings".`;
          throw new ErpError('auth', sentence, { cause: error, erpMessage: sentence });
        });
      for (const [n, id] of createdFor(missing, answer, 'calendar.event.type.create')) byName.set(n, id);
    }
    return byName;
  }

  /** A notification alarm for each reminder (minutes before), found or created: one search for all of them. */
  private async alarmMap(wanted: number[]): Promise<Map<number, number>> {
    const minutes = [...new Set(wanted)];
    const byMinutes = new Map<number, number>();
    if (minutes.length === 0) return byMinutes;
    const domain = [
      ['duration_minutes', 'in', minutes],
      ['alarm_type', '=', 'notification'],
    ];
    const params = { domain, fields: ['duration_minutes'], order: 'id' };
    const found = await callParsed(this.client, 'calendar.alarm', 'search_read', params, z.array(AlarmRowSchema));
    for (const alarm of found)
      if (!byMinutes.has(alarm.duration_minutes)) byMinutes.set(alarm.duration_minutes, alarm.id);
    const missing = minutes.filter((m) => !byMinutes.has(m));
    if (missing.length) {
      const answer = await this.client.call<unknown>('calendar.alarm', 'create', {
        vals_list: missing.map(alarmValues),
      });
      for (const [m, id] of createdFor(missing, answer, 'calendar.alarm.create')) byMinutes.set(m, id);
    }
    return byMinutes;
  }

  /** Sets calendar.attendee answers to the canonical ones (one write per answer). */
  applyResponses(eventIds: number[], attendees: Attendee[], quiet: boolean): Promise<void> {
    return this.applyResponsesMany([{ eventIds, attendees }], quiet);
  }

  /** The same for many events at once: one read of their attendees, one write per answer given. */
  async applyResponsesMany(
    items: ReadonlyArray<{ eventIds: number[]; attendees: Attendee[] }>,
    quiet: boolean,
  ): Promise<void> {
    const wanted = new Map<number, Map<string, OdooAttendeeRead['state'] | null>>();
    for (const { eventIds, attendees } of items) {
      if (attendees.length === 0) continue;
      const states = new Map(attendees.map((a) => [a.email.toLowerCase(), STATES[a.response]]));
      for (const id of eventIds) wanted.set(id, states);
    }
    if (wanted.size === 0) return;
    const rows = await callParsed(
      this.client,
      'calendar.attendee',
      'search_read',
      { domain: [['event_id', 'in', [...wanted.keys()]]], fields: ['email', 'state', 'event_id'] },
      z.array(AttendeeStateRowSchema),
    );
    const byState = new Map<string, number[]>();
    for (const row of rows) {
      const states = row.event_id ? wanted.get(row.event_id[0]) : undefined;
      const state = row.email ? states?.get(row.email.toLowerCase()) : undefined;
      if (!state || state === row.state) continue;
      const ids = byState.get(state) ?? [];
      ids.push(row.id);
      byState.set(state, ids);
    }
    for (const [state, ids] of byState) {
      await this.client.call('calendar.attendee', 'write', { ids, vals: { state }, context: writeContext(quiet) });
    }
  }

  /** After the series is written: its exceptions (series-exceptions.ts). */
  applyExceptions(
    recurrenceId: number,
    event: CanonicalEvent,
    refs: ResolvedRefs,
    quiet: boolean,
    current: CanonicalEvent | null = null,
    rewriteModified = false,
  ): Promise<void> {
    return applySeriesExceptions(this.client, this, { recurrenceId, event, refs, quiet, current, rewriteModified });
  }
}
