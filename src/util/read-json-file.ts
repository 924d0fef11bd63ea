import { readFileSync } from 'node:fs';

/** A file's text and parsed JSON, or why there is none, worded for a command-line user. */
export function readJsonFile(file: string): { json: unknown; text: string } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { error: `cannot read: ${(err as Error).message}` };
  }
  try {
    return { json: JSON.parse(text) as unknown, text };
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}` };
  }
}
