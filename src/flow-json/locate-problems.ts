import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { FlowJsonProblem, LocatedProblem } from './flow-json-problem';
import { parsePath } from '../util/json-path';

/**
 * Gives each problem the line and column of its path in the text the document was parsed from:
 * a property's key, an array item's start, or (for a key the document lacks) the nearest
 * enclosing value that exists.
 */
export function locateProblems(
  text: string,
  problems: readonly FlowJsonProblem[],
): LocatedProblem[] {
  const tree = parseTree(text);
  const positionOf = textPositions(text);
  return problems.map((problem) => ({
    ...problem,
    ...positionOf(tree ? offsetOf(tree, [...parsePath(problem.path)]) : 0),
  }));
}

/** Where an offset of `text` is, as editors count (1-based line and column). */
export function textPositions(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let line = 0;
    for (let lo = 0, hi = lineStarts.length - 1; lo <= hi;) {
      const mid = (lo + hi) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) {
        line = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return { line: line + 1, column: offset - (lineStarts[line] ?? 0) + 1 };
  };
}

function offsetOf(tree: Node, path: (string | number)[]): number {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length));
    if (!node) continue;
    // A value under a key points at its key, where the reader looks for it.
    return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return tree.offset;
}
