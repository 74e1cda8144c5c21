// The notices Plan Monitor sends (issue 23): what each event is called, who it is for, whether a
// user gets it without choosing (their subscription can change that), and the robot channel kinds.
// The server enqueues them (server/notices/), the settings pages list them.
import { z } from 'zod';
import type { Role } from './roles';

export const NOTICE_EVENTS = [
  'due',
  'overdue',
  'returned',
  'approverDigest',
  'laggingDigest',
  'briefingReady',
] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

export const NOTICE_EVENT_INFO: Readonly<
  Record<NoticeEvent, { zh: string; en: string; roles: readonly Role[]; byDefault: boolean; robot: boolean }>
> = {
  due: { zh: '报送即将到期', en: 'Reporting due soon', roles: ['statistician'], byDefault: true, robot: true },
  overdue: { zh: '报送已逾期', en: 'Reporting overdue', roles: ['statistician'], byDefault: true, robot: true },
  returned: { zh: '数据被退回', en: 'Figure returned', roles: ['statistician'], byDefault: true, robot: false },
  approverDigest: {
    zh: '待审核汇总（每日）',
    en: 'Waiting for approval (daily)',
    roles: ['approver', 'admin'],
    byDefault: true,
    robot: false,
  },
  // Leaders get it only when they subscribe.
  laggingDigest: {
    zh: '新增明显滞后（每日）',
    en: 'Newly behind (daily)',
    roles: ['leader', 'admin'],
    byDefault: false,
    robot: true,
  },
  briefingReady: {
    zh: '简报已生成',
    en: 'Briefing ready',
    roles: ['admin', 'leader', 'statistician', 'approver'],
    byDefault: true,
    robot: true,
  },
};

/** Days before the due date the "due soon" reminder goes out (the default; set per plan). */
export const DUE_SOON_DAYS = 3;
/** After the due date: the day after, then every this many days (the default; set per plan). */
export const OVERDUE_EVERY_DAYS = 7;

/** A plan's reminder schedule, as administrators set it on 通知设置. */
export const noticeScheduleSchema = z.object({
  dueSoonDays: z
    .number({ message: '请填写到期前提醒的天数' })
    .int('提醒天数须为整数')
    .min(0, '提醒天数不能小于 0（0 表示截止当天提醒）')
    .max(15, '提醒天数不能超过 15 天'),
  overdueEveryDays: z
    .number({ message: '请填写逾期后再次提醒的间隔天数' })
    .int('间隔天数须为整数')
    .min(1, '间隔天数至少为 1 天')
    .max(31, '间隔天数不能超过 31 天'),
});
export type NoticeSchedule = z.infer<typeof noticeScheduleSchema>;
export const DEFAULT_SCHEDULE: NoticeSchedule = { dueSoonDays: DUE_SOON_DAYS, overdueEveryDays: OVERDUE_EVERY_DAYS };

export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotKindName = (typeof ROBOT_KINDS)[number];

export const ROBOT_INFO: Readonly<Record<RobotKindName, { zh: string; host: string; secret: 'none' | 'optional' }>> = {
  wecom: { zh: '企业微信群机器人', host: 'qyapi.weixin.qq.com', secret: 'none' },
  dingtalk: { zh: '钉钉群机器人', host: 'oapi.dingtalk.com', secret: 'optional' },
  feishu: { zh: '飞书群机器人', host: 'open.feishu.cn', secret: 'optional' },
};

const webhookUrl = z
  .string()
  .trim()
  .min(1, '请填写 Webhook 地址')
  .max(1000, 'Webhook 地址过长')
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
    message: 'Webhook 地址无效：请粘贴机器人设置里以 https:// 开头的完整地址',
  });

/** A robot channel as an administrator enters it; `secret` undefined keeps the stored one. */
export const robotChannelSchema = z.object({
  kind: z.enum(ROBOT_KINDS, { error: '请选择机器人类型（企业微信、钉钉或飞书）' }),
  name: z.string().trim().min(1, '请填写名称').max(60, '名称最多 60 个字'),
  url: webhookUrl,
  secret: z.string().trim().max(200, '密钥过长').optional(),
  events: z
    .array(z.enum(NOTICE_EVENTS))
    .min(1, '请至少选择一种通知')
    .refine((events) => events.every((e) => NOTICE_EVENT_INFO[e].robot), { message: '该通知不发往群机器人' }),
  enabled: z.boolean(),
});

export const emailSchema = z
  .string()
  .trim()
  .max(200, '邮箱地址过长')
  .refine((v) => v === '' || z.email().safeParse(v).success, {
    message: '邮箱地址格式不正确，例如 wangli@example.com',
  });

/** A secret as a page may see it: the last four characters, never more. */
export function maskSecret(secret: string | null): string | null {
  if (secret === null || secret === '') return null;
  return `••••${secret.length > 8 ? secret.slice(-4) : ''}`;
}
