// manifest.xml: rendering, our offline XML checks (each rule can fail), and the unified JSON manifest against
// Microsoft's bundled schema; the committed icons are the generator's output at the declared sizes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtPages, checkXmlManifest } from '../../scripts/manifest-checks';
import { ICON_SIZES, renderIcon } from '../../scripts/manifest-icons';
import {
  ASSETS_DIR,
  ManifestOptionError,
  SAMPLE_OPTIONS,
  renderManifest,
  writeManifests,
} from '../../scripts/manifest-render';

/**
 * Runs the real validation CLI (as `npm run manifest:validate` does). A child process because office-addin-manifest
 * pulls an ESM-only dependency that jest's CommonJS loader cannot require.
 */
function validateCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/manifest-validate.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const CTX = { ...SAMPLE_OPTIONS, assetsDir: ASSETS_DIR, pages: builtPages() };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifest-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('manifest.xml template', () => {
  it('when rendered for a host, then the XML checks and the JSON schema both pass', () => {
    const { status, output } = validateCli(
      '--host',
      'https://sync.contoso.test:8443',
      '--client-id',
      SAMPLE_OPTIONS.clientId,
    );
    expect(output).toMatch(/XML checks passed; unified JSON manifest valid/);
    expect(status).toBe(0);
  });

  it('when rendered, then every URL is on the host and SSO names the client id', () => {
    const xml = renderManifest(SAMPLE_OPTIONS);
    expect(xml).toContain(`<Resource>api://sync.example.com/${SAMPLE_OPTIONS.clientId}</Resource>`);
    expect(xml).toContain('<SourceLocation DefaultValue="https://sync.example.com/addin/taskpane.html"/>');
    expect(xml).not.toContain('{{');
  });

  it.each([
    ['http://sync.example.com', /must be https/],
    ['https://sync.example.com/addin', /must be an origin/],
    ['not a url', /is not a URL/],
  ])('when the host is %s, then generation refuses', (host, message) => {
    expect(() => renderManifest({ host, clientId: SAMPLE_OPTIONS.clientId })).toThrow(ManifestOptionError);
    expect(() => renderManifest({ host, clientId: SAMPLE_OPTIONS.clientId })).toThrow(message);
  });

  it('when rendered, then both appointment surfaces of VersionOverrides 1.1 support pinning, and 1.0 does not name it', () => {
    const xml = renderManifest(SAMPLE_OPTIONS);
    const v11 = xml.slice(xml.indexOf('VersionOverridesV1_1'));
    const v10 = xml.slice(0, xml.indexOf('VersionOverridesV1_1'));
    // SupportsPinning is a child of ShowTaskpane in the 1.1 schema only (MS-OWEMXML ShowTaskpane, Mailbox 1.5).
    expect(v11.match(/<SupportsPinning>true<\/SupportsPinning>/g)).toHaveLength(2);
    expect(v10).not.toContain('SupportsPinning');
  });

  it('when the client id is not a GUID, then generation refuses', () => {
    expect(() => renderManifest({ host: SAMPLE_OPTIONS.host, clientId: 'abc' })).toThrow(/not a GUID/);
  });
});

describe('XML checks', () => {
  const good = renderManifest(SAMPLE_OPTIONS);
  it.each<[string, (xml: string) => string, RegExp]>([
    [
      'elements out of order',
      (x) => x.replace(/(<Id>[^<]+<\/Id>)(\s*)(<Version>[^<]+<\/Version>)/, '$3$2$1'),
      /<Id> must come before <Version>/,
    ],
    [
      'an http URL',
      (x) =>
        x.replace(
          'https://sync.example.com/addin/assets/icon-64.png',
          'http://sync.example.com/addin/assets/icon-64.png',
        ),
      /is not https/,
    ],
    [
      'a URL on another host',
      (x) => x.replace('https://sync.example.com/addin/commands.html', 'https://cdn.example.net/commands.html'),
      /is not on https:\/\/sync\.example\.com/,
    ],
    [
      'a dangling resid',
      (x) => x.replace('resid="Taskpane.Url"', 'resid="Nope.Url"'),
      /resid="Nope.Url"> does not resolve in Urls/,
    ],
    [
      'a duplicate control id',
      (x) => x.replace('id="erpSync.attendee.open"', 'id="erpSync.organizer.open"'),
      /duplicate Control id erpSync.organizer.open/,
    ],
    [
      'a missing icon file',
      (x) => x.replaceAll('icon-32.png', 'icon-33.png'),
      /icon-33.png is not served by the add-in build/,
    ],
    ['an icon of the wrong size', (x) => x.replaceAll('icon-16.png', 'icon-64.png'), /declared 16 px but .* is 64 px/],
    [
      'a page the build does not emit',
      (x) => x.replaceAll('/addin/taskpane.html', '/addin/pane.html'),
      /pane.html is not served/,
    ],
    [
      'another permission',
      (x) => x.replace('>ReadWriteItem<', '>ReadWriteMailbox<'),
      /Permissions must be ReadWriteItem/,
    ],
    [
      'no attendee surface',
      (x) => x.replaceAll('AppointmentAttendeeCommandSurface', 'MessageReadCommandSurface'),
      /no AppointmentAttendeeCommandSurface/,
    ],
    [
      'a wrong SSO resource',
      (x) => x.replace('<Resource>api://sync.example.com/', '<Resource>api://other/'),
      /Resource must be api:\/\/sync.example.com\//,
    ],
    ['broken XML', (x) => x.replace('</ProviderName>', '</Provider>'), /not well-formed XML/],
    ['a bad add-in id', (x) => x.replace(/<Id>ca0635ee[^<]+<\/Id>/, '<Id>my-addin</Id>'), /Id must be a GUID/],
  ])('when the manifest has %s, then the check reports it', (_name, breakIt, message) => {
    const issues = checkXmlManifest(breakIt(good), CTX);
    expect(issues.join('\n')).toMatch(message);
  });
});

describe('unified JSON manifest', () => {
  it('when generated, then each surface appears once with the brand colour and its icons are shipped', async () => {
    const { jsonPath } = await writeManifests(SAMPLE_OPTIONS, join(dir, 'ok'));
    const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const contexts = json.extensions[0].ribbons.flatMap((r: { contexts: string[] }) => r.contexts);
    expect(contexts.sort()).toEqual(['meetingDetailsAttendee', 'meetingDetailsOrganizer']);
    expect(json.accentColor).toBe('#0F6CBD');
    expect(readFileSync(join(dir, 'ok', 'unified', json.icons.color))).toEqual(
      readFileSync(join(ASSETS_DIR, 'icon-128.png')),
    );
  });

  it('when a field breaks the schema, then the bundled-schema validation fails', async () => {
    const { jsonPath } = await writeManifests(SAMPLE_OPTIONS, join(dir, 'bad'));
    const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
    json.id = 'not-a-guid';
    writeFileSync(jsonPath, JSON.stringify(json));
    const { status, output } = validateCli('--json', jsonPath);
    expect(output).toMatch(/JSON: \/id /);
    expect(status).toBe(1);
  });
});

describe('icons', () => {
  it.each(ICON_SIZES)('the committed %i px icon is the generator output at that size', (size) => {
    const committed = readFileSync(join(ASSETS_DIR, `icon-${size}.png`));
    expect(committed.readUInt32BE(16)).toBe(size);
    expect(committed.readUInt32BE(20)).toBe(size);
    expect(committed.equals(renderIcon(size))).toBe(true);
  });
});
