import { TRPCError } from '@trpc/server';
import { LOGIN_REQUIRED, type Context } from '../trpc';

/**
 * Refuse unless the user may act on every unit listed: admins always; leaders only to read;
 * statisticians and approvers only on their own units. Call it with the units a request
 * touches as stored, never as the request claims them.
 */
export async function assertUnitScope(
  ctx: Pick<Context, 'db' | 'user'>,
  unitIds: number[],
  access: 'read' | 'write' = 'write',
): Promise<void> {
  const user = ctx.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_REQUIRED });
  if (user.role === 'admin' || (user.role === 'leader' && access === 'read')) return;
  if (user.role === 'leader') throw new TRPCError({ code: 'FORBIDDEN', message: '领导账号只能查看，不能修改' });
  const own = new Set(user.units.map((u) => u.id));
  const outside = [...new Set(unitIds)].filter((id) => !own.has(id));
  if (outside.length === 0) return;
  const named = await ctx.db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', outside).execute();
  const labels = outside.map((id) => named.find((u) => u.id === id)?.name ?? `#${id}`);
  throw new TRPCError({ code: 'FORBIDDEN', message: `无权操作${labels.join('、')}的数据` });
}
