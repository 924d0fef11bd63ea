import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, type FlowInfo } from './api';
import { isObject, type FlowDocument } from './flow-types';
import { Phone } from './phone';
import { SidePanel } from './side-panel';
import { useFlowSession } from './use-flow-session';

/** How often the page asks whether flow.json changed on disk. */
const RELOAD_POLL_MS = 1500;

function Playground({ name }: { name: string }) {
  const api = useMemo(() => createApi(name), [name]);
  const [info, setInfo] = useState<FlowInfo | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    api.flow().then(setInfo, (err: unknown) => setFailure(String(err)));
  }, [api]);
  useEffect(() => {
    if (!info) return undefined;
    const timer = setInterval(() => {
      api
        .revision()
        .then(({ revision }) => {
          if (revision !== info.revision) return api.flow().then(setInfo);
          return undefined;
        })
        .catch(() => undefined);
    }, RELOAD_POLL_MS);
    return () => clearInterval(timer);
  }, [api, info]);
  const flow =
    info && isObject(info.flowJson) && Array.isArray(info.flowJson.screens)
      ? (info.flowJson as unknown as FlowDocument)
      : undefined;
  const session = useFlowSession(api, flow);
  if (failure) return <p role="alert">{failure}</p>;
  if (!info) return <p role="status">Loading…</p>;
  return (
    <div class="layout">
      <nav class="top" aria-label="Playground">
        <a href="/playground">All flows</a>
      </nav>
      <main class="stage" key={info.revision}>
        {flow ? (
          <Phone flow={flow} session={session} api={api} />
        ) : (
          <p role="alert">This flow has no flow.json to render.</p>
        )}
      </main>
      <SidePanel info={info} log={session.log} steps={session.steps} />
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<Playground name={root.dataset.flow ?? ''} />, root);
