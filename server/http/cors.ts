/**
 * CORS for the add-in API: only the add-in's own origin (PUBLIC_URL, where the task pane is served) may call it
 * from a browser; other origins get no CORS headers, so browsers refuse them. It authenticates nothing.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';

export function addinCors(publicUrl: string): RequestHandler {
  const origin = new URL(publicUrl).origin;
  return cors({
    origin: [origin],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
    // The pane reads these: the claims challenge, throttling and the request id it shows on errors.
    exposedHeaders: ['www-authenticate', 'retry-after', 'x-request-id'],
    credentials: false,
    maxAge: 600,
  });
}
