import type { FlowAnswer } from '../flow-definition/answers';

export interface RenderedAnswer {
  status: 200 | 427;
  payload: Record<string, unknown>;
}

/** Turns a handler's answer into the JSON the client expects, before encryption. */
export function renderAnswer(answer: FlowAnswer, flowToken: string): RenderedAnswer {
  switch (answer.kind) {
    case 'screen':
      return { status: 200, payload: { screen: answer.screen, data: answer.data } };
    case 'complete':
      return {
        status: 200,
        payload: {
          screen: 'SUCCESS',
          data: {
            extension_message_response: { params: { ...answer.params, flow_token: flowToken } },
          },
        },
      };
    case 'token_invalid':
      // Meta's example endpoint seals the 427 body like any answer; the client then shows error_msg.
      return { status: 427, payload: { error_msg: answer.message } };
  }
}
