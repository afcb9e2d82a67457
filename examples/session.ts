import type { MessagingUser } from '../src/index.js';

// A stand-in for your own session lookup. Replace it with whatever your app already uses to know
// who is signed in (a session store, next-auth's auth(), a verified cookie): the token endpoint
// only needs to answer "which user is this request from?", or null for nobody.
const sessions = new Map<string, MessagingUser>([
  ['demo-session-jane', { externalId: 'user-1042', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true }],
]);

export async function userFromSession(request: Request): Promise<MessagingUser | null> {
  const cookie = request.headers.get('cookie') ?? '';
  const id = /(?:^|;\s*)session=([^;]+)/.exec(cookie)?.[1];
  return (id !== undefined && sessions.get(id)) || null;
}
