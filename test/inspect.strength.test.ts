import { describe, expect, it } from 'vitest';
import type { JwtErrorCode } from '../src/errors.js';
import { CODE_EXPLANATIONS, FINDINGS, explain, type FindingId } from '../src/inspect.js';

// What the other inspect tests cannot see: they compare each finding with FINDINGS itself, so a
// fix text or a severity emptied in the table would still match.

/** The findings that are not errors: the token may still work, but something is worth changing. */
const NOT_ERRORS: Partial<Record<FindingId, 'warning' | 'info'>> = {
  'typ-missing': 'info',
  'email-without-verified': 'warning',
  'email-verified-without-email': 'info',
  'exp-missing': 'info',
  'exp-far': 'info',
  'iat-milliseconds': 'warning',
};

describe('FINDINGS', () => {
  it('gives each finding its severity: an error unless listed here', () => {
    for (const [id, [severity]] of Object.entries(FINDINGS)) {
      expect(severity, id).toBe(NOT_ERRORS[id as FindingId] ?? 'error');
    }
  });

  it('gives each finding a fix of a sentence or more, and explain returns it', () => {
    for (const [id, [severity, fix]] of Object.entries(FINDINGS)) {
      expect(fix.length, id).toBeGreaterThanOrEqual(30);
      expect(explain(id)).toEqual({ kind: 'finding', severity, text: fix });
    }
  });

  it('names what to change in the fix', () => {
    const mentions: [FindingId, string][] = [
      ['alg-not-hs256', 'HS256'],
      ['typ-wrong', 'JWT'],
      ['kid-missing', 'kid'],
      ['scope-missing', 'scope'],
      ['scope-wrong', 'user'],
      ['camelcase-claims', 'external_id'],
      ['external-id-too-long', '255'],
      ['email-without-verified', 'email_verified'],
      ['exp-milliseconds', 'seconds'],
      ['nbf-milliseconds', 'seconds'],
      ['iat-milliseconds', 'seconds'],
      ['header-unsupported-member', 'crit'],
      ['signature-wrong-length', '43'],
    ];
    for (const [id, word] of mentions) expect(FINDINGS[id][1], id).toContain(word);
  });
});

describe('CODE_EXPLANATIONS', () => {
  it('explains every error code, each in a few sentences that name what to check', () => {
    const codes = Object.keys(CODE_EXPLANATIONS).sort();
    expect(codes).toHaveLength(10);
    const mentions: Record<JwtErrorCode, string> = {
      ERR_CLAIM_INVALID: 'external_id',
      ERR_KEY_INVALID: '32 bytes',
      ERR_JWT_MALFORMED: 'base64url',
      ERR_JWT_UNSUPPORTED: 'HS256',
      ERR_KID_UNKNOWN: 'kid',
      ERR_SIGNATURE_INVALID: 'secret',
      ERR_JWT_EXPIRED: 'exp',
      ERR_JWT_NOT_YET_VALID: 'nbf',
      ERR_RUNTIME_UNSUPPORTED: 'node:crypto',
      ERR_OPTION_INVALID: 'milliseconds',
    };
    expect(codes).toEqual(Object.keys(mentions).sort());
    for (const [code, text] of Object.entries(CODE_EXPLANATIONS)) {
      expect(text.length, code).toBeGreaterThanOrEqual(80);
      expect(text, code).toContain(mentions[code as JwtErrorCode]);
      expect(explain(code)).toEqual({ kind: 'code', text });
    }
  });
});
