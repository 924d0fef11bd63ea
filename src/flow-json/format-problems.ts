import { formatProblem, type LocatedProblem } from './flow-json-problem';

export const OUTPUT_FORMATS = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** GitHub's workflow commands take these escaped in the message and in property values. */
const escapeData = (text: string) =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * A file's problems as lines: `file:line:col: severity: message [path]` (text), or GitHub
 * Actions annotations (`::error file=…,line=…,col=…::…`) that show on the pull request.
 */
export function problemLines(
  file: string,
  problems: readonly LocatedProblem[],
  format: Exclude<OutputFormat, 'json'>,
): string[] {
  return problems.map((problem) =>
    format === 'text'
      ? formatProblem(file, problem)
      : `::${problem.severity} file=${escapeProperty(file)},line=${problem.line},col=${problem.column},title=${escapeProperty(problem.path)}::${escapeData(problem.message)}`,
  );
}
