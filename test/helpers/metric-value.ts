import type { App } from '../../src/app/create-app';
import request from 'supertest';

/** The value of one sample of GET /metrics (0 when absent), e.g. `flows_requests_total{flow="x"}`. */
export async function metricValue(
  app: App,
  name: string,
  labels: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<number> {
  const res = await request(app).get('/metrics').set(headers);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of res.text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split('}')[0] ?? '';
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.split(' ').at(-1));
  }
  return 0;
}
