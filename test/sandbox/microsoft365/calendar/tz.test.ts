/** Time-zone helpers: Windows/IANA resolution and wall time <-> UTC around DST gaps and overlaps. */
import {
  formatWall,
  parseWall,
  resolveIana,
  utcToWall,
  wallToUtc,
  windowsName,
} from '../../../../sandbox/microsoft365/calendar/tz';

const wall = (text: string) => parseWall(text)!;
const iso = (ms: number) => new Date(ms).toISOString();

describe('time zones', () => {
  it('when names are Windows, IANA, UTC or unknown, then they resolve (or not) as Graph accepts them', () => {
    expect(resolveIana('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(resolveIana('Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveIana('UTC')).toBe('UTC');
    expect(resolveIana('Mars/Olympus')).toBeUndefined();
    expect(windowsName('America/New_York')).toBe('Eastern Standard Time');
    expect(windowsName('Tokyo Standard Time')).toBe('Tokyo Standard Time');
  });

  it('when a wall time falls in the spring-forward gap, then it resolves forward; in the autumn overlap, to the first instant', () => {
    expect(iso(wallToUtc(wall('2024-03-31T02:30:00'), 'Europe/Berlin'))).toBe('2024-03-31T01:30:00.000Z');
    expect(iso(wallToUtc(wall('2024-10-27T02:30:00'), 'Europe/Berlin'))).toBe('2024-10-27T00:30:00.000Z');
    expect(iso(wallToUtc(wall('2024-07-01T09:00:00'), 'America/Los_Angeles'))).toBe('2024-07-01T16:00:00.000Z');
  });

  it('when a UTC instant is shown in a zone, then the seven-digit Graph form comes out', () => {
    expect(formatWall(utcToWall(Date.parse('2024-01-15T08:00:00Z'), 'Asia/Kolkata'))).toBe(
      '2024-01-15T13:30:00.0000000',
    );
    expect(parseWall('2017-04-15T11:00:00.1234567')).toBe(Date.parse('2017-04-15T11:00:00.123Z'));
    expect(parseWall('not a date')).toBeUndefined();
  });
});
