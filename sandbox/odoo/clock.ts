/**
 * The emulator's controllable clock: real time shifted by an offset, or frozen at an instant. Odoo stamps
 * `write_date` with the transaction's start, so every request reads the clock once, when it starts.
 */
export class ControllableClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Freeze at `instant` (subsequent `advance` moves it) or, with `frozen: false`, run from it in real time. */
  set(instant: Date, frozen = true): void {
    if (frozen) {
      this.frozenAt = instant.getTime();
    } else {
      this.frozenAt = null;
      this.offsetMs = instant.getTime() - Date.now();
    }
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  state(): { now: string; frozen: boolean } {
    return { now: this.now().toISOString(), frozen: this.frozenAt !== null };
  }
}

/** Odoo's naive UTC datetime string: `2025-03-30 01:00:00`. */
export function odooDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
