import { useState } from 'preact/hooks';
import { isRecord } from '../../util/is-record';
import type { FlowJson } from '../../flow-json/flow-json-schema';
import type { OpenMode, useFlowSession } from './use-flow-session';

const textOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.text === 'string' ? value.text : undefined;

/** The texts of an interactive Flow message, as `flows send` builds it. */
export function messageTexts(interactive: unknown) {
  const message = isRecord(interactive) ? interactive : {};
  const parameters =
    isRecord(message.action) && isRecord(message.action.parameters)
      ? message.action.parameters
      : {};
  return {
    header: textOf(message.header),
    body: textOf(message.body) ?? '',
    footer: textOf(message.footer),
    cta: typeof parameters.flow_cta === 'string' ? parameters.flow_cta : 'Open',
  };
}

/** The chat before the flow opens: the flow's own message, its button opening the flow. */
export function FlowMessageBubble({
  flow,
  interactive,
  session,
}: {
  flow: FlowJson;
  interactive: unknown;
  session: ReturnType<typeof useFlowSession>;
}) {
  const [mode, setMode] = useState<OpenMode>(flow.data_api_version ? 'data_exchange' : 'navigate');
  const { header, body, footer, cta } = messageTexts(interactive);
  return (
    <div class="wa-chat">
      <div class="wa-bubble wa-message">
        {header && <p class="wa-message-header">{header}</p>}
        <p class="wa-message-body">{body}</p>
        {footer && <p class="wa-message-footer">{footer}</p>}
        <button
          type="button"
          class="wa-message-cta"
          disabled={session.busy}
          onClick={() => void session.open(mode)}
        >
          {cta}
        </button>
      </div>
      <fieldset class="wa-mode">
        <legend>Playground: the button opens the flow with</legend>
        <label>
          <input
            type="radio"
            name="open-mode"
            checked={mode === 'data_exchange'}
            disabled={!flow.data_api_version}
            onChange={() => setMode('data_exchange')}
          />
          data_exchange (INIT to the endpoint)
        </label>
        <label>
          <input
            type="radio"
            name="open-mode"
            checked={mode === 'navigate'}
            onChange={() => setMode('navigate')}
          />
          navigate (first screen, example data)
        </label>
      </fieldset>
    </div>
  );
}
