/**
 * The emulator's controllable clock: real time plus an offset the control API can move, so tests can expire
 * tokens and subscriptions without waiting. It never freezes time (timers in the emulator still run on real time).
 */
import type { Clock } from './contracts';

export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
