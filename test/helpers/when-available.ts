/** A test body, as `it` takes one. */
type TestBody = NonNullable<Parameters<jest.It>[1]>;

/** The mark a test's name carries when it did not run; the end-of-run list looks for it. */
export const NOT_RUN = 'not run: ';

/**
 * `it` when what the test needs is there (`missing` undefined). Otherwise, under CI (CI=true),
 * where every test must run, a test that fails saying what is missing; elsewhere (a laptop
 * without apt, say) a skip whose name says why, listed again at the end of `npm test`.
 */
export function itWhenAvailable(
  missing: string | undefined,
): (name: string, body: TestBody, timeoutMs?: number) => void {
  return (name, body, timeoutMs) => {
    if (missing === undefined) {
      it(name, body, timeoutMs);
    } else if (process.env.CI === 'true') {
      it(name, () => {
        throw new Error(`${missing} (CI runs every test: install it)`);
      });
    } else {
      it.skip(`${name} (${NOT_RUN}${missing})`, () => undefined);
    }
  };
}
