import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Copies of ../shared/vectors, kept in the repo so that a fresh clone tests the same bytes.
const VECTORS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

function readVector<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(VECTORS_DIR, file), 'utf8')) as T;
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function bytesHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export interface Rfc4231Case {
  case: number;
  dataText?: string;
  keyHex: string;
  dataHex: string;
  expectedHex: string;
  truncatedToBits?: number;
}

export interface Rfc7515A1 {
  jwk: { kty: 'oct'; k: string };
  keyHex: string;
  protectedHeader: string;
  protectedHeaderBytes: number[];
  protectedHeaderHex: string;
  protectedHeaderB64u: string;
  payload: string;
  payloadHex: string;
  payloadB64u: string;
  signingInput: string;
  signatureBytes: number[];
  signatureHex: string;
  signatureB64u: string;
  compact: string;
}

export interface Base64urlVectors {
  valid: { source: string; text?: string; hex: string; base64: string; base64url: string }[];
  invalid: { input: string; why: string }[];
}

export interface WycheproofMacTest {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  msg: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

export interface WycheproofMacFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: { type: 'MacTest'; keySize: number; tagSize: number; tests: WycheproofMacTest[] }[];
}

export const rfc4231 = readVector<{ tests: Rfc4231Case[] }>('rfc4231-hmac-sha256.json').tests;
export const rfc7515 = readVector<Rfc7515A1>('rfc7515-a1-hs256.json');
export const base64urlVectors = readVector<Base64urlVectors>('base64url.json');
export const wycheproof = readVector<WycheproofMacFile>('hmac_sha256_test.json');

/** Every Wycheproof test with its group's tag size, flattened for it.for. */
export const wycheproofTests = wycheproof.testGroups.flatMap((group) =>
  group.tests.map((test) => ({ ...test, tagSize: group.tagSize, keySize: group.keySize })),
);
