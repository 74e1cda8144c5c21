// GET / with 总览's first screen already in the page (server/render/first-paint.tsx), for viewers
// who may read the board; everyone else, and any failure here, gets the plain app shell. The
// markup is kept per kept answer (db/answer-cache.ts hands out the same object until the
// data changes), so a busy morning renders each variant's two chart SVGs once.
//
// The page also carries the first screen's answer and the plan list as JSON, which the app puts
// in its query cache (client/first-paint.ts) instead of asking for them again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isPeriod } from '../shared/period';
import { mayReadBoard } from './auth/http';
import type { Db } from './db/connect';
import { cachedFirstScreen } from './queries/first-screen';
import { findPlan, listPlans } from './queries/plan';

/** The element the app's client/first-paint.ts looks for. */
export const FIRST_PAINT_DATA_ID = 'pm-first-data';

interface Page {
  html: string;
  gzip: Buffer;
}
const pages = new WeakMap<object, Map<string, Page>>();

/** `<` written as \u003c, so no string in the data can close the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

async function firstPaintPage(db: Db, publicBoard: boolean, req: FastifyRequest, shell: string): Promise<Page | null> {
  if (!(await mayReadBoard(db, publicBoard, req))) return null;
  const query = req.query as Record<string, unknown>;
  const text = (key: string) => (typeof query[key] === 'string' ? query[key] : null);
  // The app's own choices (App.tsx, PeriodBar.tsx, i18n.ts): the plan asked for or the newest, a
  // well-formed month or the board's default, English only when asked.
  const plans = await listPlans(db);
  const plan = plans.find((p) => p.id === text('plan')) ?? plans[0];
  if (!plan) return null;
  const asked = text('period');
  const period = asked && isPeriod(asked) ? asked : undefined;
  const lang = text('lang') === 'en' ? 'en' : 'zh';
  const screen = await cachedFirstScreen(db, plan.id, period);
  if (!screen) return null;
  const kept = new URLSearchParams();
  for (const key of ['plan', 'period', 'lang']) {
    const value = text(key);
    if (value) kept.set(key, value);
  }
  const keep = kept.size > 0 ? `?${kept}` : '';

  let variants = pages.get(screen);
  if (!variants) pages.set(screen, (variants = new Map<string, Page>()));
  const key = JSON.stringify([plan.id, plan.title, lang, keep]);
  const page = variants.get(key);
  if (page) return page;
  const meta = await findPlan(db, plan.id);
  if (!meta) return null;
  const data = `<script type="application/json" id="${FIRST_PAINT_DATA_ID}">${scriptJson({
    input: { planId: plan.id, period },
    screen,
    plans,
  })}</script>`;
  const { firstPaintHtml } = await import('./render/first-paint');
  const markup = firstPaintHtml({ plan: meta, screen, lang, keep });
  // The app's stylesheets move after the first screen: in the head they would hold its paint back
  // by a round trip, and the first screen brings its own styles.
  const sheets: string[] = [];
  const html = shell
    .replace(/<link rel="stylesheet"[^>]*>\s*/g, (link) => {
      sheets.push(link.trim());
      return '';
    })
    .replace('<html lang="zh-CN">', `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}" class="pm-first-paint">`)
    .replace('<div id="root"></div>', () => `${markup}${sheets.join('')}<div id="root"></div>${data}`);
  const made = { html, gzip: gzipSync(html) };
  variants.set(key, made);
  return made;
}

export function registerFirstPaintRoute(app: FastifyInstance, db: Db, clientDir: string, publicBoard: boolean) {
  let shell: string | null = null;
  app.get('/', async (req, reply) => {
    shell ??= readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    const page = await firstPaintPage(db, publicBoard, req, shell).catch((err: unknown) => {
      req.log.warn({ err }, 'first paint of the overview failed; sending the plain page');
      return null;
    });
    // The page can hold the board's figures: kept by nobody but this browser, and always asked again.
    void reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .header('vary', 'accept-encoding, cookie');
    if (!page) return reply.send(shell);
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? ''))
      return reply.header('content-encoding', 'gzip').send(page.gzip);
    return reply.send(page.html);
  });
}
