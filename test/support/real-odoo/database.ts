/**
 * One real Odoo database as a test sees it: its connection (for the product's adapter) and a raw external-API
 * client that acts as a person in Odoo would (the administrator, or a user made here with a password and an API
 * key). Plain fetch on Odoo's published API; nothing of the product.
 */
export interface Connection {
  url: string;
  db: string;
  login: string;
  apiKey: string;
  version: string;
}

export interface OdooUser {
  id: number;
  partnerId: number;
  login: string;
  email: string;
  password: string;
  apiKey: string;
}

/** An Odoo exception as the API answered it (name like `odoo.exceptions.AccessError`). */
export class OdooCallError extends Error {
  constructor(
    readonly status: number,
    readonly odooName: string,
    message: string,
  ) {
    super(`${odooName}: ${message}`);
  }
}

export interface NewUser {
  login: string;
  name?: string;
  email?: string;
  tz?: string;
  /** External ids of groups (e.g. `base.group_user`); an internal user by default. */
  groups?: string[];
}

export class RealOdooDatabase implements Connection {
  readonly login = 'admin';
  constructor(
    readonly url: string,
    readonly db: string,
    readonly apiKey: string,
    readonly version: string,
  ) {}

  /** JSON-2 `/json/2/<model>/<method>` with `apiKey` (the administrator's by default): the raw return value. */
  async call<T = unknown>(model: string, method: string, body: Record<string, unknown>, apiKey = this.apiKey) {
    const response = await fetch(`${this.url}/json/2/${model}/${method}`, {
      method: 'POST',
      headers: {
        Authorization: `bearer ${apiKey}`,
        'X-Odoo-Database': this.db,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) {
      const error = safeJson(text) as { name?: string; message?: string } | null;
      throw new OdooCallError(response.status, error?.name ?? `HTTP ${response.status}`, error?.message ?? text);
    }
    return JSON.parse(text) as T;
  }

  /** JSON-RPC `object.execute_kw` as `uid` with `secret` (a password or an API key). */
  async executeKw<T = unknown>(
    uid: number,
    secret: string,
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown> = {},
  ): Promise<T> {
    return this.jsonRpc<T>('object', 'execute_kw', [this.db, uid, secret, model, method, args, kwargs]);
  }

  async jsonRpc<T = unknown>(service: string, method: string, args: unknown[]): Promise<T> {
    const response = await fetch(`${this.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
    });
    const body = (await response.json()) as {
      result?: T;
      error?: { message: string; data?: { name?: string; message?: string } };
    };
    if (body.error) {
      throw new OdooCallError(
        response.status,
        body.error.data?.name ?? 'error',
        body.error.data?.message ?? body.error.message,
      );
    }
    return body.result as T;
  }

  /** The database id of an external id such as `base.group_system`. */
  async ref(xmlid: string): Promise<number> {
    const [module, name] = xmlid.split('.');
    const [row] = await this.call<Array<{ res_id: number }>>('ir.model.data', 'search_read', {
      domain: [
        ['module', '=', module],
        ['name', '=', name],
      ],
      fields: ['res_id'],
    });
    if (!row) throw new Error(`real Odoo has no ${xmlid}`);
    return row.res_id;
  }

  /**
   * A user made as the administrator would, with a password, then an API key made as that user would in its
   * preferences (Odoo asks for the password again: the identity check wizard).
   */
  async createUser(spec: NewUser): Promise<OdooUser> {
    const password = `pw-${spec.login}-${Math.random().toString(36).slice(2)}`;
    const groups = await Promise.all((spec.groups ?? ['base.group_user']).map((g) => this.ref(g)));
    const email = spec.email ?? spec.login;
    const [id] = await this.call<number[]>('res.users', 'create', {
      vals_list: [
        {
          name: spec.name ?? spec.login,
          login: spec.login,
          email,
          password,
          tz: spec.tz ?? 'UTC',
          group_ids: [[6, 0, groups]],
        },
      ],
    });
    const [user] = await this.call<Array<{ partner_id: [number, string] }>>('res.users', 'read', {
      ids: [id],
      fields: ['partner_id'],
    });
    const uid = id as number;
    const web = await this.webSession(spec.login, password);
    const [description] = await web<number[]>('res.users.apikeys.description', 'create', [[{ name: 'tests' }]]);
    const check = await web<{ res_id: number }>('res.users.apikeys.description', 'make_key', [[description]]);
    const shown = await web<{ context: { default_key: string } }>(
      'res.users.identitycheck',
      'run_check',
      [[check.res_id]],
      { context: { password } },
    );
    return {
      id: uid,
      partnerId: (user as { partner_id: [number, string] }).partner_id[0],
      login: spec.login,
      email,
      password,
      apiKey: shown.context.default_key,
    };
  }

  /** A web-client session (what the browser holds after login): `call_kw` as that user. */
  async webSession(login: string, password: string) {
    const post = async (path: string, params: unknown, cookie?: string) => {
      const response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 1 }),
      });
      const body = (await response.json()) as {
        result?: unknown;
        error?: { data?: { name?: string; message?: string } };
      };
      if (body.error)
        throw new OdooCallError(response.status, body.error.data?.name ?? 'error', body.error.data?.message ?? '');
      return { result: body.result, cookie: response.headers.get('set-cookie')?.split(';')[0] };
    };
    const { cookie } = await post('/web/session/authenticate', { db: this.db, login, password });
    if (!cookie) throw new Error(`real Odoo gave no session to ${login}`);
    return async <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
      (await post(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, cookie)).result as T;
  }

  /** Mail Odoo queued (outgoing mail goes nowhere here): what attendees would have received. */
  mailQueue(): Promise<Array<{ id: number; subject: string; email_to: string; recipient_ids: number[] }>> {
    return this.call('mail.mail', 'search_read', {
      domain: [],
      fields: ['subject', 'email_to', 'recipient_ids'],
      order: 'id',
      context: { active_test: false },
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
