// View state that belongs in the address bar (so a link reproduces the view): read once from
// the URL, written back with replaceState on change.
import { useCallback, useSyncExternalStore } from 'react';

const subscribe = (notify: () => void) => {
  window.addEventListener('popstate', notify);
  window.addEventListener('urlstatechange', notify);
  return () => {
    window.removeEventListener('popstate', notify);
    window.removeEventListener('urlstatechange', notify);
  };
};

export function useUrlParam(name: string): [string | null, (value: string | null) => void] {
  const value = useSyncExternalStore(subscribe, () => new URLSearchParams(window.location.search).get(name));
  const set = useCallback(
    (next: string | null) => {
      const url = new URL(window.location.href);
      if (next === null) url.searchParams.delete(name);
      else url.searchParams.set(name, next);
      window.history.replaceState(null, '', url);
      window.dispatchEvent(new Event('urlstatechange'));
    },
    [name],
  );
  return [value, set];
}
