// The four roles and how they are named. What each may do is enforced on the server
// (server/trpc.ts); the client only uses this to label things.
export const ROLES = ['admin', 'leader', 'statistician', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Readonly<Record<Role, { zh: string; en: string }>> = {
  admin: { zh: '管理员', en: 'Administrator' },
  leader: { zh: '领导', en: 'Leader' },
  statistician: { zh: '统计员', en: 'Statistician' },
  approver: { zh: '审核员', en: 'Approver' },
};

/** Roles whose rights are limited to the units assigned to the user. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['statistician', 'approver'];
