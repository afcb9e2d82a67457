import { JwtError } from './errors.js';

/**
 * A factory's defaults overridden field by field by a call's options: `undefined` means "not
 * given" and keeps the default, any other value (`null` included) wins. Each field is read once,
 * so a getter cannot answer differently to the check and to the use.
 */
export function mergeOptions<T extends object>(defaults: T | undefined, options: T | undefined, keys: readonly (keyof T)[]): T {
  if (options === undefined) return defaults ?? ({} as T);
  if (typeof options !== 'object' || options === null) {
    throw new JwtError('ERR_OPTION_INVALID', `options must be an object or undefined; got ${options === null ? 'null' : typeof options}`);
  }
  const merged = { ...defaults } as T;
  try {
    for (const key of keys) {
      const value = options[key];
      if (value !== undefined) merged[key] = value;
    }
  } catch (cause) {
    throw new JwtError('ERR_OPTION_INVALID', 'reading the options object threw; pass a plain object', { cause });
  }
  return merged;
}
