// Runs in the page, after the Web Widget snippet (which defines zE). Call loginToZendesk() once your
// own login has succeeded, and logoutFromZendesk() when the user signs out.
type JwtCallback = (callback: (jwt: string) => void) => void;
type LoginCallback = (error: { type: string; reason: string; message: string } | null) => void;
declare const zE: {
  (api: 'messenger', method: 'loginUser', jwtCallback: JwtCallback, loginCallback?: LoginCallback): void;
  (api: 'messenger', method: 'logoutUser'): void;
};

export function loginToZendesk(tokenUrl = '/api/zendesk/jwt'): void {
  // The widget calls this whenever it needs a token, also when the last one expired: fetch a fresh one.
  zE(
    'messenger',
    'loginUser',
    (callback) => {
      fetch(tokenUrl, { method: 'POST', credentials: 'same-origin' })
        .then((response) => {
          if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
          return response.json() as Promise<{ jwt: string }>;
        })
        .then(({ jwt }) => callback(jwt))
        .catch((error: unknown) => console.error('Zendesk login: no token', error));
    },
    (error) => {
      if (error) console.error(`Zendesk login failed: ${error.reason}`, error.message);
    },
  );
}

export function logoutFromZendesk(): void {
  zE('messenger', 'logoutUser');
}
