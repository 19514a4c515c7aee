/** Lambda entry: the web app (action pages, dashboard, settings) behind the HTTP API. */
import { handle } from 'hono/aws-lambda';
import { createActions } from '../core/actions.js';
import { createWebApp } from '../web/app.js';
import { cloudDeps, cloudScheduler } from './cloud/parts.js';

const core = await cloudDeps({ scheduler: cloudScheduler(), withMail: false });
export const handler = handle(createWebApp({ core, actions: createActions(core) }));
