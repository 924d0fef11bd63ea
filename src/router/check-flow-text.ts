import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { LocatedProblem } from '../flow-json/flow-json-problem';
import { isRecord } from '../util/is-record';
import { locateProblems, textPositions } from '../flow-json/locate-problems';
import { errorsOf, validateFlowJson } from '../flow-json/validate-flow-json';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { flowJsonLabel, FlowJsonError, loadFlow, type LoadedFlow } from './load-flow';

/** A flow.json text judged for a flow: loaded when nothing stops it, its problems located either way. */
export type CheckedFlowText =
  | { ok: true; loaded: LoadedFlow; problems: LocatedProblem[] }
  | { ok: false; problems: LocatedProblem[] };

/** `CommaExpected` → `comma expected`. */
const words = (code: string) => code.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();

/**
 * Everything that would stop `text` from being served as `definition`'s flow.json, each problem at
 * its line and column: JSON syntax, then the validator's rules, then whether the handlers still
 * fit (a screen with a data_exchange action needs its handler). Warnings do not stop it.
 */
export function checkFlowText(definition: FlowDefinition, text: string): CheckedFlowText {
  const syntax: ParseError[] = [];
  const json: unknown = parse(text, syntax, { disallowComments: true, allowTrailingComma: false });
  if (syntax.length > 0) {
    const positionOf = textPositions(text);
    return {
      ok: false,
      problems: syntax.map((error) => ({
        path: '(root)',
        severity: 'error',
        message: `not valid JSON: ${words(printParseErrorCode(error.error))}`,
        ...positionOf(error.offset),
      })),
    };
  }
  const validated = validateFlowJson(json);
  const problems = locateProblems(text, validated);
  if (errorsOf(problems).length > 0) return { ok: false, problems };
  try {
    const loaded = loadFlow({ ...definition, flowJson: json }, { text, problems: validated });
    return { ok: true, loaded, problems };
  } catch (err) {
    if (!(err instanceof FlowJsonError)) throw err;
    const prefix = `${flowJsonLabel(definition.name)}: `;
    const screens = isRecord(json) && Array.isArray(json.screens) ? json.screens : [];
    // A screen the handlers do not fit is pointed at; a handler without a screen, at the top.
    const pathOf = (message: string) => {
      const id = /screen "([^"]+)"/.exec(message)?.[1];
      const index = screens.findIndex((screen) => isRecord(screen) && screen.id === id);
      return index >= 0 ? `screens[${index}]` : '(root)';
    };
    const unfit = err.problems.map((problem) => {
      const message = problem.startsWith(prefix) ? problem.slice(prefix.length) : problem;
      return { path: pathOf(message), severity: 'error' as const, message };
    });
    return { ok: false, problems: [...problems, ...locateProblems(text, unfit)] };
  }
}
