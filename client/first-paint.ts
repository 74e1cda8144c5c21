// The other half of server/first-paint-route.ts. The server may send 总览's first screen inside the
// page, with the answers it was drawn from, and hide the app's root (html.pm-first-paint) until the
// app can show the same: the answers go into the query cache (no second round trip for them), and
// releaseFirstPaint() swaps the server's markup for the app's once the overview has drawn its first
// screen, or at once on any other outcome (another page, an error, a login).
import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../server/routers/_app';

const DATA_ID = 'pm-first-data';

interface FirstPaintData {
  input: { planId: string; period?: string };
  screen: unknown;
  plans: unknown;
}

export function seedFromFirstPaint(queryClient: QueryClient, trpc: TRPCOptionsProxy<AppRouter>) {
  const element = document.getElementById(DATA_ID);
  if (!element?.textContent) return;
  try {
    const data = JSON.parse(element.textContent) as FirstPaintData;
    // The keys are the ones the pages' queryOptions make for the same inputs.
    queryClient.setQueryData(trpc.firstScreen.get.queryKey(data.input), data.screen as never);
    queryClient.setQueryData(trpc.plan.list.queryKey(), data.plans as never);
  } catch {
    // A page without usable data just asks the server, as without a first paint.
  } finally {
    element.remove();
  }
}

export function firstPaintShown(): boolean {
  return document.documentElement.classList.contains('pm-first-paint');
}

/** The app's own page from now on: the server's first screen goes, the app's root shows. */
export function releaseFirstPaint() {
  if (!firstPaintShown()) return;
  document.getElementById('pm-first')?.remove();
  document.documentElement.classList.remove('pm-first-paint');
}
