import { EndpointError } from './endpoint-error';

/** Thrown (or answered through `ctx.rejectToken`) when a flow token can no longer be used. */
export class FlowTokenInvalidError extends EndpointError {
  constructor(
    /** Shown to the user; the flow's message when absent. */
    readonly userMessage?: string,
    /** For the log only: expired, tampered, used… */
    readonly reason: string = 'refused by the handler',
  ) {
    super('flow_token_invalid', `flow token ${reason}`);
    this.name = 'FlowTokenInvalidError';
  }
}
