/**
 * Reads the ERP emulator's calendar records for the simulator's right-hand panel, over Odoo's JSON-RPC as the
 * administrator (a person looking at Odoo's calendar). Read-only: editing in the ERP is the Odoo control API's job.
 */

export interface ErpEvent {
  id: number;
  name: string;
  /** Odoo datetimes, UTC, "YYYY-MM-DD HH:MM:SS". */
  start: string;
  stop: string;
  allday: boolean;
  owner: string;
  writeDate: string;
}

export interface OdooSettings {
  url: string;
  database: string;
  login: string;
  apiKey: string;
}

type Many2one = [number, string] | false;

interface OdooEventRow {
  id: number;
  name: string;
  start: string;
  stop: string;
  allday: boolean;
  user_id: Many2one;
  write_date: string;
}

export class ErpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErpError';
  }
}

export class ErpClient {
  private uid: Promise<number> | null = null;

  constructor(private readonly settings: OdooSettings) {}

  async listEvents(): Promise<ErpEvent[]> {
    const uid = await this.login();
    const rows = await this.rpc<OdooEventRow[]>('object', 'execute_kw', [
      this.settings.database,
      uid,
      this.settings.apiKey,
      'calendar.event',
      'search_read',
      [[]],
      { fields: ['name', 'start', 'stop', 'allday', 'user_id', 'write_date'], order: 'start asc', limit: 200 },
    ]);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      start: row.start,
      stop: row.stop,
      allday: row.allday,
      owner: row.user_id ? row.user_id[1] : '',
      writeDate: row.write_date,
    }));
  }

  private login(): Promise<number> {
    this.uid ??= this.rpc<number | false>('common', 'authenticate', [
      this.settings.database,
      this.settings.login,
      this.settings.apiKey,
      {},
    ]).then((uid) => {
      if (uid === false) throw new ErpError(`Odoo refused the login ${this.settings.login}.`);
      return uid;
    });
    // A failed login is not cached: the next refresh tries again.
    this.uid.catch(() => (this.uid = null));
    return this.uid;
  }

  private async rpc<T>(service: string, method: string, args: unknown[]): Promise<T> {
    const response = await fetch(`${this.settings.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service, method, args } }),
    });
    if (!response.ok) throw new ErpError(`Odoo answered HTTP ${response.status}.`);
    const body = (await response.json()) as { result?: T; error?: { data?: { message?: string }; message?: string } };
    if (body.error) throw new ErpError(body.error.data?.message ?? body.error.message ?? 'Odoo call failed.');
    return body.result as T;
  }
}
