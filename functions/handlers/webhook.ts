/** Lambda entry: Google and Graph push notifications; answers at once, enqueues a sync. */

import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { cloudQueue, cloudStore, log } from './cloud/parts.js';
import { createWebhookApp } from './webhook-app.js';

const app = new Hono().route(
  '/webhooks',
  createWebhookApp({ store: cloudStore(), queue: cloudQueue(), log }),
);
export const handler = handle(app);
