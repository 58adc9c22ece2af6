/**
 * Faults of the token endpoint set through the control API: the next N token requests answer 429 (Retry-After),
 * 500 or 503 with the identity platform's error body. Consumed in order.
 */
export interface TokenFault {
  status: 429 | 500 | 503;
  count: number;
  retryAfterSeconds?: number;
}

export class TokenFaults {
  private queue: TokenFault[] = [];

  add(fault: TokenFault): void {
    if (fault.count > 0) this.queue.push({ ...fault });
  }

  /** The fault for this request, if any (consumes one). */
  take(): TokenFault | null {
    const head = this.queue[0];
    if (!head) return null;
    head.count -= 1;
    if (head.count <= 0) this.queue.shift();
    return head;
  }

  pending(): TokenFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear(): void {
    this.queue = [];
  }
}
