/**
 * The pane's item ids (REST ids, which change when an item moves) translated to Graph immutable ids, remembered
 * per mailbox so a status poll does not ask Graph each time. Bounded; the oldest entry goes first. In memory,
 * per process: a miss only costs one Graph read.
 */
export const MAX_TRANSLATIONS = 10_000;

export class IdTranslations {
  private readonly known = new Map<string, string>();

  constructor(private readonly max = MAX_TRANSLATIONS) {}

  get(mailboxId: string, paneId: string): string | undefined {
    return this.known.get(`${mailboxId}\n${paneId}`);
  }

  set(mailboxId: string, paneId: string, immutableId: string): void {
    const key = `${mailboxId}\n${paneId}`;
    this.known.delete(key);
    this.known.set(key, immutableId);
    if (this.known.size > this.max) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }
}
