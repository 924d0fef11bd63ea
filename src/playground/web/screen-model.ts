import { INPUT_TYPES, type DeviceSession } from '../../device/screen-model/device-session';
import { flattenRendered, type RenderedComponent } from '../../device/screen-model/render-screen';
import type { Component } from './flow-types';

/** A rendered component as the page's components read it: resolved properties, actions as written. */
function asComponent(rendered: RenderedComponent): Component {
  return {
    ...rendered.props,
    ...rendered.actions,
    type: rendered.type,
    ...(rendered.name !== undefined && { name: rendered.name }),
  };
}

/** What the current screen shows, in order, Forms opened up (If and Switch already chosen). */
export function shownComponents(device: DeviceSession): Component[] {
  return flattenRendered(device.render())
    .filter((component) => component.type !== 'Form')
    .map(asComponent);
}

/** Per-field errors: the Form's `error-messages`, or a component's own `error-message`. */
export function fieldErrors(device: DeviceSession): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const component of flattenRendered(device.render())) {
    const messages = component.props['error-messages'];
    if (component.type === 'Form' && typeof messages === 'object' && messages !== null) {
      for (const [field, message] of Object.entries(messages)) {
        if (typeof message === 'string' && message !== '') errors[field] = message;
      }
    }
    const own = component.props['error-message'];
    if (component.name !== undefined && typeof own === 'string' && own !== '') {
      errors[component.name] = own;
    }
  }
  return errors;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;

/** The message the device shows under a text input whose value it does not accept, if any. */
export function inputProblem(component: Component, value: unknown): string | undefined {
  if (component.type !== 'TextInput' || typeof value !== 'string' || value === '') {
    return undefined;
  }
  const type = component['input-type'];
  if (type === 'email' && !EMAIL.test(value)) return 'Enter a valid email address';
  if (type === 'phone' && !PHONE.test(value)) return 'Enter a valid phone number';
  if (type === 'number' && !/^-?[0-9]+([.,][0-9]+)?$/.test(value)) return 'Enter a number';
  if (type === 'passcode' && !/^[0-9]+$/.test(value)) return 'Enter digits only';
  const min = Number(component['min-chars']);
  if (Number.isFinite(min) && min > 0 && value.length < min) {
    return `Enter at least ${min} characters`;
  }
  const pattern = component.pattern;
  if (typeof pattern === 'string' && pattern !== '') {
    try {
      if (!new RegExp(`^(?:${pattern})$`).test(value)) {
        return typeof component['helper-text'] === 'string'
          ? component['helper-text']
          : 'Invalid format';
      }
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const MINIMUM_KEY: Record<string, string> = {
  PhotoPicker: 'min-uploaded-photos',
  DocumentPicker: 'min-uploaded-documents',
};

/**
 * The Footer is enabled only when every shown, enabled, required input holds a value, each picker
 * has its minimum of files, and no input holds a value the device would refuse.
 */
export function canSubmit(device: DeviceSession, shown: readonly Component[]): boolean {
  if (device.missingRequired().length > 0) return false;
  const form = device.current?.form ?? {};
  return shown.every((component) => {
    if (!INPUT_TYPES.has(component.type) || typeof component.name !== 'string') return true;
    if (component.enabled === false) return true;
    const value = form[component.name];
    if (inputProblem(component, value) !== undefined) return false;
    const minimumKey = MINIMUM_KEY[component.type];
    const minimum = minimumKey ? Number(component[minimumKey] ?? 0) : 0;
    return minimum <= 0 || (Array.isArray(value) && value.length >= minimum);
  });
}
