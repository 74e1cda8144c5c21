// A cap on how deeply a JSON request body nests, checked on the bytes as they arrive (a preParsing
// hook), before JSON.parse and zod walk it: 0.9 MB of `[[[[…` cost the parser and the validators
// long enough to hold every reader up (issue 17). Our inputs nest a few levels; MAX_JSON_DEPTH is
// far above any of them.
import type { FastifyInstance } from 'fastify';
import { Transform } from 'node:stream';

export const MAX_JSON_DEPTH = 32;

export class JsonTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'JSON_TOO_DEEP';
  constructor() {
    super(`请求内容嵌套过深（超过 ${MAX_JSON_DEPTH} 层） / Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/** A pass-through stream that fails once the JSON it carries opens more than `max` levels. */
export function depthGuard(max = MAX_JSON_DEPTH): Transform {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === 0x5c) escaped = true;
          else if (byte === 0x22) inString = false;
        } else if (byte === 0x22) inString = true;
        else if (byte === 0x5b || byte === 0x7b) {
          if (++depth > max) return done(new JsonTooDeepError());
        } else if (byte === 0x5d || byte === 0x7d) depth--;
      }
      done(null, chunk);
    },
  });
}

/** Every JSON body passes through depthGuard on its way to the parser. */
export function capJsonDepth(app: FastifyInstance) {
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (!/\bjson\b/i.test(req.headers['content-type'] ?? '')) return payload;
    return payload.pipe(depthGuard());
  });
}
