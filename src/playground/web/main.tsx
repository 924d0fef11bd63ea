import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { readDeviceFlow } from '../../device/device-flow';
import type { FlowJson } from '../../flow-json/flow-json-schema';
import { createApi, type FlowInfo, type TenantChoice } from './api';
import { FlowJsonEditor } from './flow-json-editor';
import { Phone } from './phone';
import { SidePanel } from './side-panel';
import { useFlowSession } from './use-flow-session';

/** How often the page asks whether the served flow.json changed. */
const RELOAD_POLL_MS = 1500;

function parseFlow(info: FlowInfo | undefined): { flow?: FlowJson; problem?: string } {
  if (!info) return {};
  if (info.flowJson === null) return { problem: 'This flow has no flow.json to render.' };
  try {
    return { flow: readDeviceFlow(info.flowJson, `${info.name}/flow.json`).json };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

/** Partner mode: which business the phone answers as (shown when a tenant uses this flow). */
function TenantPicker(props: {
  tenants: TenantChoice[];
  value: string;
  onChange: (id: string) => void;
}) {
  if (props.tenants.length < 2) return null;
  return (
    <label class="tenant-picker">
      Tenant{' '}
      <select
        value={props.value}
        onChange={(event) => props.onChange((event.target as HTMLSelectElement).value)}
      >
        {props.tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.id === 'default' ? tenant.name : `${tenant.name} (${tenant.id})`}
          </option>
        ))}
      </select>
    </label>
  );
}

function Playground({ name }: { name: string }) {
  const [tenant, setTenant] = useState('default');
  const [tenants, setTenants] = useState<TenantChoice[]>([]);
  const api = useMemo(() => createApi(name, tenant), [name, tenant]);
  useEffect(() => {
    createApi(name)
      .tenants()
      .then(({ tenants: found }) => setTenants(found))
      .catch(() => undefined);
  }, [name]);
  const [info, setInfo] = useState<FlowInfo | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    api.flow().then(setInfo, (err: unknown) => setFailure(String(err)));
  }, [api]);
  // A new served flow.json (saved here, or edited on disk) reloads the page's flow.
  useEffect(() => {
    if (!info) return undefined;
    const timer = setInterval(() => {
      api
        .revision()
        .then(({ revision }) => (revision !== info.revision ? api.flow().then(setInfo) : undefined))
        .catch(() => undefined);
    }, RELOAD_POLL_MS);
    return () => clearInterval(timer);
  }, [api, info]);
  const { flow, problem } = useMemo(() => parseFlow(info), [info]);
  const session = useFlowSession(api, flow);
  if (failure) return <p role="alert">{failure}</p>;
  if (!info) return <p role="status">Loading…</p>;
  const reload = () => void api.flow().then(setInfo, (err: unknown) => setFailure(String(err)));
  return (
    <div class={`layout${info.editable ? ' layout-editing' : ''}`}>
      <nav class="top" aria-label="Playground">
        <a href="/playground">All flows</a>
        <TenantPicker tenants={tenants} value={tenant} onChange={setTenant} />
      </nav>
      {info.editable && <FlowJsonEditor text={info.text} api={api} onSaved={reload} />}
      <main class="stage">
        {flow ? (
          <Phone
            key={`${info.revision}:${tenant}`}
            flow={flow}
            message={info.message}
            session={session}
            api={api}
          />
        ) : (
          <p role="alert">{problem}</p>
        )}
      </main>
      <SidePanel info={info} log={session.log} steps={session.steps} />
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<Playground name={root.dataset.flow ?? ''} />, root);
