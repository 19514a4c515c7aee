/** Lambda entry: Google and Graph push notifications; answers at once, enqueues a sync. */
import { Hono } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createWebhookApp } from '../web/routes/webhook-routes.js';
import { log } from './composition-root/container.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudStore } from './composition-root/store.js';
import { startOnce } from './start-once.js';

const app = startOnce(async () =>
  handle(new Hono().route('/webhooks', createWebhookApp({ store: cloudStore(), queue: cloudQueue(), log }))),
);
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await app())(event, context);
