/**
 * Flow JSON versions Meta documents (2.1 to 7.3) and the Data API versions. Versions compare as
 * numbers: 7.3 > 7.10 never happens, Meta's minors stay single digits.
 */
export const FLOW_JSON_VERSIONS = [
  '2.1',
  '3.0',
  '3.1',
  '4.0',
  '5.0',
  '5.1',
  '6.0',
  '6.1',
  '6.2',
  '6.3',
  '7.0',
  '7.1',
  '7.2',
  '7.3',
] as const;
/** New Flows can be published only from 5.1 on; older ones can still be sent. */
export const PUBLISHABLE_FROM = 5.1;
export const DATA_API_VERSIONS = ['3.0', '4.0'] as const;

const LATEST = 7.3;

/** `"6.2"` → 6.2; anything unreadable counts as the latest, so that no version rule guesses. */
export function versionNumber(version: unknown): number {
  if (typeof version !== 'string' || !/^\d+\.\d$/.test(version)) return LATEST;
  return Number(version);
}
