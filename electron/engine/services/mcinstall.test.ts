import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist, encodeXmlPlist } from '../plist/codec.ts';
import { listProfiles } from './mcinstall.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-mcinstall-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A device side that reads one request and answers `reply` (or hangs up when it is undefined). */
async function ask(reply: Record<string, unknown> | undefined) {
  const socketPath = join(dir, `s-${Math.random().toString(36).slice(2)}`);
  const requests: unknown[] = [];
  const server = net.createServer((device) => {
    let held = Buffer.alloc(0);
    device.on('data', (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      if (held.length < 4 || held.length < 4 + held.readUInt32BE(0)) return;
      requests.push(decodePlist(held.subarray(4, 4 + held.readUInt32BE(0))));
      if (!reply) return void device.destroy();
      const body = encodeXmlPlist(reply);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length);
      device.write(Buffer.concat([header, body]));
    });
    device.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    const result = await listProfiles(net.connect(socketPath)).catch((error: unknown) => error);
    return { result, requests };
  } finally {
    server.close();
  }
}

test('GetProfileList: the profiles in the device order, with their names, organisation and removability', async () => {
  const { result, requests } = await ask({
    Status: 'Acknowledged',
    OrderedIdentifiers: ['com.example.wifi', 'com.example.mdm', 42],
    ProfileMetadata: {
      'com.example.mdm': { PayloadDisplayName: 'MDM', PayloadOrganization: 'Example Inc.', PayloadRemovalDisallowed: true },
      'com.example.wifi': { PayloadDisplayName: 'Office Wi-Fi', PayloadDescription: 'The office network' },
    },
  });
  assert.deepEqual(requests, [{ RequestType: 'GetProfileList' }]);
  assert.deepEqual(result, [
    { identifier: 'com.example.wifi', displayName: 'Office Wi-Fi', organization: undefined, description: 'The office network', removable: true },
    { identifier: 'com.example.mdm', displayName: 'MDM', organization: 'Example Inc.', description: undefined, removable: false },
  ]);
});

test('an error answer or a hang-up is a clear error, not a list', async () => {
  const refused = (await ask({ Status: 'Error', ErrorChain: [{ ErrorCode: 1, LocalizedDescription: 'Not now' }] })).result;
  assert.ok(refused instanceof CradleError);
  assert.equal(refused.code, 'PROTOCOL');
  assert.match(refused.message, /could not list its configuration profiles/);
  assert.deepEqual(refused.details, { status: 'Error', error: 'Not now' });
  const gone = (await ask(undefined)).result;
  assert.ok(gone instanceof CradleError);
  assert.equal(gone.code, 'DEVICE_DISCONNECTED');
});
