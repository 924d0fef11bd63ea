import { useEffect, useRef } from 'preact/hooks';
import type { Api, FlowInfo } from './api';
import { CompletionBubble } from './completion-bubble';
import { RenderComponent } from './components/render-component';
import type { RenderContext } from './components/render-context';
import { display } from '../../flow-json/expression';
import { resolveValue } from '../../device/screen-model/resolve-value';
import type { FlowJson } from '../../flow-json/flow-json-schema';
import { FlowMessageBubble } from './flow-message-bubble';
import { canSubmit, fieldErrors, shownComponents } from './screen-model';
import type { useFlowSession } from './use-flow-session';

type Session = ReturnType<typeof useFlowSession>;

export function Phone({
  flow,
  message,
  session,
  api,
}: {
  flow: FlowJson;
  message: FlowInfo['message'];
  session: Session;
  api: Api;
}) {
  const { device, phase } = session;
  const current = device?.current;
  const screen = current ? device?.screen(current.id) : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [current?.id, phase.kind]);

  const title =
    phase.kind === 'open' && screen && device
      ? display(resolveValue(screen.title ?? '', device.lookup))
      : message.business;
  let body;
  let footer = null;
  if (phase.kind === 'closed') {
    body = <FlowMessageBubble flow={flow} interactive={message.interactive} session={session} />;
  } else if (phase.kind === 'completed') {
    body = (
      <CompletionBubble
        business={message.business}
        interactive={message.interactive}
        session={session}
      />
    );
  } else if (phase.kind === 'failed') {
    body = (
      <div class="wa-failed" role="alert">
        <p>{phase.message}</p>
      </div>
    );
  } else if (device && current) {
    const shown = shownComponents(device);
    const ctx: RenderContext = {
      form: current.form,
      errors: fieldErrors(device),
      setValue: session.setValue,
      run: session.run,
      uploadMedia: api.upload,
      busy: session.busy,
    };
    body = (
      <form class="wa-screen" aria-busy={session.busy} onSubmit={(event) => event.preventDefault()}>
        {shown.map((component) => (
          <RenderComponent component={component} ctx={ctx} />
        ))}
      </form>
    );
    const footerComponent = shown.find((component) => component.type === 'Footer');
    if (footerComponent) {
      const enabled =
        footerComponent.enabled !== false && canSubmit(device, shown) && !session.busy;
      const caption = (key: string) => display(footerComponent[key]);
      footer = (
        <div class="wa-footer">
          {(caption('left-caption') || caption('right-caption')) && (
            <div class="wa-captions">
              <span>{caption('left-caption')}</span>
              <span>{caption('right-caption')}</span>
            </div>
          )}
          {caption('center-caption') && (
            <div class="wa-captions wa-center">{caption('center-caption')}</div>
          )}
          <button
            type="button"
            class="wa-cta"
            disabled={!enabled}
            onClick={() => session.run(footerComponent['on-click-action'])}
          >
            {session.busy ? 'Sending…' : caption('label')}
          </button>
          <p class="wa-managed">Managed by the business. Learn more</p>
        </div>
      );
    }
  }
  const inFlow = phase.kind === 'open' || phase.kind === 'failed';
  const canGoBack = phase.kind === 'open' && (device?.stack.length ?? 0) > 1;
  return (
    <section class="phone" aria-label="WhatsApp preview">
      <header class="wa-titlebar">
        {inFlow ? (
          <button
            type="button"
            class="wa-back"
            aria-label={canGoBack ? 'Back' : 'Close'}
            disabled={session.busy}
            onClick={() => void session.back()}
          >
            {canGoBack ? '←' : '✕'}
          </button>
        ) : (
          <span class="wa-back" aria-hidden="true" />
        )}
        <h1 class="wa-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
      </header>
      <div class="wa-content">{body}</div>
      {footer}
      {session.snackbar && (
        <div class="wa-snackbar" role="alert">
          <span>{session.snackbar}</span>
          <button
            type="button"
            class="wa-link"
            aria-label="Dismiss message"
            onClick={session.dismissSnackbar}
          >
            OK
          </button>
        </div>
      )}
    </section>
  );
}
