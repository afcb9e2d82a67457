// Runs in the page, after the Web Widget snippet (which defines zE). Call loginToZendesk() once your
// own login has succeeded, and logoutFromZendesk() when the user signs out.
import { createJwtCallback } from '../src/widget.js';

type LoginCallback = (error: { type: string; reason: string; message: string } | null) => void;
declare const zE: {
  (api: 'messenger', method: 'loginUser', jwtCallback: (callback: (jwt: string) => void) => void, loginCallback?: LoginCallback): void;
  (api: 'messenger', method: 'logoutUser'): void;
};

export function loginToZendesk(endpoint = '/zendesk/jwt'): void {
  // The widget calls the jwtCallback whenever it needs a token, also when the last one expired:
  // createJwtCallback fetches a fresh one from your endpoint each time.
  const jwtCallback = createJwtCallback({
    endpoint,
    onError: (error) => {
      // 401: the site session ended, so end the widget's too.
      if (error.reason === 'unauthenticated') logoutFromZendesk();
      else console.error(`Zendesk login: no token (${error.reason}, HTTP ${error.status})`);
    },
  });
  zE('messenger', 'loginUser', jwtCallback, (error) => {
    if (error) console.error(`Zendesk login failed: ${error.reason}`, error.message);
  });
}

export function logoutFromZendesk(): void {
  zE('messenger', 'logoutUser');
}
