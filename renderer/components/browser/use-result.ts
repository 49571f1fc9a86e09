/**
 * Reads something from the engine for as long as a view shows it: the answer of the latest call only
 * (an earlier call answering late is dropped), undefined while it runs.
 */
import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/ipc/result.ts';
import type { Loaded } from '../../store/browser-slice.ts';

/** The answer of `load` (memoize it: a new function reads again), or undefined until it comes. */
export function useResult<T>(load: (() => Promise<Result<T>>) | undefined): Loaded<T> | undefined {
  const [answer, setAnswer] = useState<{ load: () => Promise<Result<T>>; loaded: Loaded<T> }>();
  useEffect(() => {
    if (!load) return;
    let live = true;
    void load().then((result) => {
      if (live) setAnswer({ load, loaded: result.ok ? { value: result.value } : { error: result.error } });
    });
    return () => {
      live = false;
    };
  }, [load]);
  return answer && answer.load === load ? answer.loaded : undefined;
}
