// The pane's dependencies in one object: the backend client, the item operations and sign-in, built once at start.
// Components get these through props; only this file and index.tsx know the concrete Office-backed functions.
import { ApiClient } from '../api/client';
import type { AddinConfig } from '../../contract/addin-api';
import { createAccountManager } from '../auth';
import { readMark, writeMark, type ItemMark } from '../office/custom-properties';
import { readItemContext, saveItem, type ItemContext } from '../office/item';

export interface ItemOps {
  readItemContext(): Promise<ItemContext>;
  saveItem(): Promise<string>;
  readMark(): Promise<ItemMark | null>;
  writeMark(mark: ItemMark): Promise<void>;
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
    item: { readItemContext, saveItem, readMark, writeMark },
    reconnect: async () => {
      await accounts.getToken({ forceRefresh: true });
      await api.connect();
    },
  };
}
