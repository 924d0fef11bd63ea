import { useState } from 'preact/hooks';
import type { FlowInfo } from './api';
import type { LogEntry, Step } from './use-flow-session';

function Entry({ entry }: { entry: LogEntry }) {
  const failed =
    entry.failure !== undefined ||
    (entry.problems?.length ?? 0) > 0 ||
    (entry.status ?? 200) >= 400;
  return (
    <li class={`log-entry${failed ? ' log-failed' : ''}`}>
      <details>
        <summary>
          <span class="log-label">{entry.label}</span>
          {entry.status !== undefined && (
            <span class="log-status">{entry.status === 0 ? 'no answer' : entry.status}</span>
          )}
          {entry.ms !== undefined && <span class="log-ms">{entry.ms} ms</span>}
          <span class="log-at">{entry.at}</span>
        </summary>
        {entry.request !== undefined && (
          <>
            <h4>Request (decrypted)</h4>
            <pre>{JSON.stringify(entry.request, null, 2)}</pre>
          </>
        )}
        {entry.answer !== undefined && (
          <>
            <h4>Answer (opened)</h4>
            <pre>
              {typeof entry.answer === 'string'
                ? entry.answer
                : JSON.stringify(entry.answer, null, 2)}
            </pre>
          </>
        )}
        {entry.failure && <p class="log-problem">{entry.failure}</p>}
      </details>
      {entry.problems && entry.problems.length > 0 && (
        <ul class="log-problems" aria-label="The device refuses this answer">
          {entry.problems.map((problem) => (
            <li class="log-problem">
              {problem.screen}
              {problem.field ? `.${problem.field}` : ''}: {problem.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function SidePanel({
  info,
  log,
  steps,
}: {
  info: FlowInfo;
  log: LogEntry[];
  steps: Step[];
}) {
  const [copied, setCopied] = useState<string | undefined>();
  const stepsText = JSON.stringify(steps, null, 2);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(stepsText);
      setCopied('Copied.');
    } catch {
      setCopied('The browser refused the clipboard: select the text below.');
    }
  };
  return (
    <aside class="side-panel" aria-label="Requests and answers">
      <h2>{info.name}</h2>
      <p class="muted">
        Requests are sealed with this server's public key
        {info.signed ? ' and signed with its app secret' : ' (unsigned: APP_SECRET is not set)'} and
        sent to POST /flows/{info.name}.
      </p>
      <section aria-labelledby="problems-heading">
        <h3 id="problems-heading">Validator</h3>
        {info.problems.length + info.message.problems.length === 0 ? (
          <p class="muted">The served flow.json and the flow's message have no problems.</p>
        ) : (
          <ul class="log-problems">
            {info.problems.map((problem) => (
              <li class="log-problem">
                {problem.line}:{problem.column}: {problem.severity}: {problem.message} [
                {problem.path}]
              </li>
            ))}
            {info.message.problems.map((problem) => (
              <li class="log-problem">The flow's {problem}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="log-heading">
        <h3 id="log-heading">Requests</h3>
        {log.length === 0 ? (
          <p class="muted">Nothing sent yet.</p>
        ) : (
          <ol class="log">
            {log.map((entry) => (
              <Entry entry={entry} />
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="steps-heading">
        <h3 id="steps-heading">Steps</h3>
        <button type="button" onClick={() => void copy()} disabled={steps.length === 0}>
          Copy as steps
        </button>
        <span role="status" class="muted">
          {copied}
        </span>
        <details>
          <summary>The --steps file of flows simulate</summary>
          <pre class="steps">{stepsText}</pre>
        </details>
      </section>
    </aside>
  );
}
