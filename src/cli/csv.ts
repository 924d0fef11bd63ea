/** What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number, such as an E.164 phone number (`+447700900123`): nothing it can run. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV cell (RFC 4180): quoted when it holds commas, quotes or line breaks. A cell a
 * spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`) is prefixed with a
 * single quote and quoted, as OWASP recommends, so that it opens as text. A plain signed number is
 * left as it is, so phone numbers keep their E.164 form.
 */
function csvCell(field: string): string {
  const formula = FORMULA_START.test(field) && !PLAIN_NUMBER.test(field);
  const text = formula ? `'${field}` : field;
  return text !== field || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, each cell made safe by `csvCell`. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvCell).join(',');
}
