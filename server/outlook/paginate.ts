/**
 * The one Graph pager: an async iterator over the items of a collection or delta round that follows
 * `@odata.nextLink` (replayed exactly as given) and captures the final `@odata.deltaLink`. No mapping, no retries.
 */
import type { z } from 'zod';
import type { GraphTransport } from './client';
import { graphPageSchema } from './wire-schemas';

/** A guard against a server that never stops paging (a bug on either side), far above any real calendar. */
export const MAX_PAGES = 10_000;

export class Paginator<T> implements AsyncIterable<T> {
  /** Set once the last page has been read, when the round ended with a delta link. */
  deltaLink: string | null = null;
  pages = 0;

  constructor(
    private readonly transport: GraphTransport,
    private readonly firstPath: string,
    private readonly item: z.ZodType<T>,
    private readonly headers: Record<string, string> = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let path: string | undefined = this.firstPath;
    const pageSchema = graphPageSchema(this.item);
    while (path !== undefined) {
      if (++this.pages > MAX_PAGES)
        throw new Error(`Graph paging exceeded ${MAX_PAGES} pages at ${path.split('?')[0]}`);
      const page: z.output<typeof pageSchema> = await this.transport.get(path, pageSchema, this.headers);
      for (const item of page.value ?? []) yield item;
      // Empty pages with a nextLink are normal in delta rounds: keep following.
      path = page['@odata.nextLink'];
      if (path === undefined) this.deltaLink = page['@odata.deltaLink'] ?? null;
    }
  }
}

/** Pages through `firstPath`, each item parsed with `item`; iterate it with `for await`, then read `deltaLink`. */
export function paginate<T>(
  transport: GraphTransport,
  firstPath: string,
  item: z.ZodType<T>,
  headers: Record<string, string> = {},
): Paginator<T> {
  return new Paginator<T>(transport, firstPath, item, headers);
}

/** Every item of a collection, in order. */
export async function collectAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}
