/**
 * pino's `isoTime` (`,"time":"<ISO 8601>"`), with the text up to the second worked out once a
 * second rather than by `toISOString()` for every line: a line a request makes it count.
 */
export function isoTime(): () => string {
  let second = Number.NaN;
  let prefix = '';
  return () => {
    const now = Date.now();
    const ms = now % 1000;
    if (now - ms !== second) {
      second = now - ms;
      prefix = `,"time":"${new Date(second).toISOString().slice(0, 20)}`;
    }
    return `${prefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
  };
}
