/**
 * Issue 15 Must 9 in a browser: a pane that is not built yet is never a JSON 404 or a blank frame. The backend's
 * real /addin router over an empty bundle folder, opened in Chromium at the pane's width: a clear "being built"
 * page that opens the pane by itself once it is built (screenshot, axe). `npm start` building first is test/sandbox/npm-start.test.ts's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { source as axeSource } from 'axe-core';
import express from 'express';
import { chromium } from 'playwright-core';
import { addinConfigFor, addinStaticRouter } from '../../server/http/addin-static';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS } from './harness';

describe('a pane not built yet, in the browser', () => {
  it('when Outlook opens the pane before its bundle exists, then a clear page says it is being built and opens the pane once built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-pane-'));
    const app = express().use(
      '/addin',
      addinStaticRouter({
        dir: empty,
        config: addinConfigFor({
          publicUrl: 'https://localhost:3000',
          clientId: '3f9d2c1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f',
          authorityHost: 'https://login.microsoftonline.com',
        }),
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 320, height: 600 } });
      const response = await page.goto(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/addin/taskpane.html`,
      );
      expect(response?.status()).toBe(503);
      await page.getByRole('heading', { name: 'ERP sync is being built' }).waitFor();
      const text = await page.locator('body').innerText();
      expect(text).toMatch(/opens it by itself as soon as it is ready/);
      expect(text).not.toMatch(/\{"|problem|404/);
      await page.screenshot({ path: join(ARTIFACTS, '00-pane-building-en-pane.png') });
      await page.evaluate(axeSource);
      const violations = await page.evaluate<Array<{ id: string; impact: string | null }>>(
        'axe.run(document).then((result) => result.violations)',
      );
      process.stdout.write(
        `axe [00-pane-building-en]: ${violations.length} violation(s): ${violations.map((v) => `${v.id}(${v.impact})`).join(' ') || 'none'}\n`,
      );
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(
        0,
      );
      // The build lands: the page opens the pane by itself.
      writeFileSync(
        join(empty, 'taskpane.html'),
        '<!doctype html><html lang="en"><main><h1>Pane ready</h1></main></html>',
      );
      await page.getByRole('heading', { name: 'Pane ready' }).waitFor({ timeout: 20_000 });
    } finally {
      await browser.close();
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
