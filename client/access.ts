import { TRPCClientError } from '@trpc/client';

/** FORBIDDEN (403) or UNAUTHORIZED (401) from the server, or null for any other failure. */
export function accessRefusal(error: unknown): { status: 403 | 401; message: string } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const code = (error.data as { code?: string } | undefined)?.code;
  if (code === 'FORBIDDEN') return { status: 403, message: error.message };
  if (code === 'UNAUTHORIZED') return { status: 401, message: error.message };
  return null;
}
