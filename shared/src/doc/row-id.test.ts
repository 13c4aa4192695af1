import { describe, expect, it } from 'vitest';
import { newRowId } from './rows';

describe('newRowId (issue 8, defect 17)', () => {
  it('starts with a letter, so no spreadsheet reads an id as a number, a date or a formula, nor needs an apostrophe', () => {
    // nanoid's alphabet is A-Za-z0-9_-: before, about one id in five started with a digit, `-` or `_`.
    const ids = Array.from({ length: 5000 }, newRowId);
    expect(ids.filter((id) => !/^[A-Za-z][A-Za-z0-9_-]{11}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
