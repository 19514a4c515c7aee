/** Lambda entry: Google and Graph push notifications; answers at once, enqueues a sync. */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { createWebhookApp } from '../web/routes/webhook-routes.js';
import { log } from './composition-root/container.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudStore } from './composition-root/store.js';

const app = new Hono().route(
  '/webhooks',
  createWebhookApp({ store: cloudStore(), queue: cloudQueue(), log }),
);
export const handler = handle(app);
