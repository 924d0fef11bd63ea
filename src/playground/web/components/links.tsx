import type { Component } from '../flow-types';
import { inline } from './markdown';
import { fieldId, flag, text } from './props';
import type { RenderContext } from './render-context';

interface Props {
  component: Component;
  ctx: RenderContext;
}

export function OptIn({ component, ctx }: Props) {
  const id = fieldId(component);
  const name = String(component.name);
  const checked = ctx.form[name] === true;
  const required = flag(component, 'required', false);
  const readMore = component['on-click-action'];
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
        {inline(text(component, 'label'))}
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
        onClick={() => ctx.run(component['on-click-action'])}
      >
        {text(component, 'text')}
      </button>
    </p>
  );
}
