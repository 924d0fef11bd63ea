/**
 * The cells of a CSV text (RFC 4180) as a spreadsheet imports them: quoted cells unquoted, `""`
 * read as `"`, line breaks inside quotes kept.
 */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += char;
  }
  rows.push([...row, cell]);
  return rows;
}

/** What a spreadsheet would run as a formula rather than show as text or a plain number. */
export const FORMULA_START = /^(?![+-]?\d+(\.\d+)?$)[=+\-@\t\r]/;
