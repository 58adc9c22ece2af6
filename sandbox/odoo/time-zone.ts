/**
 * Wall-clock <-> UTC conversion in an IANA zone with Intl only (no zone database of our own), for expanding
 * recurrences the way Odoo does: in the event's zone, so 09:00 stays 09:00 across DST.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall time of `instant` in `zone`, as a Date whose UTC fields hold that wall time ("floating"). */
export function toFloating(instant: Date, zone: string): Date {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return new Date(
    Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ),
  );
}

/** The instant whose wall time in `zone` is `floating` (the later one in a DST gap, the first in an overlap). */
export function fromFloating(floating: Date, zone: string): Date {
  let guess = new Date(floating.getTime());
  for (let i = 0; i < 3; i++) {
    const offset = toFloating(guess, zone).getTime() - guess.getTime();
    guess = new Date(floating.getTime() - offset);
  }
  return guess;
}
