// The main job: sign a Zendesk Messaging token for a sample user and show what is in it.
import { createSigner, decodeJwt } from '../dist/index.js';

const DEMO_KEY = {
  kid: 'app_demo_0000000000000000000000',
  secret: 'demo-secret-NOT-FOR-PRODUCTION-0123456789abcdef',
};
const fromEnv = process.env.ZENDESK_KEY_ID && process.env.ZENDESK_SECRET;
const key = fromEnv ? { kid: process.env.ZENDESK_KEY_ID, secret: process.env.ZENDESK_SECRET } : DEMO_KEY;

console.log(
  fromEnv
    ? `Signing with your key ${key.kid} (from ZENDESK_KEY_ID / ZENDESK_SECRET).`
    : 'Signing with the DEMO key (set ZENDESK_KEY_ID and ZENDESK_SECRET to use yours). Zendesk will not accept this token.',
);

const signer = createSigner(key, { expiresIn: 600 });
const token = await signer.sign({
  externalId: 'user-12345678',
  name: 'Jane Soap',
  email: 'jane@example.org',
  emailVerified: true,
});

const { header, payload } = decodeJwt(token);
console.log('\nToken:\n' + token);
console.log('\nHeader:\n' + JSON.stringify(header, null, 2));
console.log('\nClaims:\n' + JSON.stringify(payload, null, 2));
console.log(`\nExpires: ${new Date(payload.exp * 1000).toISOString()}`);
console.log(
  '\nServe it from POST /zendesk/jwt (createTokenHandler), and hand it to the widget from your page:\n' +
    "  import { createJwtCallback } from 'zendesk-messaging-jwt/widget';\n" +
    "  zE('messenger', 'loginUser', createJwtCallback({ endpoint: '/zendesk/jwt' }));",
);
