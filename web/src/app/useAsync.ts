import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

/**
 * Runs `load` when `deps` change; an answer that arrives after a newer request is dropped.
 * `initial`: an answer the page already has (the server rendered the page with it and sent it
 * along, app/page-data.ts): the first render shows it and the first load is skipped.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList, initial?: T): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(initial === undefined);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const skipFirst = useRef(initial !== undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    load().then(
      (value) => {
        if (mine !== seq.current) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
