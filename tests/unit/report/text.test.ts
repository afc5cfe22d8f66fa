import { describe, expect, it } from 'vitest';
import { niceDomain, niceTicks, truncate } from '../../../src/core/report/svg';
import {
  escapeHtml,
  escapeMarkdownInline,
  formatCount,
  formatDuration,
  formatTime,
  markdownCode,
} from '../../../src/core/report/text';

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('flattens a line for Markdown and escapes a leading list marker', () => {
    expect(escapeMarkdownInline('  12) first\r\nsecond')).toBe('12\\) first second');
    expect(escapeMarkdownInline('+ plus')).toBe('\\+ plus');
  });

  it('picks a code-span fence longer than any backtick run', () => {
    expect(markdownCode('plain')).toBe('`plain`');
    expect(markdownCode('a``b')).toBe('```a``b```');
    expect(markdownCode('`x')).toBe('`` `x ``');
  });
});

describe('formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(192_000)).toBe('3 min 12 s');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
    expect(formatDuration(NaN)).toBe('—');
  });

  it('formats times in UTC whatever the machine zone, and passes non-times through', () => {
    expect(formatTime('2025-03-01T23:59:30.000+02:00')).toBe('2025-03-01 21:59 UTC');
    expect(formatTime('not a time')).toBe('not a time');
  });

  it('groups thousands with a narrow space', () => {
    expect(formatCount(1234567)).toBe('1\u202f234\u202f567');
    expect(formatCount(999)).toBe('999');
  });

  it('truncates with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});

describe('chart scales', () => {
  it('makes round ticks without floating-point noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.61, 1.1, 5)).toEqual([0.7, 0.8, 0.9, 1, 1.1]);
    expect(niceTicks(1, 1)).toEqual([1]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('pads the domain out to round ticks and can include zero', () => {
    expect(niceDomain([0.61, 1.1])).toEqual([0.6, 1.1]);
    expect(niceDomain([0.3, 0.7], true)).toEqual([0, 0.8]);
    expect(niceDomain([5, 5])).toEqual([4.4, 5.6]);
    expect(niceDomain([NaN])).toEqual([0, 1]);
  });
});
