/**
 * The comparison after quiet: both calendars as each person sees them (Outlook's calendarView, Odoo's records of
 * the person) and the mapping table, against the ledger of what people did. Events are paired by the token in
 * their title, never by the product's own mapping. Per event: lost (alive, in scope, missing on a side),
 * duplicated (more than one copy on a side), diverged (on both sides, but occurrences, times, titles or notes
 * differ), resurrected (deleted by a person, back on a side).
 */
import type { Person } from '../harness/world';
import { queryRows } from '../harness/dump';
import type { ErpRecord, ErpSide } from './erp-side';
import { Ledger, TOKEN } from './ledger';
import type { OutlookItem, OutlookSide } from './outlook-side';

export type Verdict = 'lost' | 'duplicated' | 'diverged' | 'resurrected';

export interface Finding {
  verdict: Verdict;
  token: string;
  owner: string;
  detail: string;
}

export interface Comparison {
  lost: number;
  duplicated: number;
  diverged: number;
  resurrected: number;
  /** Delete-versus-edit races held as a conflict no pane can show (the Outlook item is gone): the admin's to decide. */
  openConflicts: number;
  /** Mapping rows left in error, conflict or pending, and runs still `running`. */
  unsettledRows: number;
  runningRuns: number;
  findings: Finding[];
  /** Events compared (in scope and alive on the ledger). */
  compared: number;
}

/** One occurrence as a person sees it: start, end, title; notes token aside. */
interface Seen {
  key: string;
  notes: string | undefined;
}

const NOTES = /bt-[0-9a-f]{12}/;
const minute = (text: string) => new Date(`${text.replace(' ', 'T').slice(0, 19)}Z`).toISOString().slice(0, 16);

function seenInOutlook(item: OutlookItem): Seen {
  return {
    key: `${minute(item.start.dateTime)}|${minute(item.end.dateTime)}|${item.subject}`,
    notes: NOTES.exec(item.body?.content ?? '')?.[0],
  };
}

function seenInErp(record: ErpRecord): Seen {
  return {
    key: `${minute(record.start)}|${minute(record.stop)}|${record.name}`,
    notes: NOTES.exec(typeof record.description === 'string' ? record.description : '')?.[0],
  };
}

