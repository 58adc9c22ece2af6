/** What Adele does in a scenario, on either side, in few words (Graph as Outlook does it; Odoo as its web client). */
import { ZONE } from './backends';
import { createOutlookSeries, erpRows, graph, instancesOf, outlookEvent, type ScenarioWorld } from './world';

export const DAILY = { type: 'daily', interval: 1 };
export const numbered = (count: number) => ({ type: 'numbered', numberOfOccurrences: count });

/** A marked daily Outlook series of `count` at 10:00 Paris from `date`; answers the master id. */
export function outlookDaily(w: ScenarioWorld, subject: string, date: string, count = 7): Promise<string> {
  return createOutlookSeries(w, subject, date, DAILY, numbered(count));
}

/** A daily Odoo series of `count` at 09:00 UTC from `date`, made by Adele; answers the row ids by start. */
export async function odooDaily(
  w: ScenarioWorld,
  name: string,
  date: string,
  count = 7,
  extra: Record<string, unknown> = {},
): Promise<number[]> {
  await w.erp.act('calendar.event', 'create', [
    {
      name,
      start: `${date} 09:00:00`,
      stop: `${date} 10:00:00`,
      event_tz: ZONE,
      recurrency: true,
      rrule: `FREQ=DAILY;INTERVAL=1;COUNT=${count}`,
      partner_ids: [[6, 0, [w.erp.adele.partnerId]]],
      ...extra,
    },
  ]);
  return (await erpRows(w, name)).map((r) => r.id);
}

/** A single Odoo event at 09:00 UTC on `date`, made by Adele; answers its id. */
export async function odooSingle(
  w: ScenarioWorld,
  name: string,
  date: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const made = await w.erp.act<number | number[]>('calendar.event', 'create', [
    {
      name,
      start: `${date} 09:00:00`,
      stop: `${date} 10:00:00`,
      partner_ids: [[6, 0, [w.erp.adele.partnerId]]],
      ...extra,
    },
  ]);
  return Array.isArray(made) ? made[0]! : made;
}

export function odooWrite(w: ScenarioWorld, ids: number[], values: Record<string, unknown>): Promise<unknown> {
  return w.erp.act('calendar.event', 'write', [ids, values]);
}

export function odooUnlink(w: ScenarioWorld, ids: number[]): Promise<unknown> {
  return w.erp.act('calendar.event', 'unlink', [ids]);
}

/** Odoo's naive UTC datetime `hours` after `start` ("YYYY-MM-DD HH:MM:SS"). */
export function shifted(start: string, hours: number): string {
  const at = new Date(`${start.replace(' ', 'T')}Z`).getTime() + hours * 3_600_000;
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

export async function patchOutlook(w: ScenarioWorld, id: string, body: Record<string, unknown>): Promise<void> {
  await graph(w, 'PATCH', `/events/${id}`, body, 200);
}

export async function deleteOutlook(w: ScenarioWorld, id: string): Promise<void> {
  await graph(w, 'DELETE', `/events/${id}`, undefined, 204);
}

/** The id of the `index`th occurrence of an Outlook series. */
export async function occurrenceId(w: ScenarioWorld, masterId: string, index: number): Promise<string> {
  const list = await instancesOf(w, masterId);
  const found = list[index];
  if (!found) throw new Error(`the series has ${list.length} occurrences, not ${index + 1}`);
  return found.id;
}

/** Moves an Outlook occurrence (or event) to `hour`:00 Paris on `date`. */
export function outlookTimes(date: string, hour: number): Record<string, unknown> {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    start: { dateTime: `${date}T${pad(hour)}:00:00`, timeZone: ZONE },
    end: { dateTime: `${date}T${pad(hour + 1)}:00:00`, timeZone: ZONE },
  };
}

export { outlookEvent };
