import type { ExchangeFault } from '../flow-exchange';

/**
 * Something a user would hit: an answer the device rejects, a 5xx, a screen with no way on, a
 * completion other than flow.json declares, or one the webhook did not take.
 */
export interface Finding {
  kind:
    | 'rejected-answer'
    | 'server-error'
    | 'no-answer'
    | 'dead-end'
    | 'token-refused'
    | 'bad-completion'
    | 'webhook-refused';
  journey: number;
  /** The request in the journey (1 = INIT) it happened at. */
  request: number;
  screen?: string;
  fault?: ExchangeFault;
  message: string;
}

/** The same finding seen in several journeys, counted once. */
export interface GroupedFinding extends Finding {
  count: number;
}

export function groupFindings(findings: readonly Finding[]): GroupedFinding[] {
  const groups = new Map<string, GroupedFinding>();
  for (const finding of findings) {
    const key = [finding.kind, finding.fault, finding.screen, finding.message].join('\u0000');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { ...finding, count: 1 });
  }
  return [...groups.values()];
}
