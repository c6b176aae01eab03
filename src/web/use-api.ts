import { useCallback, useEffect, useState } from 'react';
import { api, buildUrl } from './api.js';

type Query = Parameters<typeof buildUrl>[1];

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload(): void;
}

/** GETs a path (null skips) and keeps the last answer; a new path or query refetches. */
export function useApi<T>(path: string | null, query?: Query): ApiState<T> {
  const url = path ? buildUrl(path, query) : null;
  const [state, setState] = useState<{ url: string | null; data?: T; error?: unknown; isLoading: boolean }>({ url, isLoading: Boolean(url) });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!url) {
      setState({ url, isLoading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ url, data: previous.url === url ? previous.data : undefined, isLoading: true }));
    api<T>(url, { signal: controller.signal })
      .then((data) => setState({ url, data, isLoading: false }))
      .catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ url, error, isLoading: false });
      });
    return () => controller.abort();
  }, [url, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const isCurrent = state.url === url;
  return {
    data: isCurrent ? state.data : undefined,
    error: isCurrent ? state.error : undefined,
    isLoading: isCurrent ? state.isLoading : Boolean(url),
    reload,
  };
}
