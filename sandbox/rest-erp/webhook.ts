/**
 * The reference ERP's optional outbound webhook: after a change commits, a signed POST
 * (`ERP-Signature: t=..,n=..,v1=..`: timestamp, a fresh nonce, HMAC-SHA256 of "t.n.body") to the configured URL.
 * Deliveries are recorded, never silently lost.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { WireWebhookNotification } from './contract-types';

export interface WebhookDelivery {
  url: string;
  notification: WireWebhookNotification;
  status?: number;
  error?: string;
}

export class WebhookSender {
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    public url: string | null,
    public secret: string,
  ) {}

  notify(ownerId: string, appointmentId: string): void {
    const url = this.url;
    if (!url) return;
    const occurredAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const notification: WireWebhookNotification = { type: 'appointments.changed', ownerId, appointmentId, occurredAt };
    const body = JSON.stringify(notification);
    const t = Math.floor(Date.now() / 1000);
    const nonce = randomBytes(16).toString('base64url');
    const mac = createHmac('sha256', this.secret).update(`${t}.${nonce}.${body}`).digest('hex');
    const signature = `t=${t},n=${nonce},v1=${mac}`;
    const delivery: WebhookDelivery = { url, notification };
    this.deliveries.push(delivery);
    const sending = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'erp-signature': signature },
      body,
    })
      .then(async (response) => {
        delivery.status = response.status;
        await response.arrayBuffer();
      })
      .catch((error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Resolves once every delivery started so far has answered or failed. */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  list(): WebhookDelivery[] {
    return this.deliveries.map((d) => ({ ...d }));
  }

  clear(): void {
    this.deliveries.length = 0;
  }
}
