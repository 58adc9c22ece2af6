// A stand-in Office host for pane tests: the slice of Office.js the add-in's office/ layer calls, with the same
// callback/AsyncResult shapes, recording what the pane did (tokens asked, properties written, saves).

export interface StandInOptions {
  mode: 'read' | 'organizer';
  /** EWS id of the item; null = a new appointment never saved. */
  ewsId: string | null;
  subject?: string;
  /** Tokens getAccessToken returns, in order (the last one repeats). */
  tokens?: string[];
  /** getAccessToken rejects with this code instead (e.g. 13003). */
  ssoErrorCode?: number;
  supportsNaa?: boolean;
  /** Theme body background, e.g. #1f1f1f for dark. */
  bodyBackgroundColor?: string;
  /** Office.context.displayLanguage (default en-US). */
  displayLanguage?: string;
}

export interface StandIn {
  tokenRequests: Office.AuthOptions[];
  customProperties: Map<string, unknown>;
  /** Custom property values as persisted by saveAsync. */
  savedProperties: Map<string, unknown>;
  saves: number;
  dialogs: string[];
  /** The ItemChanged handler the pane registered (a pinned pane follows the selection). */
  itemChanged: (() => void) | null;
  ewsId: string | null;
}

type Callback<T> = (result: Office.AsyncResult<T>) => void;

function ok<T>(value: T): Office.AsyncResult<T> {
  return { status: 'succeeded', value } as unknown as Office.AsyncResult<T>;
}

function failed<T>(name: string, message: string): Office.AsyncResult<T> {
  return {
    status: 'failed',
    value: undefined,
    error: { code: 9999, name, message },
  } as unknown as Office.AsyncResult<T>;
}

/** EWS -> REST v2.0 as Outlook does it: the id's URL-unsafe base64 characters become "-" and "_". */
export function ewsToRest(id: string): string {
  return id.replace(/\//g, '-').replace(/\+/g, '_');
}

/** Installs `globalThis.Office` and returns the recorder. */
export function installOffice(options: StandInOptions): StandIn {
  const state: StandIn = {
    tokenRequests: [],
    customProperties: new Map(),
    savedProperties: new Map(),
    saves: 0,
    dialogs: [],
    itemChanged: null,
    ewsId: options.ewsId,
  };
  const tokens = options.tokens ?? ['token-1'];
  const subject = options.subject ?? 'Quarterly review';
  const later = <T>(cb: Callback<T>, result: Office.AsyncResult<T>) => queueMicrotask(() => cb(result));
  const customProperties = {
    get: (key: string) => state.customProperties.get(key),
    set: (key: string, value: unknown) => void state.customProperties.set(key, value),
    remove: (key: string) => void state.customProperties.delete(key),
    saveAsync: (cb: Callback<void>) => {
      state.savedProperties = new Map(state.customProperties);
      later(cb, ok(undefined));
    },
  };
  const common = {
    itemType: 'appointment',
    loadCustomPropertiesAsync: (cb: Callback<unknown>) => later(cb, ok(customProperties)),
  };
  const item =
    options.mode === 'read'
      ? { ...common, itemId: options.ewsId, subject }
      : {
          ...common,
          subject: { getAsync: (cb: Callback<string>) => later(cb, ok(subject)) },
          getItemIdAsync: (cb: Callback<string>) =>
            later(cb, state.ewsId ? ok(state.ewsId) : failed('ItemNotSaved', 'The item has not been saved.')),
          saveAsync: (cb: Callback<string>) => {
            state.saves++;
            state.ewsId ??= 'AAMkAGI2+new/saved+item=';
            later(cb, ok(state.ewsId));
          },
        };
  (globalThis as { Office?: unknown }).Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    MailboxEnums: { ItemType: { Appointment: 'appointment', Message: 'message' }, RestVersion: { v2_0: 'v2.0' } },
    EventType: {
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
      ItemChanged: 'olkItemSelectedChanged',
    },
    onReady: async () => ({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      officeTheme: { bodyBackgroundColor: options.bodyBackgroundColor ?? '#ffffff' },
      requirements: {
        isSetSupported: (name: string) => (name === 'NestedAppAuth' ? !!options.supportsNaa : true),
      },
      displayLanguage: options.displayLanguage ?? 'en-US',
      mailbox: {
        item,
        // Mailbox 1.5: the pinned pane's ItemChanged; the stand-in keeps the handler so a test can fire it.
        addHandlerAsync: (_type: string, handler: () => void, cb: Callback<void>) => {
          state.itemChanged = handler;
          later(cb, ok(undefined));
        },
        removeHandlerAsync: () => undefined,
        diagnostics: { hostName: 'OutlookWebApp' },
        convertToRestId: (id: string, version: string) => {
          if (version !== 'v2.0') throw new Error(`unexpected REST version ${version}`);
          return ewsToRest(id);
        },
      },
      ui: {
        displayDialogAsync: (url: string, _opts: unknown, cb: Callback<unknown>) => {
          state.dialogs.push(url);
          later(cb, failed('DialogUnavailable', 'No dialogs in the stand-in host.'));
        },
      },
    },
    auth: {
      getAccessToken: async (opts: Office.AuthOptions) => {
        state.tokenRequests.push(opts);
        if (options.ssoErrorCode) throw { code: options.ssoErrorCode, message: `SSO error ${options.ssoErrorCode}` };
        return tokens[Math.min(state.tokenRequests.length - 1, tokens.length - 1)]!;
      },
    },
  };
  return state;
}
