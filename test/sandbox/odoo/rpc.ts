/** Raw HTTP helpers for the emulator suites: the bodies a client sends, nothing of the adapter. */
import type { OdooEmulator } from '../../../sandbox/odoo/server';

export async function jsonRpc(
  emulator: OdooEmulator,
  service: string,
  method: string,
  args: unknown[],
  id: unknown = 1,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** execute_kw as the administrator; returns the whole JSON-RPC answer. */
export async function executeKw(
  emulator: OdooEmulator,
  model: string,
  method: string,
  args: unknown[],
  kwargs?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { login, apiKey } = emulator.users.admin;
  const auth = await jsonRpc(emulator, 'common', 'authenticate', [emulator.database, login, apiKey, {}]);
  return jsonRpc(emulator, 'object', 'execute_kw', [
    emulator.database,
    auth.result,
    apiKey,
    model,
    method,
    args,
    ...(kwargs ? [kwargs] : []),
  ]);
}

export async function json2(
  emulator: OdooEmulator,
  model: string,
  method: string,
  body: unknown,
  apiKey: string = emulator.users.admin.apiKey,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/json/2/${model}/${method}`, {
    method: 'POST',
    headers: {
      Authorization: `bearer ${apiKey}`,
      'X-Odoo-Database': emulator.database,
      'Content-Type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
