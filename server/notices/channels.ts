// How one notice travels: e-mail over SMTP (nodemailer), or a group robot's webhook in the message
// format and signature each platform documents (企业微信 markdown; 钉钉 markdown with the signed
// timestamp in the URL; 飞书 text with timestamp and sign in the body). A failure throws a
// DeliveryError whose message is safe to store and show: it never holds a secret or a webhook URL.
import { createHmac } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { redactUrl } from '../db/postgres-url';
import type { RobotKind } from '../db/schema';

export class DeliveryError extends Error {}

export interface Message {
  key: string;
  subject: string;
  body: string;
  /** An absolute link into the app, or null. */
  link: string | null;
}

export interface MailSettings {
  smtpUrl: string;
  from: string;
}

/** 钉钉: HmacSHA256 over `timestamp + "\n" + secret` keyed by the secret, Base64 (URL-encode it yourself). */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** 飞书: HmacSHA256 keyed by `timestamp + "\n" + secret` over an empty message, Base64. */
export function feishuSign(timestampS: number, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('', 'utf8').digest('base64');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function mailParts(m: Message): { text: string; html: string } {
  const lines = m.body.split('\n');
  const text = [...lines, ...(m.link ? ['', `打开 / Open: ${m.link}`] : []), '', '—— 方案监测 Plan Monitor'].join('\n');
  const html = [
    `<h3>${escapeHtml(m.subject)}</h3>`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(m.link ? [`<p><a href="${escapeHtml(m.link)}">打开方案监测 / Open Plan Monitor</a></p>`] : []),
    '<p style="color:#888">—— 方案监测 Plan Monitor</p>',
  ].join('\n');
  return { text, html };
}

const transports = new Map<string, Transporter>();

/** nodemailer is loaded the first time a mail is sent: a server without SMTP_URL never needs it. */
async function transportFor(smtpUrl: string): Promise<Transporter> {
  let t = transports.get(smtpUrl);
  if (!t) {
    const { default: nodemailer } = await import('nodemailer');
    t = nodemailer.createTransport(smtpUrl, {});
    transports.set(smtpUrl, t);
  }
  return t;
}

export async function sendMail(settings: MailSettings, to: string, m: Message): Promise<void> {
  const { text, html } = mailParts(m);
  try {
    await (
      await transportFor(settings.smtpUrl)
    ).sendMail({
      from: settings.from,
      to,
      subject: m.subject,
      text,
      html,
      // The idempotency key names the message, so a mail system can drop a copy sent twice.
      messageId: `<${Buffer.from(m.key).toString('base64url')}@plan-monitor>`,
      headers: { 'X-Plan-Monitor-Notice': m.key },
    });
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
    const detail = e.response ?? e.message ?? String(err);
    throw new DeliveryError(
      `邮件发送失败（${redactUrl(settings.smtpUrl)}${e.responseCode ? `，${e.responseCode}` : e.code ? `，${e.code}` : ''}）：${detail.slice(0, 300)}`,
    );
  }
}

export interface RobotTarget {
  kind: RobotKind;
  url: string;
  secret: string | null;
}

/** The request a robot gets: the URL to post to and the JSON body. */
export function robotRequest(target: RobotTarget, m: Message, now: Date): { url: string; body: unknown } {
  const link = m.link ? `\n\n[打开方案监测](${m.link})` : '';
  switch (target.kind) {
    case 'wecom':
      return {
        url: target.url,
        body: { msgtype: 'markdown', markdown: { content: `### ${m.subject}\n${m.body}${link}` } },
      };
    case 'dingtalk': {
      let url = target.url;
      if (target.secret) {
        const ts = now.getTime();
        const sign = encodeURIComponent(dingtalkSign(ts, target.secret));
        url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${sign}`;
      }
      return {
        url,
        body: { msgtype: 'markdown', markdown: { title: m.subject, text: `### ${m.subject}\n\n${m.body}${link}` } },
      };
    }
    case 'feishu': {
      const ts = Math.floor(now.getTime() / 1000);
      const text = `${m.subject}\n${m.body}${m.link ? `\n${m.link}` : ''}`;
      return {
        url: target.url,
        body: {
          ...(target.secret ? { timestamp: String(ts), sign: feishuSign(ts, target.secret) } : {}),
          msg_type: 'text',
          content: { text },
        },
      };
    }
  }
}

const ROBOT_NAME: Record<RobotKind, string> = { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };

export async function sendRobot(target: RobotTarget, m: Message, now = new Date()): Promise<void> {
  const req = robotRequest(target, m, now);
  const name = ROBOT_NAME[target.kind];
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new DeliveryError(`${name}机器人连接失败（${cause}），请检查 Webhook 地址和网络`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new DeliveryError(`${name}机器人返回 HTTP ${res.status}${text ? `：${text.slice(0, 200)}` : ''}`);
  let answer: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // Some gateways answer 200 with an empty body; the HTTP status is all there is.
  }
  const code = answer.errcode ?? answer.code ?? answer.StatusCode ?? 0;
  if (code !== 0) {
    const msg = answer.errmsg ?? answer.msg ?? '';
    const hint = /sign|签名/i.test(msg) ? '（请检查密钥是否与机器人设置一致）' : '';
    throw new DeliveryError(`${name}机器人拒绝了消息（错误码 ${code}${msg ? `：${msg.slice(0, 200)}` : ''}）${hint}`);
  }
}
