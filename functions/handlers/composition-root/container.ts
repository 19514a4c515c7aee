/**
 * The cloud composition root is this folder: one file per part, each built
 * from the environment variables it needs (read through `requireEnv`, which
 * fails fast naming the missing variable) and importing only its own SDK
 * client. A handler imports just the parts its use case takes, so its bundle
 * loads no client it does not use (the webhook must answer Graph within
 * 3 seconds, cold) and its role and environment stay minimal.
 *
 * This file: what every container has and no SDK client is needed for.
 */
import { monotonicFactory } from 'ulid';
import { createLog } from '../../adapters/log/powertools-log.js';
import type { Clock, Ids } from '../../core/ports.js';

export const clock: Clock = { now: () => new Date() };
const ulid = monotonicFactory();
export const ids: Ids = { next: () => ulid() };
export const { logger, log } = createLog(process.env.POWERTOOLS_SERVICE_NAME ?? 'afterview');
