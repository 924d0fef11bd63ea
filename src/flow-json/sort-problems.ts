import { parsePath, type JsonPath } from '../util/json-path';
import type { FlowJsonProblem } from './flow-json-problem';

/**
 * Problems in the order their paths appear in the document, so the output reads top to bottom.
 * A path the document lacks (a missing key) sorts after its present siblings; ties keep rule order.
 */
export function sortProblems<P extends Pick<FlowJsonProblem, 'path'>>(
  problems: P[],
  document: unknown,
): P[] {
  const keyed = problems.map((problem) => ({ problem, path: parsePath(problem.path) }));
  keyed.sort((a, b) => comparePaths(a.path, b.path, document));
  return keyed.map(({ problem }) => problem);
}

function comparePaths(a: JsonPath, b: JsonPath, document: unknown): number {
  let node = document;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return rank(node, x) - rank(node, y);
    node = child(node, x);
  }
  return a.length - b.length;
}

function rank(node: unknown, segment: string | number): number {
  if (typeof segment === 'number') return segment;
  if (typeof node !== 'object' || node === null) return Number.MAX_SAFE_INTEGER;
  const index = Object.keys(node).indexOf(segment);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}

function child(node: unknown, segment: string | number): unknown {
  if (typeof node !== 'object' || node === null) return undefined;
  return (node as Record<string | number, unknown>)[segment];
}
