/**
 * The local runner end to end: real dynalite in a temp folder, the real HTTP
 * server on a free port, the outbox on disk, and a clock the test controls.
 * Background loops are off; the test polls and fires schedules itself.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleFollowup } from '../../functions/core/followup.js';
import { type LocalRuntime, startLocal } from '../../functions/local/runtime.js';

const ZONE = 'Europe/Berlin';
// A Wednesday afternoon: the demo's loop is on Friday, its stale interview a week back.
let now = new Date('2026-11-25T14:00:00Z');
const clock = { now: () => now };

async function outbox(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml')).sort();
}

/** Starts the runner on `dir` with background loops off, polls once and fires what is due. */
async function startAndCatchUp(dir: string): Promise<LocalRuntime> {
  const rt = await startLocal({
    dataDir: dir,
    port: 0,
    email: 'alex@example.com',
    timeZone: ZONE,
    pollSeconds: 3600,
    clock,
    background: false,
  });
  await rt.pollNow();
  await fireDue(rt);
  return rt;
}

async function fireDue(rt: LocalRuntime): Promise<void> {
  while ((await rt.scheduler.runDue()) > 0) {}
}

describe('local runner with the demo calendar', () => {
  let dir: string;
  let rt: LocalRuntime;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-e2e-'));
    rt = await startAndCatchUp(dir);
  });

  afterAll(async () => {
    await rt?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the thank-you, status-check and prep prompts at once, and nothing for the rest', async () => {
    const mails = await outbox(dir);
    expect(mails.filter((m) => m.includes('thank-you'))).toHaveLength(1);
    expect(mails.filter((m) => m.includes('status-check'))).toHaveLength(1);
    expect(mails.filter((m) => m.includes('prep'))).toHaveLength(1);
    expect(mails).toHaveLength(3);
    const thankYou = await readFile(join(dir, 'outbox', mails.find((m) => m.includes('thank-you'))!), 'utf8');
    expect(thankYou).toMatch(/Priya/);
    expect(thankYou).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });

  it('serves the dashboard and the outbox over HTTP', async () => {
    const home = await fetch(`${rt.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/Northwind/);
    const box = await fetch(`${rt.url}/outbox`);
    expect(await box.text()).toMatch(/thank-you notes/i);
  });

  it('walks two days in five-minute steps: one thank-you per interview or loop, the loop thanked after its last interview', async () => {
    const before = await outbox(dir);
    const loopEnd = new Date('2026-11-27T11:55:00Z'); // Friday 12:55 Berlin: the loop's last interview ends
    let loopMailAt: Date | undefined;
    for (let t = now.getTime(); t <= loopEnd.getTime() + 15 * 60_000; t += 5 * 60_000) {
      now = new Date(t);
      await fireDue(rt);
      const loopMail = (await outbox(dir)).find(
        (m) => !before.includes(m) && m.includes('thank-you') && m.startsWith('20261127'),
      );
      if (loopMail && !loopMailAt) loopMailAt = now;
    }
    const added = (await outbox(dir)).filter((m) => !before.includes(m));
    const thankYous = added.filter((m) => m.includes('thank-you'));
    // The technical interview (today) and the onsite loop (Friday): one each.
    expect(thankYous).toHaveLength(2);
    expect(loopMailAt!.getTime()).toBeGreaterThanOrEqual(loopEnd.getTime());
    expect(loopMailAt!.getTime() - loopEnd.getTime()).toBeLessThanOrEqual(5 * 60_000);
    const loopMail = await readFile(
      join(dir, 'outbox', thankYous.find((m) => m.startsWith('20261127'))!),
      'utf8',
    );
    for (const name of ['Ana', 'Tom', 'Grace']) expect(loopMail).toContain(name);
    // Prep prompts come before each interview that had not started.
    expect(added.filter((m) => m.includes('prep')).length).toBeGreaterThanOrEqual(1);
  });

  it('a duplicate firing of a past schedule sends nothing more', async () => {
    const before = await outbox(dir);
    const interviews = await rt.deps.store.list('interview', rt.userId);
    for (const interview of interviews) {
      const payload = {
        kind: 'interview-ended' as const,
        userId: rt.userId,
        interviewId: interview.id,
        version: interview.version,
      };
      expect(['duplicate', 'not-applicable', 'stale']).toContain(await handleFollowup(rt.deps, payload));
    }
    expect(await outbox(dir)).toEqual(before);
  });

  it('a restart picks up the same data and sends nothing twice', async () => {
    const before = await outbox(dir);
    await rt.stop();
    rt = await startAndCatchUp(dir);
    expect(await outbox(dir)).toEqual(before);
  });
});
