import type { ComponentChildren } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  helper?: string;
  error?: string;
  large?: boolean;
  children: ComponentChildren;
}

/** Label above, helper text or error below, both tied to the input for screen readers. */
export function Field({ id, label, helper, error, large, children }: FieldProps) {
  return (
    <div class={`wa-field${error ? ' wa-field-error' : ''}`}>
      <label class={large ? 'wa-label wa-label-large' : 'wa-label'} for={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p class="wa-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : helper ? (
        <p class="wa-helper" id={`${id}-helper`}>
          {helper}
        </p>
      ) : null}
    </div>
  );
}

export const describedBy = (id: string, error?: string, helper?: string) =>
  error ? `${id}-error` : helper ? `${id}-helper` : undefined;
