import { readObject } from './errors.js';

/**
 * A factory's defaults overridden field by field by a call's options: `undefined` means "not
 * given" and keeps the default, any other value (`null` included) wins. Each field is read once,
 * so a getter cannot answer differently to the check and to the use.
 */
export function mergeOptions<T extends object>(defaults: T | undefined, options: T | undefined, keys: readonly (keyof T)[]): T {
  if (options === undefined) return defaults ?? ({} as T);
  return readObject(options, 'options', 'ERR_OPTION_INVALID', (given) => {
    const merged = { ...defaults } as T;
    for (const key of keys) {
      const value = given[key];
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  });
}
