/**
 * What a write needs besides the mapper: partners for attendee e-mails (created when unknown, as Odoo does),
 * tags by name, an alarm for the reminder, attendee answers, and a series' exceptions (cancelled occurrences
 * unlinked, modified ones written alone). Every call carries the quiet-mode context.
 */
import type { Attendee, CanonicalEvent, EventField } from '../../core';
import { ErpError, isErpError } from '../errors';
import type { OdooClient } from './client';
import { timingValues, toOdooValues, type OdooValues, type ResolvedRefs } from './from-canonical';
import { instantToNaive } from './times';
import type { OdooAttendeeRead, OdooEventRead, OdooPartnerRead } from './wire-types';

const STATES: Record<Attendee['response'], OdooAttendeeRead['state'] | null> = {
  none: 'needsAction',
  organizer: 'accepted',
  accepted: 'accepted',
  tentative: 'tentative',
  declined: 'declined',
};

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
    const has = (f: EventField) => fields.includes(f);
    const attendeePartners = has('attendees') || has('organizer') ? await this.partnersFor(event.attendees) : [];
    const partnerIds = [...new Set([...(organizer.partnerId ? [organizer.partnerId] : []), ...attendeePartners])];
    const tagNames = [...event.categories, ...(needsReview ? [this.reviewTag] : [])];
    const tagIds = has('categories') ? await this.tagsFor(tagNames) : [];
    const alarmIds =
      has('reminderMinutes') && event.reminderMinutes !== null ? [await this.alarmFor(event.reminderMinutes)] : [];
    const linkModelId = has('erpLink') && event.erpLink ? await this.modelId(event.erpLink.model) : null;
    return { partnerIds, tagIds, alarmIds, organizerUid: organizer.uid, linkModelId };
  }

  /**
   * The ir.model id of `model`, as Odoo's own form finds it from `default_res_model` (calendar.event.default_get):
   * reading ir.model itself needs the "Access Rights" group, which the integration user does not need otherwise.
   */
  private async modelId(model: string): Promise<number> {
    const known = this.modelIds.get(model);
    if (known !== undefined) return known;
    const defaults = await this.client.call<{ res_model_id?: number | false }>('calendar.event', 'default_get', {
      fields: ['res_model_id'],
      context: { default_res_model: model },
    });
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

  private async partnersFor(attendees: Attendee[]): Promise<number[]> {
    if (attendees.length === 0) return [];
    const emails = attendees.map((a) => a.email.toLowerCase());
    const domain = [...emails.slice(1).map(() => '|'), ...emails.map((e) => ['email', '=ilike', e])];
    const found = await this.client.call<OdooPartnerRead[]>('res.partner', 'search_read', {
      domain,
      fields: ['email'],
      order: 'id',
      context: { active_test: false },
    });
    const byEmail = new Map<string, number>();
    for (const p of found) if (p.email && !byEmail.has(p.email.toLowerCase())) byEmail.set(p.email.toLowerCase(), p.id);
    const unknown = attendees.filter((a) => !byEmail.has(a.email.toLowerCase()));
    if (unknown.length) {
      const ids = await this.client.call<number[]>('res.partner', 'create', {
        vals_list: unknown.map((a) => ({ name: a.name || a.email, email: a.email.toLowerCase() })),
      });
      unknown.forEach((a, i) => byEmail.set(a.email.toLowerCase(), ids[i] as number));
    }
    return emails.map((e) => byEmail.get(e) as number);
  }

  private async tagsFor(names: string[]): Promise<number[]> {
    if (names.length === 0) return [];
    const found = await this.client.call<Array<{ id: number; name: string }>>('calendar.event.type', 'search_read', {
      domain: [['name', 'in', names]],
      fields: ['name'],
    });
    const byName = new Map(found.map((t) => [t.name, t.id]));
    const missing = [...new Set(names.filter((n) => !byName.has(n)))];
    if (missing.length) {
      const ids = await this.client
        .call<number[]>('calendar.event.type', 'create', { vals_list: missing.map((name) => ({ name })) })
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
      missing.forEach((n, i) => byName.set(n, ids[i] as number));
    }
    return [...new Set(names.map((n) => byName.get(n) as number))];
  }

  private async alarmFor(minutes: number): Promise<number> {
    const [found] = await this.client.call<number[]>('calendar.alarm', 'search', {
      domain: [
        ['duration_minutes', '=', minutes],
        ['alarm_type', '=', 'notification'],
      ],
      limit: 1,
    });
    if (found !== undefined) return found;
    const [unit, duration] =
      minutes % 1440 === 0 && minutes > 0
        ? ['days', minutes / 1440]
        : minutes % 60 === 0 && minutes > 0
          ? ['hours', minutes / 60]
          : ['minutes', minutes];
    const ids = await this.client.call<number[]>('calendar.alarm', 'create', {
      vals_list: [{ name: `${duration} ${unit}`, alarm_type: 'notification', duration, interval: unit }],
    });
    return ids[0] as number;
  }

  /** Sets calendar.attendee answers to the canonical ones (one write per answer). */
  async applyResponses(eventIds: number[], attendees: Attendee[], quiet: boolean): Promise<void> {
    const wanted = new Map(attendees.map((a) => [a.email.toLowerCase(), STATES[a.response]]));
    const rows = await this.client.call<OdooAttendeeRead[]>('calendar.attendee', 'search_read', {
      domain: [['event_id', 'in', eventIds]],
      fields: ['email', 'state'],
    });
    const byState = new Map<string, number[]>();
    for (const row of rows) {
      const state = row.email ? wanted.get(row.email.toLowerCase()) : undefined;
      if (state && state !== row.state) byState.set(state, [...(byState.get(state) ?? []), row.id]);
    }
    for (const [state, ids] of byState) {
      await this.client.call('calendar.attendee', 'write', { ids, vals: { state }, context: writeContext(quiet) });
    }
  }

  /**
   * After the series is written: cancelled occurrences go, modified ones are written alone. With `current` (the
   * series as read before an occurrences-only write) only what differs from it is written, and an occurrence
   * already moved is found at its current start.
   */
  async applyExceptions(
    recurrenceId: number,
    event: CanonicalEvent,
    refs: ResolvedRefs,
    quiet: boolean,
    current: CanonicalEvent | null = null,
  ): Promise<void> {
    const recurrence = event.recurrence;
    if (!recurrence || (recurrence.exDates.length === 0 && recurrence.modified.length === 0)) return;
    const occurrences = await this.client.call<Array<Pick<OdooEventRead, 'id' | 'start' | 'start_date' | 'allday'>>>(
      'calendar.event',
      'search_read',
      {
        domain: [['recurrence_id', '=', recurrenceId]],
        fields: ['start', 'start_date', 'allday'],
        context: { active_test: false },
      },
    );
    const at = (start: string) =>
      occurrences.find((o) => (o.allday ? o.start_date === start : o.start === instantToNaive(start)));
    const before = new Map((current?.recurrence?.modified ?? []).map((m) => [m.originalStart, m.event]));
    const find = (original: string) => {
      const moved = before.get(original)?.timing;
      const now = moved ? (moved.kind === 'allDay' ? moved.startDate : moved.start) : undefined;
      return at(original) ?? (now === undefined ? undefined : at(now));
    };
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
      if (old && JSON.stringify(old) === JSON.stringify(change.event)) continue;
      const target = find(change.originalStart);
      if (!target) continue;
      // Odoo holds these per occurrence as this adapter writes them; attendees, tags and alarms stay the series'.
      const fields: EventField[] = ['title', 'bodyHtml', 'location', 'showAs', 'sensitivity'];
      const vals = {
        ...toOdooValues({ ...event, ...change.event, recurrence: null }, fields, refs),
        ...timingValues(change.event.timing),
        recurrence_update: 'self_only',
      };
      await this.client.call('calendar.event', 'write', { ids: [target.id], vals, context: writeContext(quiet) });
    }
  }
}
