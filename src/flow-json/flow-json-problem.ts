/**
 * Errors are what Meta's publisher or the device would reject; warnings are likely mistakes that
 * can be legitimate (the validator's user decides, `--strict` makes them fail).
 */
export type Severity = 'error' | 'warning';

/** One thing wrong with a Flow JSON document, where it is and what it is. */
export interface FlowJsonProblem {
  /** A JSON path such as `screens[1].layout.children[0]`, or `(root)`. */
  path: string;
  message: string;
  severity: Severity;
}

/** What a rule reports: an error unless it says otherwise. */
export type RuleProblem = Omit<FlowJsonProblem, 'severity'> & { severity?: Severity };

/** A problem with the place in the file it points at (1-based, as editors count). */
export interface LocatedProblem extends FlowJsonProblem {
  line: number;
  column: number;
}

export const warning = (path: string, message: string): RuleProblem => ({
  path,
  message,
  severity: 'warning',
});

/** `file:line:col: error|warning: message [path]`: clickable in editors and terminals. */
export function formatProblem(file: string, problem: LocatedProblem): string {
  const { line, column, severity, message, path } = problem;
  return `${file}:${line}:${column}: ${severity}: ${message} [${path}]`;
}
