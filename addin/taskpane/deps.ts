// The pane's dependencies in one object: the backend client, the item operations and sign-in, built once at start.
// Components get these through props; only this file and index.tsx know the concrete Office-backed functions.
import { ApiClient } from '../api/client';
import type { AddinConfig } from '../../contract/addin-api';
import { createAccountManager } from '../auth';
import { readMark, writeMark, type ItemMark } from '../office/custom-properties';
import { readAttendees, type Attendee } from '../office/attendees';
import { readItemContext, saveItem, type ItemContext } from '../office/item';
import { watchItem } from '../office/item-events';

export interface ItemOps {
  readItemContext(): Promise<ItemContext>;
  saveItem(): Promise<string>;
  readMark(): Promise<ItemMark | null>;
  writeMark(mark: ItemMark): Promise<void>;
  readAttendees(): Promise<Attendee[]>;
  /** Calls back when Outlook shows another item, or the open one changes; resolves to an unsubscribe. */
  watch(onChange: (what: 'item' | 'details') => void): Promise<() => void>;
}

export interface PaneDeps {
  api: ApiClient;
  item: ItemOps;
  /** Interactive, fresh token then `POST /api/connect`: the backend stores a new token cache. */
  reconnect(): Promise<void>;
}

export function createPaneDeps(config: AddinConfig, pageUrl: string, fetchImpl?: typeof fetch): PaneDeps {
  const accounts = createAccountManager(config, pageUrl);
  const api = new ApiClient(config.apiOrigin, (request) => accounts.getToken(request), fetchImpl);
  return {
    api,
    item: { readItemContext, saveItem, readMark, writeMark, readAttendees, watch: watchItem },
    reconnect: async () => {
      await accounts.getToken({ forceRefresh: true });
      await api.connect();
    },
  };
}
