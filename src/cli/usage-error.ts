/**
 * A person's mistake on the command line (a flag, an argument, a file, a variable): printed as one
 * line naming what to fix, exit 2, never a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
