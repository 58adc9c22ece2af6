/**
 * Series divergences the chaos run found (issue 18), each reduced to the sequence a person goes through: moves,
 * renames and cancels of one series on both sides between syncs.
 */
import { deleteOutlook, occurrenceId, odooUnlink, outlookDaily } from './acts';
import { expectSettled, syncClean } from './checks';
import type { Scenario } from './scenario';
import { dayFromToday, erpRows } from './world';

export const SERIES_CASES: Scenario[] = [
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
