import {
  formatGraphDateTime,
  ianaFromGraphZone,
  parseGraphDateTime,
  utcToWall,
  wallToUtc,
} from '../../server/outlook/time-zones';

const utc = (text: string): number => Date.parse(text);
const wall = (text: string): number => Date.parse(`${text}Z`);

describe('time zones', () => {
  it.each([
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['UTC', 'UTC'],
    ['Europe/Paris', 'Europe/Paris'],
    ['tzone://Microsoft/Custom', 'UTC'],
    ['Not A Zone', 'UTC'],
    ['', 'UTC'],
  ])('when Graph names the zone %j, then the IANA zone is %s', (name, iana) => {
    expect(ianaFromGraphZone(name)).toBe(iana);
  });

  it.each([
    // Berlin: CET +1 in winter, CEST +2 from 2025-03-30 01:00Z, back to CET at 2025-10-26 01:00Z.
    ['2025-03-30T00:59:00Z', 'Europe/Berlin', '2025-03-30T01:59:00'],
    ['2025-03-30T01:00:00Z', 'Europe/Berlin', '2025-03-30T03:00:00'],
    ['2025-10-26T00:30:00Z', 'Europe/Berlin', '2025-10-26T02:30:00'],
    ['2025-10-26T01:30:00Z', 'Europe/Berlin', '2025-10-26T02:30:00'],
    // New York: EST -5, EDT -4 from 2025-03-09 07:00Z, back at 2025-11-02 06:00Z.
    ['2025-03-09T06:59:00Z', 'America/New_York', '2025-03-09T01:59:00'],
    ['2025-03-09T07:00:00Z', 'America/New_York', '2025-03-09T03:00:00'],
    ['2025-11-02T05:30:00Z', 'America/New_York', '2025-11-02T01:30:00'],
  ])('when %s is read in %s, then the clock shows %s', (instant, zone, clock) => {
    expect(utcToWall(utc(instant), zone)).toBe(wall(clock));
  });

  it.each([
    ['2025-03-30T09:00:00', 'Europe/Berlin', '2025-03-30T07:00:00Z'],
    ['2025-03-29T09:00:00', 'Europe/Berlin', '2025-03-29T08:00:00Z'],
    // Skipped by spring-forward: resolves forward (02:30 -> 03:30 CEST).
    ['2025-03-30T02:30:00', 'Europe/Berlin', '2025-03-30T01:30:00Z'],
    // Repeated by fall-back: the first of the two instants.
    ['2025-10-26T02:30:00', 'Europe/Berlin', '2025-10-26T00:30:00Z'],
    ['2025-11-02T01:30:00', 'America/New_York', '2025-11-02T05:30:00Z'],
    ['2025-03-09T02:30:00', 'America/New_York', '2025-03-09T07:30:00Z'],
  ])('when the clock shows %s in %s, then the instant is %s', (clock, zone, instant) => {
    expect(wallToUtc(wall(clock), zone)).toBe(utc(instant));
  });

  it('when Graph sends seven fraction digits, then they parse and format back the same way', () => {
    const value = parseGraphDateTime('2017-04-15T11:00:00.1230000');
    expect(value).toBe(wall('2017-04-15T11:00:00.123'));
    expect(formatGraphDateTime(value!)).toBe('2017-04-15T11:00:00.1230000');
    expect(parseGraphDateTime('not a date')).toBeUndefined();
  });
});
