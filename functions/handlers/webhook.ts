/** Lambda entry: Google and Graph push notifications; answers at once, enqueues a sync. */
import { Hono } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { cloudQueue, cloudStore, log } from './cloud/parts.js';
import { startOnce } from './start-once.js';
import { createWebhookApp } from './webhook-app.js';

const app = startOnce(async () =>
  handle(new Hono().route('/webhooks', createWebhookApp({ store: cloudStore(), queue: cloudQueue(), log }))),
);
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await app())(event, context);
