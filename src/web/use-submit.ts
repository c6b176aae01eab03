import { useState } from 'react';

export interface Submit<A extends unknown[]> {
  /** Runs the action: clears the last error, is busy until it ends, and keeps its error to show. */
  run(...args: A): Promise<void>;
  /** What the last run failed with (an ApiError names the fields), for a ProblemAlert. */
  error: unknown;
  /** For the submit button's `loading`: a second click waits. */
  isBusy: boolean;
  /** Forgets the last error (a dialog opened again for something else). */
  reset(): void;
}

/**
 * A form's submit as every page writes it: the error of the last try cleared, busy while the
 * request runs, a failure kept for the form to show (never thrown), busy again false at the end.
 * The action does the request and whatever follows success (a message, closing, reloading).
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>): Submit<A> {
  const [error, setError] = useState<unknown>();
  const [isBusy, setBusy] = useState(false);
  const run = async (...args: A) => {
    setError(undefined);
    setBusy(true);
    try {
      await action(...args);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { run, error, isBusy, reset: () => setError(undefined) };
}
