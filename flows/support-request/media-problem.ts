import type { MediaError } from 'flows-endpoint';

/** What the user reads in the snackbar when a picked file is refused. */
export function mediaProblem(err: MediaError): string {
  switch (err.check) {
    case 'size':
      return 'That file is too large. Please choose a smaller one.';
    case 'timeout':
    case 'download':
      return 'We could not fetch your file. Please try again.';
    default:
      return 'We could not verify that file. Please pick it again.';
  }
}
