/**
 * How answers are held to flow.json: `strict` turns a bad answer into a 500 (development: the
 * developer sees it first), `warn` logs it and sends it anyway (production: never worse than
 * without the check), `off` skips the check.
 */
export type ValidationMode = 'strict' | 'warn' | 'off';

export interface AnswerValidation {
  mode: ValidationMode;
  /** Called for every answer that does not match flow.json, whatever the mode. */
  onInvalidAnswer?: (flow: string, screen: string) => void;
}
