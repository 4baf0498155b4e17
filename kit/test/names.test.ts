import { describe, expect, it } from 'vitest';
import { normalizeName, sameName } from '../src/validators/index.ts';

describe('normalizeName: one comparison of names and addresses (README, NW-5.2)', () => {
  it('NW-5.2 takes 臺 and 台 as one character, in names and addresses', () => {
    expect(sameName('臺灣安可資訊股份有限公司', '台灣安可資訊股份有限公司')).toBe(true);
    expect(sameName('臺北市信義區信義路三段140號', '台北市信義區信義路三段140號')).toBe(true);
  });

  it('NW-5.2 ignores whitespace of any width and folds full-width letters and digits', () => {
    expect(sameName('台北市信義區　信義路三段１４０號 14樓', '臺北市信義區信義路三段140號14樓')).toBe(true);
    expect(sameName('ＡＣＭＥ 資訊', 'acme資訊')).toBe(true);
  });

  it('NW-5.2 takes (股)公司 and （股）公司 for 股份有限公司, (有)公司 for 有限公司', () => {
    expect(normalizeName('安可資訊(股)公司')).toBe(normalizeName('安可資訊股份有限公司'));
    expect(normalizeName('安可資訊（股）公司')).toBe(normalizeName('安可資訊股份有限公司'));
    expect(normalizeName('安可資訊(有)公司')).toBe(normalizeName('安可資訊有限公司'));
  });

  it('NW-5.2 keeps different names different', () => {
    expect(sameName('安可資訊股份有限公司', '安可資訊有限公司')).toBe(false);
    expect(sameName('臺北市信義區', '臺北市大安區')).toBe(false);
  });
});
