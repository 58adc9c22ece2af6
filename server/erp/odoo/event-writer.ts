/**
 * What a write needs besides the mapper: partners for attendee e-mails (created when unknown, as Odoo does),
 * tags by name, an alarm for the reminder, attendee answers, and a series' exceptions (cancelled occurrences
 * unlinked, modified ones written alone). Every call carries the quiet-mode context.
 */
import { normalizeInstant, type Attendee, type CanonicalEvent, type EventField } from '../../core';
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
import { timingValues, toOdooValues, type OdooValues, type ResolvedRefs } from './from-canonical';
import { readOccurrences, restoreOccurrences } from './restore-occurrences';
import { instantToNaive } from './times';
import type { KnownNames } from './event-reader';
import type { OdooAttendeeRead } from './wire-types';

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

export function writeContext(quiet: boolean): Record<string, unknown> {
  // tz UTC: Odoo's import reads datetimes in the context's zone; ours are UTC. skip_contact_description: else Odoo
  // appends an "Organized by / Contact Details" block to the description of every event it creates (also the
  // occurrences it regenerates when a series moves), which would come back as the person's own edit.
  // Quiet: no invitation to attendees, and no "activity assigned to you" mail for the meeting activity Odoo adds to
  // a linked record (a lead, an order) on the organizer's behalf.
  const context = { tz: 'UTC', skip_contact_description: true };
  return quiet ? { ...context, no_mail_to_attendees: true, mail_activity_quick_update: true } : context;
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

  /**
   * After the series is written: cancelled occurrences go, modified ones are written alone. With `current` (the
   * series as read before an occurrences-only write) only what differs from it is written, and an occurrence
   * already moved is found at its current start. `rewriteModified`: a whole-series write just reached every
   * occurrence, so every modified one is written again. An occurrence the result keeps that a person deleted or
   * archived in Odoo (cancelled in `current`) is brought back first (restore-occurrences.ts), never skipped.
   */
  async applyExceptions(
    recurrenceId: number,
    event: CanonicalEvent,
    refs: ResolvedRefs,
    quiet: boolean,
    current: CanonicalEvent | null = null,
    rewriteModified = false,
  ): Promise<void> {
    const recurrence = event.recurrence;
    const lost = current?.recurrence?.exDates ?? [];
    if (!recurrence || (recurrence.exDates.length === 0 && recurrence.modified.length === 0 && lost.length === 0))
      return;
    let occurrences = await readOccurrences(this.client, recurrenceId);
    // An archived occurrence at the same start as an active one is history: the active one is the occurrence.
    const at = (start: string) =>
      occurrences
        .filter((o) => (o.allday ? o.start_date === start : o.start === instantToNaive(start)))
        .sort((a, b) => Number(b.active) - Number(a.active))[0];
    const before = new Map((current?.recurrence?.modified ?? []).map((m) => [m.originalStart, m.event]));
    const find = (original: string) => {
      const moved = before.get(original)?.timing;
      const now = moved ? (moved.kind === 'allDay' ? moved.startDate : moved.start) : undefined;
      return at(original) ?? (now === undefined ? undefined : at(now));
    };
    const answers: Array<{ eventIds: number[]; attendees: Attendee[] }> = [];
    // What the result keeps that Odoo lost: rule starts it showed cancelled before this write (never a start the
    // rule may not make: a copy there would be an occurrence of nothing).
    const excluded = new Set(recurrence.exDates.map(sameStart));
    const kept = lost.filter((start) => !excluded.has(sameStart(start)) && find(start)?.active !== true);
    if (kept.length) {
      const made = await restoreOccurrences(this.client, recurrenceId, event, kept, find, writeContext(quiet));
      answers.push({ eventIds: made, attendees: event.attendees });
      occurrences = await readOccurrences(this.client, recurrenceId);
      // Never taken as written when Odoo does not show it: the row fails with what is missing, not "synced".
      const missing = kept.filter((start) => find(start)?.active !== true);
      if (missing.length) {
        const message = `Odoo did not bring back the occurrence(s) of ${missing.join(', ')} in its series`;
        throw new ErpError('validation', message, { erpMessage: message });
      }
    }
    const gone = new Set(current?.recurrence?.exDates ?? []);
    const cancelled = recurrence.exDates
      .filter((d) => !gone.has(d))
      .map(find)
      .filter((o): o is NonNullable<typeof o> => !!o);
    if (cancelled.length)
      await this.client.call('calendar.event', 'unlink', {
        ids: cancelled.map((o) => o.id),
        context: writeContext(quiet),
      });
    for (const change of recurrence.modified) {
      const old = before.get(change.originalStart);
      if (!rewriteModified && old && JSON.stringify(old) === JSON.stringify(change.event)) continue;
      const target = find(change.originalStart);
      if (!target) continue;
      // Odoo holds these per occurrence as this adapter writes them; attendees, tags and alarms stay the series'
      // (the answers of the series' attendees are the occurrence's own, below).
      const fields: EventField[] = ['title', 'bodyHtml', 'location', 'showAs', 'sensitivity'];
      const vals = {
        ...toOdooValues({ ...event, ...change.event, recurrence: null }, fields, refs),
        ...timingValues(change.event.timing),
        recurrence_update: 'self_only',
      };
      await this.client.call('calendar.event', 'write', { ids: [target.id], vals, context: writeContext(quiet) });
      // An attendee may answer one occurrence alone (Outlook makes it an exception): its answers are its own.
      answers.push({ eventIds: [target.id], attendees: change.event.attendees });
    }
    await this.applyResponsesMany(answers, quiet);
  }
}

/** An original start in one form (instants compared as instants, dates as dates). */
const sameStart = (start: string): string => (start.length === 10 ? start : normalizeInstant(start));
