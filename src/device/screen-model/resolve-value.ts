import { display, evaluateExpression, ExpressionError } from '../../flow-json/expression';
import { parseReference, type ReferenceLookup } from '../../flow-json/reference';

const WHOLE_REFERENCE = /^\$\{([^}]+)\}$/;
const ANY_REFERENCE = /\$\{([^}]+)\}/g;
const BACKTICKS = /^`([\s\S]*)`$/;

/**
 * A property as the device sees it: a whole `${…}` gives the referenced value with its type,
 * text around references gives text, a backtick expression is evaluated; objects and arrays (an
 * action's payload) are resolved value by value. Other values are as written.
 */
export function resolveValue(value: unknown, lookup: ReferenceLookup): unknown {
  if (typeof value === 'string') return resolveString(value, lookup);
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, lookup));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveValue(item, lookup)]),
    );
  }
  return value;
}

function resolveString(text: string, lookup: ReferenceLookup): unknown {
  const expression = BACKTICKS.exec(text)?.[1];
  if (expression !== undefined) {
    // Meta refuses a malformed expression at publish time; shown as written, it is easy to spot.
    try {
      return evaluateExpression(expression, lookup);
    } catch (err) {
      if (err instanceof ExpressionError) return text;
      throw err;
    }
  }
  const whole = WHOLE_REFERENCE.exec(text)?.[1];
  if (whole !== undefined) {
    const reference = parseReference(whole);
    return reference ? lookup(reference) : text;
  }
  if (!text.includes('${')) return text;
  return text.replace(ANY_REFERENCE, (written, inner: string) => {
    const reference = parseReference(inner);
    return reference ? display(lookup(reference)) : written;
  });
}
