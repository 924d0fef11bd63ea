import { EndpointError } from './endpoint-error';

/** One field at fault: its path in the body and what is wrong, never the value given. */
export interface BodyIssue {
  path: string;
  message: string;
}

/** A 400 naming every field at fault, so that a script sending the body can fix all at once. */
export class InvalidBodyError extends EndpointError {
  constructor(readonly issues: readonly BodyIssue[]) {
    super(
      'bad_request',
      issues.map((issue) => `${issue.path || 'body'} ${issue.message}`).join('; ') ||
        'body is invalid',
    );
    this.name = 'InvalidBodyError';
  }

  override get body(): { error: 'bad_request'; message: string; issues: BodyIssue[] } {
    return { error: 'bad_request', message: this.message, issues: [...this.issues] };
  }
}
