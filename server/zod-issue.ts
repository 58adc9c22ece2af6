/**
 * The first problem zod found, in words for an error message: the field's path (or `whole` when the value itself
 * is wrong) and zod's message. Never the value, which may be a secret. Each caller words and types its own error.
 */
import type { z } from 'zod';

export function firstIssue(error: z.ZodError, whole: string): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue?.path.length ? issue.path.join('.') : whole, message: issue?.message ?? 'invalid' };
}
