/**
 * Helpers for the control API: zod validation that answers 400 with a JSON problem body, and async route
 * wrappers so a rejected promise reaches the error handler instead of being lost.
 */
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new ControlError(400, detail);
  }
  return result.data;
}

export function route(fn: (req: Request, res: Response) => Promise<unknown> | unknown) {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .then((body) => {
        if (!res.headersSent) res.json(body ?? { ok: true });
      })
      .catch(next);
  };
}

export function controlErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status =
    error instanceof ControlError
      ? error.status
      : typeof (error as { status?: unknown }).status === 'number'
        ? (error as { status: number }).status
        : 500;
  if (status >= 500)
    process.stderr.write(`[m365 emulator] control error: ${(error as Error).stack ?? String(error)}\n`);
  const detail = status >= 500 ? 'Unexpected error in the emulator control API.' : (error as Error).message;
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: titleFor(status), status, detail });
}

function titleFor(status: number): string {
  if (status === 404) return 'Not Found';
  if (status === 409) return 'Conflict';
  if (status >= 500) return 'Internal Server Error';
  return 'Bad Request';
}
