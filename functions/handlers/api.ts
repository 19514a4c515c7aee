/** Lambda entry: the web app (sign-in, dashboard, connections, settings, action pages) behind the HTTP API. */
import { getConnInfo, handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { readConfig } from '../adapters/config.js';
import { createActions } from '../core/actions.js';
import { parseAllowList } from '../core/users/allow-list.js';
import { createWebApp } from '../web/app.js';
import { cloudDeps, cloudQueue, cloudScheduler } from './cloud/parts.js';

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

const core = await cloudDeps({ scheduler: cloudScheduler(), withMail: true });
export const handler = handle(
  createWebApp({
    core,
    actions: createActions(core),
    signIn: {
      allowList: config.ALLOW_LIST,
      newUser: {
        timeZone: 'UTC',
        ...(config.WAITING_WINDOW_DAYS !== undefined ? { waitingWindowDays: config.WAITING_WINDOW_DAYS } : {}),
      },
    },
    queue: cloudQueue(),
    clientAddress: (c) => getConnInfo(c).remote.address,
  }),
);
