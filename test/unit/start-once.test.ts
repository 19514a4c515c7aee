/** Entry modules build their parts once per container, and a failed start is tried again. */
import { describe, expect, it } from 'vitest';
import { startOnce } from '../../functions/handlers/start-once.js';

describe('startOnce', () => {
  it('starts once and shares the result between invocations, also concurrent ones', async () => {
    let starts = 0;
    const parts = startOnce(async () => ({ n: ++starts }));
    const [a, b] = await Promise.all([parts(), parts()]);
    expect(a).toBe(b);
    expect(await parts()).toBe(a);
    expect(starts).toBe(1);
  });

  it('forgets a failed start, so the next invocation starts again', async () => {
    let starts = 0;
    const parts = startOnce(async () => {
      starts += 1;
      if (starts === 1) throw new Error('Secrets Manager throttled');
      return 'ready';
    });
    await expect(parts()).rejects.toThrow('Secrets Manager throttled');
    expect(await parts()).toBe('ready');
    expect(await parts()).toBe('ready');
    expect(starts).toBe(2);
  });
});
