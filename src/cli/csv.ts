/** One CSV line (RFC 4180): fields with commas, quotes or line breaks are quoted. */
export function csvLine(fields: readonly string[]): string {
  return fields
    .map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field))
    .join(',');
}
