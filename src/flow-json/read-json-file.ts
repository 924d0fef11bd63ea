import { readFileSync } from 'node:fs';

/** A file's parsed JSON, or why there is none, worded for a command-line user. */
export function readJsonFile(file: string): { json: unknown } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { error: `cannot read: ${(err as Error).message}` };
  }
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}` };
  }
}
