import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../testing/factories.js';
import { idNumberProblem, maskIdNumber, maskPhone, normalizePhone } from './identity.js';

describe('identity numbers (GB 11643)', () => {
  it('accepts a number whose check character matches, including X', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem(makeIdNumber('19800101', '123'))).toBeNull();
  });

  it('names what is wrong', () => {
    const valid = makeIdNumber('19800101', '123');
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(idNumberProblem(wrongCheck)).toBe('checksum');
    expect(idNumberProblem('2310851980010112')).toBe('format');
    expect(idNumberProblem('231085198002301234')).toBe('birthDate');
  });

  it('masks to the agreed shapes', () => {
    expect(maskIdNumber('230102198001011234')).toBe('2301**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('normalises phones and rejects landlines', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0453-1234567')).toBeNull();
    expect(normalizePhone('12812345678')).toBeNull();
  });
});
