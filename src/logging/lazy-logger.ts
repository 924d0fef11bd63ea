import type { Logger } from 'pino';

/**
 * A logger made on first use. Most requests never log beyond their access line, and a pino child
 * costs more than the rest of a request's own logic, so it is made only when something logs.
 */
export function lazyLogger(make: () => Logger): Logger {
  let made: Logger | undefined;
  return new Proxy({} as Logger, {
    get(_target, property) {
      made ??= make();
      const value: unknown = Reflect.get(made, property, made);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(made)
        : value;
    },
  });
}
