import { distance } from 'fastest-levenshtein';

/**
 * ` (did you mean "CONFIRM"?)` when one of `known` is close to `name` (a letter or two wrong, or
 * only the case), else nothing: appended to a message that names something unknown.
 */
export function didYouMean(name: string, known: Iterable<string>): string {
  // About a third of the name's letters may be wrong (two swapped letters count two): "DETIALS"
  // and "lable" find "DETAILS" and "label", "PAYMENT" finds nothing.
  const allowed = Math.ceil(name.length / 3);
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of known) {
    if (candidate === name) continue;
    // A difference of case alone is the likeliest slip: it wins over any other.
    const cost =
      candidate.toLowerCase() === name.toLowerCase()
        ? 0.5
        : distance(candidate.toLowerCase(), name.toLowerCase()) + 0.75;
    if (cost <= allowed + 0.75 && (best === undefined || cost < best.cost)) {
      best = { candidate, cost };
    }
  }
  return best === undefined ? '' : ` (did you mean "${best.candidate}"?)`;
}
