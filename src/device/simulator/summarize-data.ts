import { isRecord } from '../../util/is-record';

const MAX_TEXT = 48;

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** A screen's data in one short line per field, as the simulator prints it. */
export function summarizeData(data: Record<string, unknown>): string[] {
  return Object.entries(data).map(([name, value]) => `${name}: ${summarize(value)}`);
}

function summarize(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(clip(value.replace(/\n/g, ' ')));
  if (Array.isArray(value)) {
    const titles = value.map((item) =>
      isRecord(item) && typeof item.title === 'string'
        ? `${item.title}${item.enabled === false ? ' (disabled)' : ''}`
        : JSON.stringify(item),
    );
    return `[${value.length}] ${clip(titles.join(', '))}`;
  }
  if (isRecord(value)) return clip(JSON.stringify(value));
  return String(value);
}
