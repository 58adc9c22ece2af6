/**
 * Series divergences the chaos run found (issue 18), each reduced to the sequence a person goes through: moves,
 * renames and cancels of one series on both sides between syncs.
 */
import { deleteOutlook, occurrenceId, odooUnlink, odooWrite, outlookDaily, outlookTimes, patchOutlook } from './acts';
import { expectSettled, syncClean } from './checks';
import type { Scenario } from './scenario';
import { dayFromToday, erpRows, erpSeries } from './world';

export const SERIES_CASES: Scenario[] = [
  {
    name: 'an occurrence moved in Outlook, then the series renamed in Odoo (all events): both sides hold the rename and the move',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(40), 5);
      await syncClean(w);
      await patchOutlook(w, await occurrenceId(w, master, 0), outlookTimes(dayFromToday(40), 11));
      await syncClean(w);
      const first = (await erpRows(w, tag))[0]!;
      await odooWrite(w, [first.id], { name: `${tag} renamed`, recurrence_update: 'all_events' });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 5);
      expect(lines.filter((l) => l.startsWith(`${tag} renamed @`))).toHaveLength(5);
      expect(await erpSeries(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'different occurrences cancelled on each side between two syncs: both cancels apply, no conflict',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(41), 5);
      await syncClean(w);
      await deleteOutlook(w, await occurrenceId(w, master, 1));
      await odooUnlink(w, [(await erpRows(w, tag))[3]!.id]);
      await syncClean(w);
      await expectSettled(w, tag, 3);
    },
  },
];
