/** A QueueLogger that keeps its lines so tests can assert what was reported. */
import type { QueueLogger } from '../../server/jobs/queue';

export interface LogLine {
  level: 'error' | 'warn';
  details: Record<string, unknown>;
  message: string;
}

export function createRecordingLogger(): QueueLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    error: (details, message) => void lines.push({ level: 'error', details, message }),
    warn: (details, message) => void lines.push({ level: 'warn', details, message }),
  };
}
