/** Lambda entry: the web app (sign-in, dashboard, connections, settings, action pages) behind the HTTP API. */
import { getConnInfo, handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { readConfig, requireEnv } from '../adapters/config.js';
import { type ActionDeps, createActions } from '../core/actions.js';
import { parseAllowList } from '../core/users/allow-list.js';
import { createWebApp } from '../web/app.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';

/** Who may sign in, and how a new account starts; a bad allow-list stops the function at load. */
const config = readConfig(
  z.object({
    ALLOW_LIST: z.string().transform((text, ctx) => {
      try {
        return parseAllowList(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
    WAITING_WINDOW_DAYS: z.coerce.number().int().min(1).max(60).optional(),
  }),
);

const core: ActionDeps = {
  store: cloudStore(),
  scheduler: cloudScheduler(),
  clock,
  ids,
  links: await cloudLinks(),
  baseUrl: requireEnv('BASE_URL'),
  log,
};

export const handler = handle(
  createWebApp({
    core,
    actions: createActions(core),
    signIn: {
      allowList: config.ALLOW_LIST,
      newUser: {
        timeZone: 'UTC',
        ...(config.WAITING_WINDOW_DAYS !== undefined
          ? { waitingWindowDays: config.WAITING_WINDOW_DAYS }
          : {}),
      },
      // The one mail this function sends: sign-in links (prompts come from sync and followup).
      mailer: cloudMailer(),
    },
    queue: cloudQueue(),
    clientAddress: (c) => getConnInfo(c).remote.address,
  }),
);
