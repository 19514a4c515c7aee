/**
 * The bundle budget: each function's minified bundle, built with the stack's
 * own esbuild options, stays under its budget (`bench/bundles.ts`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_BYTES, type BundleSize, measureBundles } from '../../bench/bundles.js';
import { FUNCTION_NAMES } from '../../infra/bundling.js';

let sizes: BundleSize[];

beforeAll(async () => {
  sizes = await measureBundles(3);
}, 120_000);

describe('bundle report', () => {
  it('measures every function', () => {
    expect(sizes.map((s) => s.name)).toEqual([...FUNCTION_NAMES]);
  });

  it.each(FUNCTION_NAMES)('%s stays under its budget', (name) => {
    const size = sizes.find((s) => s.name === name)!;

    expect(size.bytes).toBeGreaterThan(1000);
    expect(size.bytes).toBeLessThan(BUDGET_BYTES[name]);
  });

  it('names the biggest parts, largest first, within the bundle size', () => {
    for (const size of sizes) {
      expect(size.top).toHaveLength(3);
      const bytes = size.top.map((t) => t.bytes);
      expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
      expect(bytes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(size.bytes);
      // The SDK is provided by the Lambda runtime, never bundled.
      for (const part of size.top) expect(part.path).not.toMatch(/@aws-sdk\//);
    }
  });
});
