/**
 * Whole-emulator state: save to a file, reset to the seed, load back (world, keys, calendar half's events), and
 * the CLI: prints its URLs and seeded app, stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { CERT_DIR, graphCall, startEmulator } from './helpers';

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const NEW_USER = {
  id: '7e3f4a5b-8c9d-4e0f-9a1b-3c4d5e6f7a01',
  tenantId: CONTOSO_TENANT_ID,
  userPrincipalName: 'nestor@contoso.example',
  displayName: 'Nestor Wilke',
};

describe('state', () => {
  it('when state is saved, reset and loaded, then users, events and signing keys come back', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'm365-state-')), 'state.json');
    await emulator.control.call('POST', '/users', NEW_USER);
    const nestor = await emulator.control.mintGraphToken({ user: 'nestor@contoso.example' });
    const created = await graphCall<{ id: string }>(emulator, nestor, 'POST', '/me/events', {
      subject: 'Persisted',
      start: { dateTime: '2026-06-01T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-06-01T10:00:00', timeZone: 'UTC' },
    });
    expect(created.status).toBe(201);
    await emulator.control.call('POST', '/state/save', { path });

    await emulator.control.call('POST', '/reset');
    await emulator.control.rotateSigningKey();
    await emulator.control.retireOldSigningKeys();
    expect((await graphCall(emulator, nestor, 'GET', '/me/events')).status).toBe(401); // key gone

    await emulator.control.call('POST', '/state/load', { path });
    const events = await graphCall<{ value: Array<{ subject: string }> }>(emulator, nestor, 'GET', '/me/events');
    expect(events.status).toBe(200);
    expect(events.body.value.map((e) => e.subject)).toEqual(['Persisted']);
  });

  it('when reset, then added users are gone and the seed is back', async () => {
    await emulator.control.call('POST', '/users', {
      ...NEW_USER,
      id: '7e3f4a5b-8c9d-4e0f-9a1b-3c4d5e6f7a02',
      userPrincipalName: 'x@contoso.example',
    });
    await emulator.control.call('POST', '/reset');
    const world = await emulator.control.call<{ users: Array<{ userPrincipalName: string }> }>('GET', '/world');
    expect(world.users.map((u) => u.userPrincipalName)).toEqual([
      'adele@contoso.example',
      'megan@contoso.example',
      'alex@contoso.example',
      'pradeep@fabrikam.example',
    ]);
  });

  it('when a state file does not exist or the body is invalid, then the control API answers 4xx problems', async () => {
    await expect(
      emulator.control.call('POST', '/state/load', { path: '/nonexistent/m365.json' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(emulator.control.call('POST', '/users', { id: 'not-a-guid' })).rejects.toMatchObject({ status: 400 });
    await expect(emulator.control.call('PUT', '/state', { version: 99 })).rejects.toMatchObject({ status: 400 });
  });
});

describe('cli', () => {
  it('when started with --port 0, then it prints the URLs and seeded client id, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      join(__dirname, '../../../node_modules/.bin/tsx'),
      ['sandbox/microsoft365/cli.ts', '--port', '0', '--cert-dir', CERT_DIR],
      {
        cwd: join(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('State:') && resolve());
      child.on('exit', () => reject(new Error(`cli exited early: ${output}`)));
    });
    expect(output).toMatch(/listening on https:\/\/localhost:\d+/);
    expect(output).toContain(ADDIN_CLIENT_ID);
    const baseUrl = /listening on (\S+)/.exec(output)![1]!;
    const discovery = await fetch(`${baseUrl}/${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (exitCode) => resolve(exitCode));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
