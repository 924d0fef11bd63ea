import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { ErrorNotification } from '../flow-definition/define-flow';

/**
 * The device reports that our previous answer was invalid by sending `data.error` (the docs'
 * sample) or `data.error_key` (the docs' table) under any action; it must be acknowledged,
 * not routed.
 */
export function findErrorNotification(request: FlowActionRequest): ErrorNotification | undefined {
  const { error, error_key: errorKeyField, error_message: errorMessage } = request.data;
  const errorKey = typeof error === 'string' ? error : errorKeyField;
  if (typeof errorKey !== 'string') return undefined;
  return {
    flowToken: request.flow_token,
    action: request.action,
    screen: request.screen,
    errorKey,
    errorMessage: typeof errorMessage === 'string' ? errorMessage : undefined,
  };
}
