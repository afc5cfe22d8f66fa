import { describe, expect, it } from 'vitest';
import {
  isMissingText,
  MISSING_TOKENS,
  numberShape,
  NumberShape,
  parseBooleanText,
  parseNumber,
} from '../../../src/core/table/values';
import { rng } from './helpers';

describe('parseNumber', () => {
  it('reads plain, signed, fractional and exponent numbers in dot notation', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-7')).toBe(-7);
    expect(parseNumber('+3.5')).toBe(3.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('5.')).toBe(5);
    expect(parseNumber('1e5')).toBe(100000);
    expect(parseNumber('-2.5E-3')).toBe(-0.0025);
    expect(parseNumber(' 12 ')).toBe(12);
  });

  it('reads thousands groups only when they are well formed', () => {
    expect(parseNumber('1,234,567')).toBe(1234567);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('1,23')).toBeNaN();
    expect(parseNumber('12,3456')).toBeNaN();
    expect(parseNumber(',123')).toBeNaN();
    expect(parseNumber('0,123')).toBeNaN();
  });

  it('reads decimal-comma notation with dot thousands', () => {
    expect(parseNumber('3,14', 'comma')).toBe(3.14);
    expect(parseNumber('1.234,5', 'comma')).toBe(1234.5);
    expect(parseNumber('12.000,00', 'comma')).toBe(12000);
    expect(parseNumber('-0,5', 'comma')).toBe(-0.5);
    // A dot followed by one digit is not a thousands group.
    expect(parseNumber('1.5', 'comma')).toBeNaN();
  });

  it('rejects codes that would change if read as numbers', () => {
    expect(parseNumber('0700')).toBeNaN();
    expect(parseNumber('007')).toBeNaN();
    expect(parseNumber('1234567890123456')).toBeNaN(); // 16 digits: beyond exact doubles
    expect(numberShape('0700', 'dot')).toBe(NumberShape.LeadingZero);
    expect(numberShape('1234567890123456', 'dot')).toBe(NumberShape.LongInteger);
    // A plain zero, and zero before a decimal point, are numbers.
    expect(parseNumber('0')).toBe(0);
    expect(parseNumber('0.25')).toBe(0.25);
  });

  it('rejects what Number() would wrongly accept', () => {
    for (const t of [
      '',
      ' ',
      '0x10',
      '0b1',
      'Infinity',
      '1_000',
      '12abc',
      '1e',
      '-',
      '+',
      '.',
      'e5',
      '1.2.3',
    ]) {
      expect(parseNumber(t), t).toBeNaN();
    }
  });

  it('computes exactly the double Number() gives (fast path and slow path)', () => {
    const random = rng(7);
    for (let k = 0; k < 5000; k++) {
      const intDigits = 1 + Math.floor(random() * 8);
      const fracDigits = Math.floor(random() * 10);
      let text = String(1 + Math.floor(random() * 9));
      for (let d = 1; d < intDigits; d++) text += Math.floor(random() * 10);
      if (fracDigits > 0) {
        text += '.';
        for (let d = 0; d < fracDigits; d++) text += Math.floor(random() * 10);
      }
      if (random() < 0.3) text = `-${text}`;
      expect(parseNumber(text)).toBe(Number(text));
    }
    expect(parseNumber('0.1')).toBe(0.1);
    expect(parseNumber('123456789.123456789')).toBe(Number('123456789.123456789'));
  });
});

describe('missing values and booleans', () => {
  it('treats the documented tokens, empty and blank cells as missing', () => {
    for (const t of ['', '   ', '\t', 'NA', 'N/A', 'NaN', 'null', 'NULL', 'None', '-', '?']) {
      expect(isMissingText(t), JSON.stringify(t)).toBe(true);
      if (t.trim() !== '') expect(MISSING_TOKENS.has(t)).toBe(true);
    }
    for (const t of ['0', 'n', 'Nan Goldin', 'NAME', '--', ' x']) expect(isMissingText(t), t).toBe(false);
  });

  it('reads boolean spellings in any case, but not 0 and 1', () => {
    expect(['true', 'True', 'TRUE', 'yes', 'Y', 't', 'tRuE'].map(parseBooleanText)).toEqual([
      1, 1, 1, 1, 1, 1, 1,
    ]);
    expect(['false', 'No', 'N', 'f', 'FALSE'].map(parseBooleanText)).toEqual([0, 0, 0, 0, 0]);
    expect(['1', '0', 'truth', '', 'oui'].map(parseBooleanText)).toEqual([-1, -1, -1, -1, -1]);
  });
});
