import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { referenceErpHooks, runConformance, type ConformanceHooks } from '../../../tools/erp-conformance';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';

describe('the reference ERP against the contract conformance suite', () => {
  let erp: RunningRestErp;

  beforeAll(async () => {
    erp = await startRestErp();
  });
  afterAll(() => erp.stop());

  const hooks = (): ConformanceHooks => ({
    injectStatus: async (status, retryAfterSeconds) => erp.control.injectFault({ status, retryAfterSeconds }),
    setRateLimit: async (limit, windowSeconds) => erp.control.setRateLimit({ limit, windowSeconds }),
    resetRateLimit: async () => erp.control.setRateLimit({ limit: 10_000, windowSeconds: 60 }),
  });

  it('when every check runs with bearer auth and fault hooks, then all pass and every path and status is exercised', async () => {
    const report = await runConformance({
      baseUrl: erp.url,
      auth: { kind: 'bearer', token: erp.token },
      personEmail: 'adele@contoso.example',
      searchText: 'a',
      hooks: hooks(),
    });
    expect(report.results.filter((r) => r.outcome !== 'pass')).toEqual([]);
    expect(report.results.length).toBeGreaterThanOrEqual(18);
    expect(report.covered).toEqual(report.declared);
  });

  it('when the checks run with HMAC auth and no hooks, then the hook checks are skipped and the rest pass', async () => {
    const report = await runConformance({
      baseUrl: erp.url,
      auth: { kind: 'hmac', ...erp.hmac },
      personEmail: 'megan@contoso.example',
      searchText: 'north',
    });
    expect(report.results.filter((r) => r.outcome === 'fail')).toEqual([]);
    expect(report.results.filter((r) => r.outcome === 'skip').map((r) => r.name)).toEqual([
      '429: every operation answers 429 as a problem with Retry-After',
      '503: every operation answers 503 as a problem with Retry-After',
      'rate limit: RateLimit-Remaining counts down, then 429 with Retry-After',
    ]);
  });

  it('when the ERP serves under a path prefix with HMAC, then signatures cover the prefix and every check passes', async () => {
    const prefixed = await startRestErp({ basePath: '/api/sync' });
    try {
      expect(prefixed.url).toMatch(/\/api\/sync$/);
      const report = await runConformance({
        baseUrl: prefixed.url,
        auth: { kind: 'hmac', ...prefixed.hmac },
        personEmail: 'adele@contoso.example',
        searchText: 'tail',
        hooks: referenceErpHooks(prefixed.url),
      });
      expect(report.results.filter((r) => r.outcome !== 'pass')).toEqual([]);
    } finally {
      await prefixed.stop();
    }
  });

  it('when the ERP breaks the contract, then the check that met it fails naming the field', async () => {
    erp.control.injectFault({ corrupt: true, path: '/appointments/', method: 'GET' });
    const report = await runConformance({
      baseUrl: erp.url,
      auth: { kind: 'bearer', token: erp.token },
      personEmail: 'adele@contoso.example',
      searchText: 'a',
    });
    const failed = report.results.filter((r) => r.outcome === 'fail');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).toContain('appointment.timing.start: must match format "date-time"');
  });

  it('when the CLI runs against the reference ERP with --control, then it prints PASS per check and exits 0', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const args = ['tools/erp-conformance/cli.ts', '--url', erp.url, `--token=${erp.token}`, '--control'];
    const { stdout } = await promisify(execFile)(tsx, args);
    expect(stdout).toMatch(/^PASS {2}about: names the ERP/m);
    expect(stdout).toContain('passed, 0 failed, 0 skipped');
    expect(stdout).not.toContain('FAIL');
  });

  it('when the CLI meets a wrong token, then it prints FAIL lines and exits 1', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const args = ['tools/erp-conformance/cli.ts', '--url', erp.url, '--token', 'wrong'];
    const failure = await promisify(execFile)(tsx, args).catch((error: { code: number; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stdout: string }).stdout).toMatch(/^FAIL {2}about: names the ERP/m);
  });
});
