import { EndpointError } from '../errors/endpoint-error';
import { FlowTokenInvalidError } from '../errors/flow-token-invalid-error';
import type { RequestContext } from '../logging/request-context';
import type { FlowActionRequest, FlowRequest } from '../protocol/parse-flow-request';
import { createSession } from '../sessions/create-session';
import { recordCompletion } from '../tokens/completion-record';
import { DEFAULT_TOKEN_TTL_SECONDS } from '../tokens/issue-flow-token';
import { requestHash } from '../tokens/request-hash';
import { admitToken, checkToken, type Admission } from './admit-token';
import { completeFlow, rejectFlowToken, type FlowAnswer } from '../flow-definition/answers';
import { canSend } from './can-send';
import { checkHandlerAnswer } from './check-handler-answer';
import { createContext } from './create-context';
import { findErrorNotification } from './find-error-notification';
import { findHandler } from './find-handler';
import type { FlowRuntime } from './flow-runtime';
import type { LoadedFlow } from './load-flow';
import { parseExchangeData } from './parse-exchange-data';
import { tenantContextOf } from './tenant-context-of';
import { renderAnswer, type RenderedAnswer } from './render-answer';

const PING_ANSWER: RenderedAnswer = { status: 200, payload: { data: { status: 'active' } } };
const ACKNOWLEDGED: RenderedAnswer = { status: 200, payload: { data: { acknowledged: true } } };

/** Protocol chores first (ping, error notifications, the token), then the flow's handler. */
export async function dispatch(
  flow: LoadedFlow,
  request: FlowRequest,
  runtime: FlowRuntime,
  context: RequestContext,
): Promise<RenderedAnswer> {
  if (request.action === 'ping') return PING_ANSWER;
  const { definition } = flow;

  const notification = findErrorNotification(request);
  if (notification && runtime.signaturesOff) {
    // Nothing vouches for the sender but the token: an unsigned notification needs a valid one.
    try {
      await checkToken(definition, request, runtime);
    } catch (err) {
      if (!(err instanceof FlowTokenInvalidError)) throw err;
      context.log.info({ tokenRefused: err.reason }, 'flow token refused');
      return renderAnswer(rejectFlowToken(definition.tokenInvalidMessage), request.flow_token);
    }
  }
  if (notification) {
    context.log.warn(
      { errorKey: notification.errorKey, screen: notification.screen },
      'device reported an invalid answer',
    );
    runtime.observer.errorNotification(definition.name, notification.errorKey);
    try {
      await definition.onErrorNotification?.(notification, context.log);
    } catch (err) {
      context.log.error({ err }, 'onErrorNotification hook failed');
    }
    return ACKNOWLEDGED;
  }

  try {
    const admission = await admitToken(definition, request, runtime, context);
    if (admission.replay) {
      return renderAnswer(completeFlow(admission.replay), request.flow_token);
    }
    return await answerWithHandler(flow, request, admission, runtime, context);
  } catch (err) {
    if (!(err instanceof FlowTokenInvalidError)) throw err;
    context.log.info({ tokenRefused: err.reason }, 'flow token refused');
    const message = err.userMessage ?? definition.tokenInvalidMessage;
    return renderAnswer(rejectFlowToken(message), request.flow_token);
  }
}

async function answerWithHandler(
  flow: LoadedFlow,
  request: FlowActionRequest,
  admission: Admission,
  runtime: FlowRuntime,
  context: RequestContext,
): Promise<RenderedAnswer> {
  const { definition } = flow;
  const handler = findHandler(definition, request);
  if (!handler) {
    const where = `${request.action} from screen ${request.screen ?? '(none)'}`;
    if (!canSend(flow, request)) {
      throw new EndpointError('bad_request', `flow ${definition.name} sends no ${where}`);
    }
    runtime.observer.handlerError(definition.name);
    throw new EndpointError(
      'internal',
      `no ${request.action} handler for screen ${request.screen ?? '(none)'} of flow ${definition.name}`,
    );
  }

  const session = createSession(runtime.store, admission.key, runtime.sessionTtlSeconds, context);
  const input = parseExchangeData(
    request,
    request.screen ? flow.inputs.get(request.screen) : undefined,
  );
  let answer: FlowAnswer;
  if (!input.ok) {
    context.log.info('input did not match the screen schema; user asked to correct it');
    answer = input.answer;
  } else {
    try {
      answer = await handler(
        createContext(definition, request, {
          data: input.data,
          subject: admission.subject,
          session,
          context,
          media: runtime.media,
          tenant: tenantContextOf(definition, runtime.tenant, context),
          store: runtime.store,
        }),
      );
    } catch (err) {
      // Token refusals and store outages keep their own status; anything else is the handler's bug.
      if (err instanceof EndpointError) throw err;
      runtime.observer.handlerError(definition.name);
      context.log.error({ err }, 'handler failed');
      throw new EndpointError('internal', 'handler failed', { cause: err });
    }
  }
  checkHandlerAnswer(answer, request, flow.contract, runtime.validation, definition.name, context);

  const rendered = renderAnswer(answer, request.flow_token);
  if (answer.kind === 'complete') {
    if (admission.singleUse) {
      const now = runtime.now().getTime();
      const ttl = admission.expiresAt
        ? Math.max(1, Math.ceil((admission.expiresAt.getTime() - now) / 1000))
        : DEFAULT_TOKEN_TTL_SECONDS;
      await recordCompletion(
        runtime.store,
        admission.key,
        {
          requestHash: requestHash(request.action, request.screen, request.data),
          // The token is not stored: a resend brings it and the answer is rendered again.
          params: answer.params,
        },
        ttl,
      );
    }
    await session.clear();
  }
  return rendered;
}
