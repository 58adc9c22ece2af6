/**
 * Time-window reads: calendarView, a series' instances, and calendarView/delta (fixed window, pages honouring
 * `Prefer: odata.maxpagesize`, `@removed` entries, 410 for unknown or expired tokens).
 */
import { Router, type Request } from 'express';
import { contextUrl, linkTo, mailboxOf, queryParam, type CalendarContext } from './context';
import { badRequest, itemNotFound } from './errors';
import type { DeltaEntry } from './delta';
import { eventId, shapeEvent } from './event-shape';
import { applyPreferences, parsePreferences, type Preferences } from './prefer';
import { listPage, parseListQuery } from './query';
import { findInstance } from './routes-events';
import { parseInstant } from './tz';

function window(req: Request): { from: number; to: number } {
  const start = queryParam(req, 'startDateTime');
  const end = queryParam(req, 'endDateTime');
  if (start === undefined || end === undefined) {
    throw badRequest(
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      'ErrorInvalidParameter',
    );
  }
  const from = parseInstant(start);
  const to = parseInstant(end);
  if (from === undefined || to === undefined)
    throw badRequest('StartDateTime and EndDateTime must be dates.', 'ErrorInvalidParameter');
  if (to < from) throw badRequest('EndDateTime must be after StartDateTime.', 'ErrorInvalidParameter');
  return { from, to };
}

/** Graph: "You cannot use $select"; "$expand, $filter, $orderby, and $search" are not supported on calendarView
 * delta (https://learn.microsoft.com/en-us/graph/api/event-delta, "OData query parameters"). */
const DELTA_REFUSED = ['$select', '$expand', '$filter', '$orderby', '$search'];

function refuseDeltaOptions(req: Request): void {
  const sent = DELTA_REFUSED.filter((name) => queryParam(req, name) !== undefined);
  if (sent.length > 0) {
    throw badRequest(
      `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${sent.join(', ')}'.`,
      'ErrorInvalidUrlQuery',
    );
  }
}

function deltaItem(entry: DeltaEntry, prefs: Preferences): Record<string, unknown> | undefined {
  if (!entry.removed) return { '@odata.type': '#microsoft.graph.event', ...shapeEvent(entry.instance, prefs) };
  // With immutable ids a move changes nothing a client can see: no removal of the old per-folder id.
  if (entry.folderIdOnly && prefs.immutableIds) return undefined;
  return { '@odata.type': '#microsoft.graph.event', id: eventId(entry, prefs), '@removed': { reason: 'deleted' } };
}

export function viewRoutes(ctx: CalendarContext): Router {
  const router = Router();

  router.get(['/calendarView/delta', '/calendar/calendarView/delta'], (req, res) => {
    const { mailbox } = mailboxOf(res);
    refuseDeltaOptions(req);
    const prefs = parsePreferences(req);
    const skipToken = queryParam(req, '$skiptoken');
    const deltaToken = queryParam(req, '$deltatoken');
    let token: string;
    if (skipToken !== undefined) token = skipToken;
    else if (deltaToken !== undefined) token = ctx.delta.resume(mailbox, deltaToken);
    else {
      const { from, to } = window(req);
      token = ctx.delta.begin(mailbox, from, to);
    }
    const page = ctx.delta.page(mailbox, token, prefs.maxPageSize ?? ctx.options.deltaDefaultPageSize);
    const value = page.entries.map((e) => deltaItem(e, prefs)).filter((e) => e !== undefined);
    const link = page.skipToken
      ? { '@odata.nextLink': linkTo(req, { $skiptoken: page.skipToken }) }
      : { '@odata.deltaLink': linkTo(req, { $deltatoken: page.deltaToken! }) };
    applyPreferences(res, prefs);
    res.json({
      '@odata.context': contextUrl(req, mailbox.userId, 'Collection(event)').replace(/users\('[^']*'\)\//, ''),
      ...link,
      value,
    });
  });

  router.get(['/calendarView', '/calendar/calendarView'], (req, res) => {
    const { mailbox } = mailboxOf(res);
    const prefs = parsePreferences(req);
    const { from, to } = window(req);
    const page = listPage(req, ctx.store.instancesInWindow(mailbox, from, to), prefs, parseListQuery(req));
    applyPreferences(res, prefs);
    res.json({
      '@odata.context': contextUrl(req, mailbox.userId, 'calendarView'),
      value: page.value,
      ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    });
  });

  router.get(['/events/:id/instances', '/calendar/events/:id/instances'], (req, res) => {
    const { mailbox } = mailboxOf(res);
    const prefs = parsePreferences(req);
    const { from, to } = window(req);
    const master = findInstance(ctx, res, String(req.params.id));
    if (master.type !== 'seriesMaster') throw itemNotFound();
    const instances = ctx.store.seriesInstances(mailbox, master.record, from, to);
    const page = listPage(req, instances, prefs, parseListQuery(req));
    applyPreferences(res, prefs);
    res.json({
      '@odata.context': contextUrl(req, mailbox.userId, `events('${String(req.params.id)}')/instances`),
      value: page.value,
      ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    });
  });

  return router;
}
