import { EndpointError } from './endpoint-error';

/** Thrown (or returned through `ctx.rejectToken`) when a flow token can no longer be used. */
export class FlowTokenInvalidError extends EndpointError {
  constructor(readonly userMessage?: string) {
    super('flow_token_invalid', 'flow token no longer valid');
    this.name = 'FlowTokenInvalidError';
  }
}
