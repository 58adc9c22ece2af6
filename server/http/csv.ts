/**
 * CSV as RFC 4180 writes it (comma, CRLF, double quotes doubled), for the admin exports. Objects and arrays are
 * written as JSON; a cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a
 * quote mark, as OWASP advises against CSV injection.
 */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  // Cast: an object read by key; a missing column reads as undefined.
  const value = (row: object, column: string) => (row as Record<string, unknown>)[column];
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => cell(value(row, c))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
