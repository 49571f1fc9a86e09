import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { formatUsbmuxAddress, parseUsbmuxAddress, resolveUsbmuxAddress } from './address.ts';

test('USBMUXD_SOCKET_ADDRESS with UNIX: is a socket path', () => {
  const address = resolveUsbmuxAddress({ USBMUXD_SOCKET_ADDRESS: 'UNIX:/tmp/x/usbmuxd' }, 'linux');
  assert.deepEqual(address, { kind: 'unix', path: '/tmp/x/usbmuxd', source: 'env' });
  assert.equal(formatUsbmuxAddress(address), 'UNIX:/tmp/x/usbmuxd');
});

test('host:port is TCP, IPv6 in brackets too', () => {
  assert.deepEqual(parseUsbmuxAddress('127.0.0.1:27015'), { kind: 'tcp', host: '127.0.0.1', port: 27015, source: 'env' });
  assert.deepEqual(parseUsbmuxAddress('[::1]:5000'), { kind: 'tcp', host: '::1', port: 5000, source: 'env' });
});

test('platform defaults: UNIX socket on Linux and macOS, TCP 27015 on Windows', () => {
  assert.deepEqual(resolveUsbmuxAddress({}, 'linux'), { kind: 'unix', path: '/var/run/usbmuxd', source: 'default' });
  assert.deepEqual(resolveUsbmuxAddress({}, 'darwin'), { kind: 'unix', path: '/var/run/usbmuxd', source: 'default' });
  assert.deepEqual(resolveUsbmuxAddress({}, 'win32'), { kind: 'tcp', host: '127.0.0.1', port: 27015, source: 'default' });
});

test('a malformed address is a VALIDATION error that says what to fix', () => {
  for (const bad of ['bogus', 'UNIX:', 'host:99999', 'host:']) {
    assert.throws(
      () => parseUsbmuxAddress(bad),
      (error: unknown) => error instanceof CradleError && error.code === 'VALIDATION' && error.message.includes(bad),
    );
  }
});
