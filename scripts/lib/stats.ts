/** The value below which `p` (0–1) of the sorted values fall. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

export const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

export function latencySummary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return [0.5, 0.9, 0.99]
    .map((p) => `p${Math.round(p * 100)} ${ms(percentile(sorted, p))}`)
    .concat(`max ${ms(sorted[sorted.length - 1] ?? 0)}`)
    .join(', ');
}
