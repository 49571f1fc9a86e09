import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { encodeUsbmuxPacket, UsbmuxPacketDecoder } from './packet.ts';

test('a packet split at every byte boundary decodes once, with its tag and body', () => {
  const packet = encodeUsbmuxPacket({ MessageType: 'ListDevices' }, 7);
  assert.equal(packet.readUInt32LE(0), packet.length);
  for (let cut = 1; cut < packet.length; cut += 1) {
    const decoder = new UsbmuxPacketDecoder();
    assert.deepEqual(decoder.push(packet.subarray(0, cut)), []);
    const [decoded, ...rest] = decoder.push(packet.subarray(cut));
    assert.equal(rest.length, 0);
    assert.equal(decoded?.tag, 7);
    assert.equal(decoded?.body.MessageType, 'ListDevices');
    assert.equal(decoded?.body.kLibUSBMuxVersion, 3);
  }
});

test('two packets in one chunk both decode', () => {
  const both = Buffer.concat([encodeUsbmuxPacket({ A: 1 }, 1), encodeUsbmuxPacket({ B: 2 }, 2)]);
  assert.deepEqual(
    new UsbmuxPacketDecoder().push(both).map((p) => p.tag),
    [1, 2],
  );
});

test('an oversized or undersized length is a PROTOCOL error, not an allocation', () => {
  for (const length of [0xffffffff, 3]) {
    const header = Buffer.alloc(16);
    header.writeUInt32LE(length, 0);
    header.writeUInt32LE(8, 8);
    assert.throws(
      () => new UsbmuxPacketDecoder().push(header),
      (error: unknown) => error instanceof CradleError && error.code === 'PROTOCOL',
    );
  }
});

test('a body that is not a plist is a PROTOCOL error', () => {
  const body = Buffer.from('not a plist at all');
  const header = Buffer.alloc(16);
  header.writeUInt32LE(16 + body.length, 0);
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(8, 8);
  assert.throws(
    () => new UsbmuxPacketDecoder().push(Buffer.concat([header, body])),
    (error: unknown) => error instanceof CradleError && error.code === 'PROTOCOL',
  );
});
