import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral } from './sql.js';

describe('quoteIdent', () => {
  it('wraps plain names in double quotes', () => {
    expect(quoteIdent('hop3_app')).toBe('"hop3_app"');
  });
  it('doubles embedded double quotes so the name cannot end early', () => {
    expect(quoteIdent('a"; DROP DATABASE x; --')).toBe('"a""; DROP DATABASE x; --"');
  });
  it('keeps case, spaces and hyphens inside the quotes', () => {
    expect(quoteIdent('Hop3 restore-1')).toBe('"Hop3 restore-1"');
  });
  it('refuses empty names and NUL', () => {
    expect(() => quoteIdent('')).toThrow(TypeError);
    expect(() => quoteIdent('a\0b')).toThrow(TypeError);
  });
});

describe('quoteLiteral', () => {
  it('wraps values in single quotes', () => {
    expect(quoteLiteral('secret')).toBe("'secret'");
  });
  it("doubles single quotes", () => {
    expect(quoteLiteral("it's'; DROP ROLE x; --")).toBe("'it''s''; DROP ROLE x; --'");
  });
  it('uses an E literal with doubled backslashes when a backslash is present', () => {
    expect(quoteLiteral("a\\'b")).toBe("E'a\\\\''b'");
  });
  it('passes unicode through', () => {
    expect(quoteLiteral('žluťoučký 🐘')).toBe("'žluťoučký 🐘'");
  });
  it('refuses NUL', () => {
    expect(() => quoteLiteral('a\0')).toThrow(TypeError);
  });
});
