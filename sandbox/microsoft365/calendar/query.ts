/**
 * OData query options on event lists and gets: $top/$skip paging with nextLink, $select, $filter, $orderby and
 * $expand=singleValueExtendedProperties($filter=id eq '...'). Options Graph rejects for events answer 400.
 */
import type { Request } from 'express';
import { linkTo, queryParam } from './context';
import { badRequest } from './errors';
import { shapeEvent, type ShapeOptions } from './event-shape';
import { normalizePropertyId } from './extended-props';
import type { EventInstance } from './model';
import { compileFilter, type EventPredicate } from './odata-filter';
import type { Preferences } from './prefer';

export const DEFAULT_TOP = 10;
export const MAX_TOP = 1000;

export interface ListQuery extends ShapeOptions {
  top: number;
  /** Whether `$top` was sent; without it `Prefer: odata.maxpagesize` sets the page size. */
  topGiven: boolean;
  skip: number;
  filter?: EventPredicate;
  orderBy: { path: string[]; descending: boolean }[];
}

function nonNegativeInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid value '${value}' for query option ${name}.`, 'BadRequest');
  return Number(value);
}

/** `$expand=singleValueExtendedProperties($filter=id eq '...' [or id eq '...'])`. */
export function parseExpand(req: Request): ShapeOptions {
  const expand = queryParam(req, '$expand');
  if (expand === undefined) return {};
  const m = /^\s*singleValueExtendedProperties\s*(?:\(\s*\$filter\s*=\s*(.*)\))?\s*$/i.exec(expand);
  if (!m) throw badRequest(`$expand '${expand}' is not supported on events by this emulator.`, 'BadRequest');
  if (m[1] === undefined) return { expandProperties: () => true };
  const ids = [...m[1].matchAll(/id\s+eq\s+'((?:[^']|'')*)'/gi)].map((x) =>
    normalizePropertyId(x[1]!.replace(/''/g, "'")),
  );
  if (ids.length === 0) throw badRequest(`Invalid $filter in $expand: '${m[1]}'.`, 'BadRequest');
  return { expandProperties: (id) => ids.includes(id) };
}

export function parseSelect(req: Request): string[] | undefined {
  const select = queryParam(req, '$select');
  return select === undefined
    ? undefined
    : select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

export function parseListQuery(req: Request): ListQuery {
  const filter = queryParam(req, '$filter');
  const orderby = queryParam(req, '$orderby');
  const query: ListQuery = {
    ...parseExpand(req),
    top: Math.min(nonNegativeInt(queryParam(req, '$top'), '$top', DEFAULT_TOP), MAX_TOP),
    topGiven: queryParam(req, '$top') !== undefined,
    skip: nonNegativeInt(queryParam(req, '$skip'), '$skip', 0),
    orderBy: (orderby ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((clause) => {
        const [path, direction] = clause.split(/\s+/);
        if (direction && !/^(asc|desc)$/i.test(direction))
          throw badRequest(`Invalid $orderby '${clause}'.`, 'BadRequest');
        return { path: path!.split('/'), descending: /^desc$/i.test(direction ?? '') };
      }),
  };
  const select = parseSelect(req);
  if (select) query.select = select;
  if (filter !== undefined) query.filter = compileFilter(filter);
  return query;
}

function pick(row: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = row;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = Object.keys(current).find((k) => k.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Filters, orders and pages instances; rows are compared in UTC with every extended property visible. */
export function listPage(
  req: Request,
  instances: EventInstance[],
  prefs: Preferences,
  query: ListQuery,
): { value: Record<string, unknown>[]; nextLink?: string } {
  const utc: Preferences = { ...prefs, timeZone: { name: 'UTC', iana: 'UTC' }, bodyText: false };
  // Rows in UTC with every property are only needed to filter or order by; shaping each costs most of a list.
  const needsRows = query.filter !== undefined || query.orderBy.length > 0;
  let rows = instances.map((instance) => ({
    instance,
    row: needsRows ? shapeEvent(instance, utc, { expandProperties: () => true }) : {},
  }));
  if (query.filter) rows = rows.filter(({ row }) => query.filter!(row));
  for (const { path, descending } of [...query.orderBy].reverse()) {
    rows.sort((a, b) => {
      const x = String(pick(a.row, path) ?? '');
      const y = String(pick(b.row, path) ?? '');
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
  }
  const top = query.topGiven ? query.top : Math.min(prefs.maxPageSize ?? query.top, MAX_TOP);
  const page = rows.slice(query.skip, query.skip + top);
  const value = page.map(({ instance }) => shapeEvent(instance, prefs, query));
  if (query.skip + top >= rows.length) return { value };
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') params[k] = v;
  if (query.topGiven) params.$top = String(top);
  params.$skip = String(query.skip + top);
  return { value, nextLink: linkTo(req, params) };
}
