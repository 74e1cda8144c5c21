// Who is logged in (auth.me), for showing or hiding what a role may do. The server checks every
// request itself; this only shapes the UI.
import { useQuery } from '@tanstack/react-query';
import type { Role } from '../shared/roles';
import { useTRPC } from './trpc';

export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}

export function can(role: Role | undefined, ...allowed: Role[]): boolean {
  return role !== undefined && allowed.includes(role);
}

/** The server's message for a failed call (tRPC puts it on the error), or a fallback. */
export function errorMessage(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}
