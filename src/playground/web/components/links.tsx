import { useMemo } from 'preact/hooks';
import { asAction, type Component } from '../flow-types';
import { inline } from './markdown';
import { fieldId, flag, text } from './props';
import type { RenderContext } from './render-context';

interface Props {
  component: Component;
  ctx: RenderContext;
}

export function OptIn({ component, ctx }: Props) {
  const id = useMemo(() => fieldId(component), [component]);
  const name = String(component.name);
  const checked = ctx.scope.form[name] === true;
  const required = flag(ctx, component, 'required', false);
  const readMore = asAction(component['on-click-action']);
  const error = ctx.errors[name];
  return (
    <div class="wa-optin">
      <input
        id={id}
        type="checkbox"
        name={name}
        checked={checked}
        required={required}
        disabled={ctx.busy}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          const on = (event.currentTarget as HTMLInputElement).checked;
          const action = on ? component['on-select-action'] : component['on-unselect-action'];
          ctx.setValue(name, on, [action]);
        }}
      />
      <label for={id}>
        {inline(text(ctx, component, 'label'))}
        {required ? '' : ' (optional)'}
      </label>
      {readMore && (
        <button type="button" class="wa-link" disabled={ctx.busy} onClick={() => ctx.run(readMore)}>
          Read more
        </button>
      )}
      {error && (
        <p class="wa-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function EmbeddedLink({ component, ctx }: Props) {
  return (
    <p class="wa-body">
      <button
        type="button"
        class="wa-link"
        disabled={ctx.busy}
        onClick={() => ctx.run(asAction(component['on-click-action']))}
      >
        {text(ctx, component, 'text')}
      </button>
    </p>
  );
}
