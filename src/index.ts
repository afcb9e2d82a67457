export { JWT_ERROR_CODES, JwtError, type JwtErrorCode } from './errors.js';
export { base64urlDecode, base64urlEncode } from './base64url.js';
export { buildClaims, type ClaimOptions, type MessagingClaims, type MessagingUser } from './claims.js';
export { createSigner, signJwt, signJwtSync, type Signer, type SigningKey } from './sign.js';
export {
  createVerifier,
  decodeJwt,
  verifyJwt,
  verifyJwtSync,
  type VerifiedJwt,
  type Verifier,
  type VerifyOptions,
} from './verify.js';
export {
  createTokenHandler,
  toNodeListener,
  type NodeRequestLike,
  type NodeResponseLike,
  type TokenHandler,
  type TokenHandlerMethod,
  type TokenHandlerOptions,
} from './handler.js';
