/** One thing wrong with a Flow JSON document, where it is and what it is. */
export interface FlowJsonProblem {
  /** A JSON path such as `screens[1].layout.children[0]`, or `(root)`. */
  path: string;
  message: string;
}

/** `${file}: ${path}: ${message}`: one line, clickable in most terminals. */
export function formatProblem(file: string, problem: FlowJsonProblem): string {
  return `${file}: ${problem.path}: ${problem.message}`;
}
