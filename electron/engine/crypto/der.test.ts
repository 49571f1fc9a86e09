import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { encodeDerAttributes } from '../../../tests/helpers/backup-crypto-fixtures.ts';
import { decodeDerAttributes } from './der.ts';

test('decodeDerAttributes reads strings, bytes, integers, booleans and times', () => {
  const secret = randomBytes(300);
  const der = encodeDerAttributes({
    acct: 'anna@example.com', svce: 'AirPort', v_Data: secret, port: 443, negative: -129, big: 2 ** 40,
    sync: true, tomb: false, cdat: new Date('2024-03-01T12:34:56.789Z'), mdat: new Date('2024-03-02T00:00:00Z'), 'ünïcode': 'ß',
  });
  assert.deepEqual(decodeDerAttributes(der), {
    acct: 'anna@example.com', svce: 'AirPort', v_Data: secret, port: 443, negative: -129, big: 2 ** 40,
    sync: 1, tomb: 0, cdat: '2024-03-01T12:34:56.789Z', mdat: '2024-03-02T00:00:00.000Z', 'ünïcode': 'ß',
  });
});

test('decodeDerAttributes keeps integers too big for a double, and unknown types, as bytes', () => {
  // SET { SEQ { "n", INTEGER 9 bytes }, SEQ { "x", [APPLICATION 1] 2 bytes } }
  const der = Buffer.from('3119' + '300e' + '0c016e' + '0209010203040506070809' + '3007' + '0c0178' + '41020a0b', 'hex');
  assert.deepEqual(decodeDerAttributes(der), { n: Buffer.from('010203040506070809', 'hex'), x: Buffer.from('0a0b', 'hex') });
});

test('decodeDerAttributes refuses malformed DER with undefined', () => {
  const good = encodeDerAttributes({ acct: 'a', v_Data: Buffer.alloc(200, 1) });
  assert.ok(decodeDerAttributes(good));
  for (let length = 0; length < good.length; length++) assert.equal(decodeDerAttributes(good.subarray(0, length)), undefined, `cut at ${length}`);
  assert.equal(decodeDerAttributes(Buffer.concat([good, Buffer.from([0])])), undefined, 'trailing bytes');
  assert.equal(decodeDerAttributes(Buffer.from('3080300000', 'hex')), undefined, 'indefinite length');
  assert.equal(decodeDerAttributes(Buffer.from('3185ffffffffff', 'hex')), undefined, '5 length bytes');
  assert.equal(decodeDerAttributes(Buffer.from('3184fffffff0300000', 'hex')), undefined, 'length past the end');
  assert.ok(decodeDerAttributes(Buffer.from('3108' + '3006' + '0c016e' + '0c0178', 'hex')), 'the well-formed base of the cases below');
  assert.equal(decodeDerAttributes(Buffer.from('3108' + '3006' + '020101' + '0c0178', 'hex')), undefined, 'name is not a UTF8String');
  assert.equal(decodeDerAttributes(Buffer.from('3105' + '3003' + '0c016e', 'hex')), undefined, 'no value');
  assert.equal(decodeDerAttributes(Buffer.from('310b' + '3109' + '0c016e' + '0c0178' + '0c0179', 'hex')), undefined, 'a third element');
  assert.equal(decodeDerAttributes(Buffer.from('3108' + '3106' + '0c016e' + '0c0178', 'hex')), undefined, 'element is not a SEQUENCE');
  assert.equal(decodeDerAttributes(Buffer.from('3008' + '3006' + '0c016e' + '0c0178', 'hex')), undefined, 'a SEQUENCE, not a SET');
  assert.equal(decodeDerAttributes(Buffer.from('3f2200', 'hex')), undefined, 'high tag number');
});

test('decodeDerAttributes never throws on random bytes, and ignores a __proto__ attribute', () => {
  for (let i = 0; i < 2000; i++) {
    const noise = randomBytes(1 + (i % 64));
    if (i % 2) noise[0] = 0x31;
    decodeDerAttributes(noise);
  }
  const hostile = JSON.parse('{"__proto__": "x", "acct": "a"}') as Record<string, string>;
  assert.deepEqual(Object.keys(hostile), ['__proto__', 'acct']);
  const attributes = decodeDerAttributes(encodeDerAttributes(hostile));
  assert.equal(Object.getPrototypeOf(attributes), Object.prototype);
  assert.deepEqual(Object.keys(attributes!), ['acct']);
});
