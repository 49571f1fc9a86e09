import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aesUnwrap, isWrappedKeyShape } from './key-wrap.ts';

// RFC 3394 §4.6: 256 bits of key data with a 256-bit KEK.
const KEK = Buffer.from('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', 'hex');
const KEY = Buffer.from('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F', 'hex');
const WRAPPED = Buffer.from('28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21', 'hex');

test('aesUnwrap matches the RFC 3394 test vector', () => {
  assert.deepEqual(aesUnwrap(KEK, WRAPPED), KEY);
});

test('aesUnwrap gives undefined for a wrong KEK, a flipped bit or a malformed length', () => {
  const wrongKek = Buffer.from(KEK);
  wrongKek[0]! ^= 1;
  assert.equal(aesUnwrap(wrongKek, WRAPPED), undefined);
  for (const bit of [0, 100, 319]) {
    const damaged = Buffer.from(WRAPPED);
    damaged[bit >> 3]! ^= 1 << (bit & 7);
    assert.equal(aesUnwrap(KEK, damaged), undefined, `bit ${bit}`);
  }
  assert.equal(aesUnwrap(KEK, WRAPPED.subarray(0, 39)), undefined);
  assert.equal(aesUnwrap(KEK.subarray(0, 16), WRAPPED), undefined);
  assert.equal(isWrappedKeyShape(Buffer.alloc(16)), false);
  assert.equal(isWrappedKeyShape(Buffer.alloc(40)), true);
});
