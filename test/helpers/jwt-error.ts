import { expect } from 'vitest';
import { JwtError, type JwtErrorCode } from '../../src/errors.js';

/** What `fn` threw; fails the test when it returns normally. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the call returned');
}

/** What `promise` rejected with; fails the test when it resolves. */
export async function rejected(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * Assert a real JwtError (an instance of `cls`, by default this copy's class, not a look-alike)
 * with `code`, and with `claim` when given (`null`: no claim at all).
 */
export function assertJwtError(
  error: unknown,
  code: JwtErrorCode,
  claim?: string | null,
  cls: typeof JwtError = JwtError,
): JwtError {
  expect(error).toBeInstanceOf(cls);
  const jwtError = error as JwtError;
  expect(jwtError.code).toBe(code);
  if (claim === null) expect(jwtError.claim).toBeUndefined();
  else if (claim !== undefined) expect(jwtError.claim).toBe(claim);
  return jwtError;
}

export function expectJwtError(
  fn: () => unknown,
  code: JwtErrorCode,
  claim?: string | null,
  cls: typeof JwtError = JwtError,
): JwtError {
  return assertJwtError(thrown(fn), code, claim, cls);
}

export async function expectJwtRejection(
  promise: Promise<unknown>,
  code: JwtErrorCode,
  claim?: string | null,
): Promise<JwtError> {
  return assertJwtError(await rejected(promise), code, claim);
}
