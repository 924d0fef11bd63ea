/** What a handler can answer; built with the helpers on the context, rendered by the framework. */
export type FlowAnswer =
  | { kind: 'screen'; screen: string; data: Record<string, unknown> }
  | { kind: 'complete'; params: Record<string, unknown> }
  | { kind: 'token_invalid'; message: string };

const DEFAULT_TOKEN_MESSAGE = 'This form is no longer available.';

export function nextScreen(screen: string, data: Record<string, unknown> = {}): FlowAnswer {
  return { kind: 'screen', screen, data };
}

/** The user stays on (or is sent to) `screen` and sees `message` in a snackbar. */
export function screenWithError(
  screen: string,
  message: string,
  data: Record<string, unknown> = {},
): FlowAnswer {
  return { kind: 'screen', screen, data: { ...data, error_message: message } };
}

export function completeFlow(params: Record<string, unknown> = {}): FlowAnswer {
  return { kind: 'complete', params };
}

export function rejectFlowToken(message: string = DEFAULT_TOKEN_MESSAGE): FlowAnswer {
  return { kind: 'token_invalid', message };
}
