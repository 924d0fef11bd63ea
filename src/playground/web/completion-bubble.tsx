import { isRecord } from '../../util/is-record';
import { messageTexts } from './flow-message-bubble';
import type { useFlowSession } from './use-flow-session';

/** A flow token shortened: it opens the flow until it completes, and is never needed whole here. */
export const shortToken = (token: unknown): unknown =>
  typeof token === 'string' && token.length > 8 ? `${token.slice(0, 8)}…` : token;

/** `purchase_rating` → `Purchase rating`, `firstName` → `First name`. */
function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.every((item) => isRecord(item) && typeof item.file_name === 'string')) {
      return value.map((item) => String((item as { file_name: string }).file_name)).join(', ');
    }
    if (value.every((item) => !isRecord(item) && !Array.isArray(item))) return value.join(', ');
  }
  return JSON.stringify(value);
}

/**
 * The customer's reply as WhatsApp shows it once the flow completes: a bubble quoting the flow's
 * message, with the answers one per line; the response JSON a click away, its token shortened.
 */
export function CompletionBubble({
  business,
  interactive,
  session,
}: {
  business: string;
  interactive: unknown;
  session: ReturnType<typeof useFlowSession>;
}) {
  if (session.phase.kind !== 'completed') return null;
  const { response, delivery } = session.phase;
  const shown = {
    ...response,
    ...('flow_token' in response && { flow_token: shortToken(response.flow_token) }),
  };
  const answers = Object.entries(response).filter(([key]) => key !== 'flow_token');
  return (
    <div class="wa-chat" role="status">
      <div class="wa-bubble wa-bubble-out wa-reply">
        <blockquote class="wa-quote">
          <span class="wa-quote-from">{business}</span>
          <span class="wa-quote-text">{messageTexts(interactive).body}</span>
        </blockquote>
        <p class="wa-done">✓ Response sent</p>
        {answers.length > 0 && (
          <ul class="wa-answers" aria-label="Answers">
            {answers.map(([key, value]) => (
              <li>
                <span class="wa-answer-label">{labelOf(key)}:</span> {valueText(value)}
              </li>
            ))}
          </ul>
        )}
        <details class="wa-response">
          <summary>View response JSON</summary>
          <pre class="wa-json">{JSON.stringify(shown, null, 2)}</pre>
        </details>
      </div>
      {delivery && <p class="wa-caption wa-center">{delivery}</p>}
      <button type="button" class="wa-link" onClick={session.close}>
        Back to the message
      </button>
    </div>
  );
}
