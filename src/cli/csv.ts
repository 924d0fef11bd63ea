/** What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds commas, quotes or line breaks. A cell a
 * spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+1`, `-1`) is prefixed with a
 * single quote and quoted, as OWASP recommends, so that it opens as text.
 */
export function csvCell(field: string): string {
  const text = FORMULA_START.test(field) ? `'${field}` : field;
  return text !== field || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, each cell made safe by `csvCell`. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvCell).join(',');
}
