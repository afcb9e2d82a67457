import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../src/base64url.js';
import { expectJwtError } from './helpers/jwt-error.js';

// base64urlEncode reuses module-level scratch buffers. Code that runs during an encode (a Proxy's
// get trap over the input bytes) may call it again: that inner call must not write into the
// buffers the outer call is still filling.
describe('base64urlEncode called again from inside an encode', () => {
  it('gives each call its own output, the same as when the calls do not overlap', () => {
    const bytes = Uint8Array.from({ length: 30 }, (_, i) => (i * 37 + 11) & 255);
    const inner: string[] = [];
    const input = new Proxy(bytes, {
      get(target, property) {
        // Small enough to fit the shared buffers, so without its own buffers an inner call overwrites the outer one's.
        if (property === '3') inner.push(base64urlEncode('é'.repeat(5)));
        if (property === '9') inner.push(base64urlEncode(new Uint8Array(12).fill(255)));
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const expected = base64urlEncode(bytes);
    expect(base64urlEncode(input)).toBe(expected);
    expect(inner).toEqual([base64urlEncode('é'.repeat(5)), base64urlEncode(new Uint8Array(12).fill(255))]);
    // And the shared buffers still serve the next ordinary call correctly.
    expect(base64urlEncode(bytes)).toBe(expected);
    expect(base64urlEncode('{"alg":"HS256"}')).toBe('eyJhbGciOiJIUzI1NiJ9');
  });

  it('recovers after a trap throws mid-encode', () => {
    const input = new Proxy(new Uint8Array(9), {
      get(target, property) {
        if (property === '4') throw new Error('trap failed');
        return Reflect.get(target, property) as unknown;
      },
    });
    expect(() => base64urlEncode(input)).toThrow('trap failed');
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });
});

// The decoder reads the text through reused buffers up to 64 KiB; longer text gets its own.
describe('base64urlDecode past the reused buffers (over 65536 characters)', () => {
  it('decodes long text exactly, and still refuses a bad character at its end', () => {
    const bytes = Uint8Array.from({ length: 75_001 }, (_, i) => (i * 131 + 7) & 255);
    const text = base64urlEncode(bytes);
    expect(text.length).toBeGreaterThan(65_536);
    expect(base64urlDecode(text)).toEqual(bytes);
    const bad = `${text.slice(0, -4)}+${text.slice(-3)}`;
    expect(expectJwtError(() => base64urlDecode(bad), 'ERR_JWT_MALFORMED').message).toContain(`at index ${text.length - 4}`);
    // A short decode afterwards is not disturbed by the long one.
    expect(base64urlDecode('Zm9v')).toEqual(new Uint8Array([102, 111, 111]));
  });
});