function group<T>(items: T[], token: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = token(item);
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

const describeSeen = (seen: Seen[]) => seen.map((s) => `${s.key}${s.notes ? ` ${s.notes}` : ''}`).join(' ; ');

export async function compare(deps: {
  people: Person[];
  ledger: Ledger;
  outlook: OutlookSide;
  erp: ErpSide;
  databaseUrl: string;
}): Promise<Comparison> {
  const { ledger } = deps;
  const result: Comparison = {
    lost: 0,
    duplicated: 0,
    diverged: 0,
    resurrected: 0,
    openConflicts: 0,
    unsettledRows: 0,
    runningRuns: 0,
    findings: [],
    compared: 0,
  };
  // The mapping table, read once: per finding and per race it is searched by token in memory (one query per
  // finding took half an hour for the 2,000 findings of a full run's first comparison).
  const mappings = await queryRows<{
    status: string;
    code: string | null;
    message: string | null;
    base: string | null;
  }>(
    deps.databaseUrl,
    `select status, last_error_code as code, last_error_message as message, base_json as base from mappings`,
  );
  const rowsOf = (token: string) => mappings.filter((m) => m.base?.includes(token) === true);
  const from = new Date(Date.now() - 2 * 86_400_000);
  const to = new Date(Date.now() + 130 * 86_400_000);
  const add = (verdict: Verdict, token: string, owner: string, detail: string) => {
    result[verdict] += 1;
    result.findings.push({ verdict, token, owner, detail });
  };
  for (const [index, person] of deps.people.entries()) {
    // Copies: every single or series in the mailbox (stored items), per token, whoever organises it.
    const stored = (await deps.outlook.items(person.id)).filter((i) => i.type !== 'exception' && !i.isCancelled);
    for (const [token, copies] of group(stored, (i) => TOKEN.exec(i.subject)?.[0])) {
      if (copies.length > 1) add('duplicated', token, person.email, `${copies.length} Outlook copies in one mailbox`);
    }
    const view = group(
      (await deps.outlook.calendarView(person.id, from, to)).filter((i) => !i.isCancelled),
      (i) => TOKEN.exec(i.subject)?.[0],
    );
    const records = group(deps.erp.calendar(person.email, from, to), (r) => TOKEN.exec(r.name)?.[0]);
    for (const [token, list] of records) {
      const units = new Set(list.map((r) => (r.recurrence_id === false ? `e${r.id}` : `r${r.recurrence_id[0]}`)));
      if (units.size > 1) add('duplicated', token, person.email, `${units.size} ERP records or series for one event`);
    }
    for (const event of ledger.ofOwner(index)) {
      const outlookSeen = (view.get(event.token) ?? []).map(seenInOutlook);
      const erpSeen = (records.get(event.token) ?? []).map(seenInErp);
      const present = { outlook: outlookSeen.length > 0, erp: erpSeen.length > 0 };
      if (event.deleted !== undefined && !event.marked) {
        // Opted out, then deleted on one side: the delete does not travel (the pair no longer syncs), so only the
        // side it was deleted on must stay without it.
        if (present[event.deleted.side]) {
          add('resurrected', event.token, person.email, `unmarked, deleted in ${event.deleted.side}, back there`);
        }
        continue;
      }
      if (event.deleted !== undefined && !ledger.raced(event)) {
        if (present.outlook || present.erp) {
          const where = [present.outlook ? 'Outlook' : '', present.erp ? 'ERP' : ''].filter(Boolean).join(' and ');
          add('resurrected', event.token, person.email, `deleted in ${event.deleted.side}, back in ${where}`);
        }
        continue;
      }
      if (!event.marked) continue; // opted out: no longer compared
      result.compared += 1;
      if (!present.outlook || !present.erp) {
        if (event.deleted !== undefined) {
          // A delete-versus-edit race: settled by deleting on both sides, or held as a conflict for someone to decide.
          if (!present.outlook && !present.erp) continue;
          if (rowsOf(event.token).some((m) => m.status === 'conflict')) {
            result.openConflicts += 1;
            continue;
          }
          add(
            'diverged',
            event.token,
            person.email,
            `delete/edit race left it only in ${present.outlook ? 'Outlook' : 'the ERP'}`,
          );
          continue;
        }
        add('lost', event.token, person.email, `missing in ${present.outlook ? 'the ERP' : 'Outlook'}`);
        continue;
      }
      const outlookKeys = outlookSeen.map((s) => s.key).sort();
      const erpKeys = erpSeen.map((s) => s.key).sort();
      const outlookNotes = [...new Set(outlookSeen.map((s) => s.notes))].sort();
      const erpNotes = [...new Set(erpSeen.map((s) => s.notes))].sort();
      if (
        JSON.stringify(outlookKeys) !== JSON.stringify(erpKeys) ||
        JSON.stringify(outlookNotes) !== JSON.stringify(erpNotes)
      ) {
        add(
          'diverged',
          event.token,
          person.email,
          `Outlook: ${describeSeen(outlookSeen)} | ERP: ${describeSeen(erpSeen)}`,
        );
      }
    }
  }
  // Each finding names the product's own record of the event: its mapping rows (status, last error).
  for (const finding of result.findings) {
    const rows = rowsOf(finding.token).map(
      (m) => `${m.status}${m.code ? ` ${m.code}` : ''}${m.message ? ` "${m.message}"` : ''}`,
    );
    finding.detail += ` [mapping: ${rows.length === 0 ? 'none' : rows.join('; ')}]`;
  }
  const rows = await queryRows<{ status: string; n: number | string }>(
    deps.databaseUrl,
    `select status, count(*) as n from mappings where status in ('error', 'conflict', 'pending') group by status`,
  );
  result.unsettledRows = rows.reduce((n, r) => n + Number(r.n), 0);
  const [running] = await queryRows<{ n: number | string }>(
    deps.databaseUrl,
    `select count(*) as n from sync_runs where status = 'running'`,
  );
  result.runningRuns = Number(running?.n ?? 0);
  return result;
}

export function clean(c: Comparison): boolean {
  return c.lost + c.duplicated + c.diverged + c.resurrected === 0;
}
