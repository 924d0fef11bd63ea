/** One check's result, printed as one line: `ok`, `FAIL` (with the fix) or `warn`. */
export interface DoctorLine {
  check: string;
  verdict: 'ok' | 'FAIL' | 'warn';
  detail: string;
  /** What to change, for a failure or a warning. */
  fix?: string;
}

export const ok = (check: string, detail: string): DoctorLine => ({ check, verdict: 'ok', detail });
export const fail = (check: string, detail: string, fix: string): DoctorLine => ({
  check,
  verdict: 'FAIL',
  detail,
  fix,
});
export const warn = (check: string, detail: string, fix?: string): DoctorLine => ({
  check,
  verdict: 'warn',
  detail,
  ...(fix !== undefined && { fix }),
});
