import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustCertificateAuthorities } from '../../server/tls/trust';

/** Starts the real entry point as `npm start` does (minus the build), without any configuration. */
describe('npm start without configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      DATABASE_URL: `file:${dir}/sync.db`,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('when started, then it runs the sandbox, prints its URLs, serves the simulator, answers /readyz, writes readable log lines (no JSON, requests not at info) and stops on SIGTERM with code 0', async () => {
    const readiness = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no readiness URL printed:\n${output}`)), 60_000);
      child.stdout.on('data', () => {
        const match = /Readiness: (\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(output).toContain('Outlook ERP Sync (sandbox) is running.');
    expect(output).toMatch(/Microsoft 365 emulator: https:\/\/localhost:\d+/);
    expect(output).toMatch(/Odoo emulator: +http:\/\/127\.0\.0\.1:\d+/);
    trustCertificateAuthorities([readFileSync(join(dir, 'certs', 'ca.pem'), 'utf8')]);
    const res = await fetch(readiness);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready' });

    const simulator = /Outlook simulator: +(https:\/\/localhost:\d+)/.exec(output)?.[1];
    expect(simulator).toBeDefined();
    const page = await fetch(`${simulator}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Outlook (simulator)</title>');
    const events = await fetch(`${simulator}/sim/api/events`);
    const { value } = (await events.json()) as { value: Array<{ subject: string }> };
    expect(value.map((event) => event.subject)).toContain('Customer visit: Fabrikam');

    // A request is a debug line: asking the backend twice adds no line at the demo's level.
    const backend = /Backend: +(\S+)/.exec(output)?.[1];
    expect((await fetch(`${backend}/admin/mailboxes`)).status).toBe(401);
    expect((await fetch(`${backend}/no-such-page`)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const logLines = output.split('\n').filter((line) => /^\[\d\d:\d\d:\d\d\]/.test(line));
    expect(logLines).toContainEqual(
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: backend listening \{"url":"https:/),
    );
    expect(output.split('\n').filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
    expect(output).not.toMatch(/request completed|"req":/);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
