import { createSigner, createVerifier, type SigningKey } from '../src/index.js';

// ZENDESK_KEYS holds the keys from Admin Center as JSON, newest first:
// [{"kid":"app_new…","secret":"…"},{"kid":"app_old…","secret":"…"}]
const [current, ...previous] = JSON.parse(process.env.ZENDESK_KEYS ?? '[]') as SigningKey[];
if (current === undefined) throw new Error('ZENDESK_KEYS must hold at least one key');

// Sign with the newest key only: Zendesk accepts any key that is still active in Admin Center.
export const signer = createSigner(current);

// Verify with all of them: a token signed just before the switch stays valid until its exp.
export const verifier = createVerifier([current, ...previous]);
