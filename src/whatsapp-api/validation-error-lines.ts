import type { ValidationError } from './api-schemas';

/**
 * Meta's validation errors as `file:line:col: message`, the form editors and CI annotate; the
 * first pointer stands in when the error itself has no location.
 */
export function validationErrorLines(file: string, errors: readonly ValidationError[]): string[] {
  return errors.map((error) => {
    const pointer = error.pointers?.[0];
    const line = error.line_start ?? pointer?.line_start;
    const column = error.column_start ?? pointer?.column_start;
    const message = [
      error.message ?? error.error ?? 'validation error',
      error.error && error.message ? `(${error.error})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
    const path = pointer?.path ? ` at ${pointer.path}` : '';
    return `${where}: ${message}${path}`;
  });
}
