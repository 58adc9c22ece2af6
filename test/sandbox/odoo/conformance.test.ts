/** Replays the calls Odoo publishes (test/fixtures/odoo/jsonrpc-examples.json) against the emulator, on both protocols. */
import examples from '../../fixtures/odoo/jsonrpc-examples.json';
import catalogue from '../../fixtures/odoo/calendar-event-fields.json';
import { startOdooEmulator, type OdooEmulator } from '../../../sandbox/odoo/server';
import { executeKw, json2, jsonRpc } from './rpc';

type Example = { title: string; execute_kw_args?: unknown[]; follow_up_execute_kw_args?: unknown[] };
const published = (title: string): Example => {
  const found = (examples.jsonrpc_legacy.examples as Example[]).find((e) => e.title.startsWith(title));
  if (!found) throw new Error(`no published example ${title}`);
  return found;
};
/** model, method, args, kwargs of a published execute_kw call. */
const call = (args: unknown[] | undefined) => {
  const [, , , model, method, positional, kwargs] = args ?? [];
  return {
    model: String(model),
    method: String(method),
    positional: positional as unknown[],
    kwargs: kwargs as Record<string, unknown> | undefined,
  };
};

describe('published Odoo calls replayed on the emulator', () => {
  let emulator: OdooEmulator;
  beforeAll(async () => {
    emulator = await startOdooEmulator({ now: new Date('2026-03-02T09:00:00Z') });
  });
  afterAll(() => emulator.stop());

  test('when common.version is called, then it answers the published shape', async () => {
    const answer = await jsonRpc(emulator, 'common', 'version', []);
    expect(Object.keys(answer.result as object).sort()).toEqual([
      'protocol_version',
      'server_serie',
      'server_version',
      'server_version_info',
    ]);
  });

  test('when authenticate is called, then a good key gives the uid and a bad one false', async () => {
    const { login, apiKey } = emulator.users.adele;
    expect((await jsonRpc(emulator, 'common', 'authenticate', [emulator.database, login, apiKey, {}])).result).toBe(3);
    expect((await jsonRpc(emulator, 'common', 'authenticate', [emulator.database, login, 'nope', {}])).result).toBe(
      false,
    );
  });

  test('when search, pagination and search_count are replayed, then they agree with each other', async () => {
    const all = (
      await executeKw(
        emulator,
        ...(Object.values(call(published('List records').execute_kw_args)).slice(0, 3) as [string, string, unknown[]]),
      )
    ).result as number[];
    const page = call(published('Pagination').execute_kw_args);
    const paged = (await executeKw(emulator, page.model, page.method, page.positional, page.kwargs)).result;
    const count = call(published('Count records').execute_kw_args);
    expect(all.length).toBeGreaterThan(0);
    expect(paged).toEqual(all.slice(10, 15));
    expect((await executeKw(emulator, count.model, count.method, count.positional)).result).toBe(all.length);
  });

  test('when read and search_read with fields are replayed, then each record has id plus exactly those fields', async () => {
    const read = call(published('Read records: read selected').execute_kw_args);
    const ids = (await executeKw(emulator, 'res.partner', 'search', [[['is_company', '=', true]]], { limit: 1 }))
      .result;
    const [record] = (await executeKw(emulator, read.model, read.method, [ids], read.kwargs)).result as Array<
      Record<string, unknown>
    >;
    expect(Object.keys(record ?? {}).sort()).toEqual(['comment', 'country_id', 'id', 'name']);
    const sr = call(published('Search and read').execute_kw_args);
    const rows = (await executeKw(emulator, sr.model, sr.method, sr.positional, sr.kwargs)).result as unknown[];
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(rows[0]).toEqual({
      id: expect.any(Number),
      name: expect.any(String),
      country_id: expect.anything(),
      comment: false,
    });
  });

  test('when fields_get with attributes is replayed, then each field carries only those attributes', async () => {
    const fg = call(published('List record fields').execute_kw_args);
    const fields = (await executeKw(emulator, fg.model, fg.method, fg.positional, fg.kwargs)).result as Record<
      string,
      Record<string, unknown>
    >;
    expect(fields.name).toEqual({ type: 'char', string: 'Name', help: '' });
  });

  test('when create, write, read display_name, unlink and search are replayed, then they answer as published', async () => {
    const created = call(published('Create records').execute_kw_args);
    const id = (await executeKw(emulator, created.model, created.method, created.positional)).result as number;
    expect(typeof id).toBe('number');
    const written = call(published('Update records').execute_kw_args);
    expect(
      (await executeKw(emulator, written.model, written.method, [[id], (written.positional as unknown[])[1]])).result,
    ).toBe(true);
    expect((await executeKw(emulator, 'res.partner', 'read', [[id], ['display_name']])).result).toEqual([
      { id, display_name: 'Newer partner' },
    ]);
    expect((await executeKw(emulator, 'res.partner', 'unlink', [[id]])).result).toBe(true);
    expect((await executeKw(emulator, 'res.partner', 'search', [[['id', '=', id]]])).result).toEqual([]);
  });

  test('when name_search and check_access_rights are replayed, then they answer', async () => {
    const ns = call(published('Calling methods: name_search').execute_kw_args);
    expect((await executeKw(emulator, ns.model, ns.method, ns.positional, ns.kwargs)).result).toEqual([]);
    const car = call(published('Calling methods: check_access_rights').execute_kw_args);
    expect((await executeKw(emulator, car.model, car.method, car.positional, car.kwargs)).result).toBe(true);
  });

  test('when the derived JSON-RPC body is sent, then the answer echoes its id with a result', async () => {
    const body = examples.jsonrpc_legacy.jsonrpc_body_DERIVED_example.request;
    const args: unknown[] = [...body.params.args];
    const uid = (
      await jsonRpc(emulator, 'common', 'authenticate', [emulator.database, 'admin', emulator.users.admin.apiKey, {}])
    ).result;
    args.splice(0, 3, emulator.database, uid, emulator.users.admin.apiKey);
    const answer = await jsonRpc(emulator, 'object', 'execute_kw', args, body.id);
    expect(answer).toEqual({ jsonrpc: '2.0', id: 123456789, result: expect.any(Array) });
  });

  test('when the JSON-2 search_read example is sent, then the raw list comes back', async () => {
    await emulator.control.createRecords('res.partner', [{ name: 'Deco Addict', is_company: true }]);
    const answer = await json2(
      emulator,
      'res.partner',
      'search_read',
      examples.json2.final_doc_19_0.search_read_request.body,
    );
    expect(answer).toEqual({ status: 200, body: [{ id: expect.any(Number), name: 'Deco Addict' }] });
  });

  test('when JSON-2 search then read (with load null) are sent as published, then read answers the ids', async () => {
    const ids = (await json2(emulator, 'res.partner', 'search', examples.json2.final_doc_19_0.code_example_search_body))
      .body as number[];
    const body = { ...examples.json2.final_doc_19_0.migration_read_example_body, ids };
    expect((await json2(emulator, 'res.partner', 'read', body)).body).toEqual([{ id: ids[0], name: 'Deco Addict' }]);
  });

  test('when JSON-2 write is sent with vals (final) it writes; with vals_list (draft) it is refused as Odoo 19 does', async () => {
    const [id] = (await json2(emulator, 'res.partner', 'search', { domain: [['name', '=', 'Deco Addict']] }))
      .body as number[];
    // Odoo 19's JSON-2 binds the body to write(vals): an unknown keyword is a 422 (addons/rpc/controllers/json2.py).
    expect(
      await json2(emulator, 'res.partner', 'write', {
        ...examples.json2.draft_doc_external_json2_api_rst.write_body,
        ids: [id],
      }),
    ).toMatchObject({ status: 422, body: { name: 'werkzeug.exceptions.UnprocessableEntity' } });
    expect((await json2(emulator, 'res.partner', 'write', { ids: [id], vals: { name: 'Deco Final' } })).body).toBe(
      true,
    );
    expect((await json2(emulator, 'res.partner', 'read', { ids: [id], fields: ['name'] })).body).toEqual([
      { id, name: 'Deco Final' },
    ]);
  });

  test('when the JSON-2 key is wrong, then the published 401 body comes back', async () => {
    const published401 = examples.json2.final_doc_19_0.error_response.body;
    const answer = await json2(emulator, 'res.partner', 'search_read', {}, 'bad-key');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ ...published401, debug: expect.any(String) });
  });

  test('when /web/version is read, then it has the published shape', async () => {
    const body = (await (await fetch(`${emulator.url}/web/version`)).json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(examples.json2.final_doc_19_0.web_version_response).sort());
    expect(body.version).toBe('19.0');
  });

  test("when fields_get is asked for the calendar models, then it serves the declarations of Odoo's source", async () => {
    for (const [model, declared] of Object.entries(catalogue.models)) {
      const fields = (
        await executeKw(emulator, model, 'fields_get', [], {
          attributes: ['type', 'relation', 'selection', 'required'],
        })
      ).result as Record<string, Record<string, unknown>>;
      for (const field of declared.fields as Array<{
        name: string;
        type: string;
        relation?: string;
        selection?: unknown;
        required?: boolean;
      }>) {
        expect([model, field.name, fields[field.name]?.type, fields[field.name]?.relation]).toEqual([
          model,
          field.name,
          field.type,
          field.relation,
        ]);
        if (Array.isArray(field.selection)) expect(fields[field.name]?.selection).toEqual(field.selection);
        expect(fields[field.name]?.required).toBe(field.required ?? false);
      }
    }
  });
});
