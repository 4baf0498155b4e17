import { describe, expect, it } from 'vitest';
import { drawKey, drawSample, sampleSize } from '../src/regime/sampling.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `rec-${i}`);

describe('monthly sample size (Tainan 八(一)) and reproducible draw', () => {
  it('takes every record when there are fewer than 10', () => {
    for (const n of [0, 1, 9]) expect(sampleSize(n)).toBe(n);
  });

  it('takes at least 10 and at least 3 % (rounded up)', () => {
    expect(sampleSize(10)).toBe(10);
    expect(sampleSize(333)).toBe(10);
    expect(sampleSize(334)).toBe(11);
    expect(sampleSize(1000)).toBe(30);
    expect(sampleSize(1001)).toBe(31);
  });

  it('draws the same sample from the same seed whatever the order of the records', () => {
    const records = ids(500);
    const a = drawSample('seed-1', records);
    const b = drawSample('seed-1', [...records].reverse());
    expect(a).toEqual(b);
    expect(a).toHaveLength(15);
    expect(new Set(a).size).toBe(15);
  });

  it('draws a different sample from another seed', () => {
    expect(drawSample('seed-1', ids(500))).not.toEqual(drawSample('seed-2', ids(500)));
  });

  it('follows the documented algorithm: the smallest HMAC-SHA-256 keys', () => {
    const records = ids(50);
    const expected = [...records].sort((x, y) => drawKey('s', x).localeCompare(drawKey('s', y))).slice(0, 10);
    expect(drawSample('s', records)).toEqual(expected);
  });

  it('refuses a negative or fractional total', () => {
    expect(() => sampleSize(-1)).toThrow(RangeError);
    expect(() => sampleSize(2.5)).toThrow(RangeError);
  });
});
