import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDevices, deviceDistinction, deviceIconKind, deviceIdentity, deviceLabel, type NamedDevice } from './devices.ts';

const cart: NamedDevice[] = [
  { udid: '00008103-000A1B2C3D4E5F60', name: 'Anna’s iPad', model: 'iPad Air (5th generation)', serialNumber: 'DMPXQ1F3K2' },
  { udid: '00008103-000A1B2C3D4E5F61', name: 'Anna’s iPad', model: 'iPad (10th generation)', serialNumber: 'DMPXQ1H7L9' },
  { udid: '00008103-000A1B2C3D4E5F62', name: 'Anna’s iPad', productType: 'iPad13,18' },
  { udid: '00008120-00080A86D7FDAF0B', name: 'Ben’s iPhone', model: 'iPhone 14 Pro', serialNumber: 'F2LXK0Q1N0' },
];

test('deviceLabel: a unique name stays as it is; same names get the model and the end of the serial', () => {
  assert.equal(deviceLabel(cart[3]!, cart), 'Ben’s iPhone');
  assert.equal(deviceLabel(cart[0]!, cart), 'Anna’s iPad (iPad Air (5th generation) · …F3K2)');
  assert.equal(deviceLabel(cart[1]!, cart), 'Anna’s iPad (iPad (10th generation) · …H7L9)');
  // Before Trust the serial is unknown: the end of the UDID, and the ProductType when the model is unknown.
  assert.equal(deviceLabel(cart[2]!, cart), 'Anna’s iPad (iPad13,18 · …5F62)');
  assert.equal(deviceLabel(cart[0]!, [cart[0]!]), 'Anna’s iPad');
});

test('deviceLabel: every one of a cart of same-named devices reads differently, even when serials end alike', () => {
  const alike: NamedDevice[] = [
    { udid: 'a', name: 'iPad', model: 'iPad (10th generation)', serialNumber: 'AAAA1234' },
    { udid: 'b', name: 'iPad', model: 'iPad (10th generation)', serialNumber: 'BBBB1234' },
    { udid: 'c', name: 'iPad', model: 'iPad (10th generation)', serialNumber: 'CCCC9999' },
  ];
  const labels = alike.map((device) => deviceLabel(device, alike));
  assert.equal(new Set(labels).size, alike.length, labels.join(' | '));
  assert.equal(labels[0], 'iPad (iPad (10th generation) · AAAA1234)');
  assert.equal(labels[2], 'iPad (iPad (10th generation) · …9999)');
});

test('deviceDistinction: model and serial digits even alone (the restore review names its target so)', () => {
  assert.equal(deviceDistinction(cart[3]!), 'iPhone 14 Pro · …Q1N0');
  assert.equal(deviceDistinction({ udid: '00008120-00080A86D7FDAF0B' }), '…AF0B');
  // The sidebar lays out the parts itself, so a long model gives way before the serial digits.
  assert.deepEqual(deviceIdentity(cart[0]!, cart), { model: 'iPad Air (5th generation)', serial: '…F3K2' });
  assert.deepEqual(deviceIdentity({ udid: '00008120-00080A86D7FDAF0B' }), { serial: '…AF0B' });
});

test('compareDevices: by name as people sort them, then serial, then UDID; unnamed devices last', () => {
  const list: NamedDevice[] = [
    { udid: 'u4' },
    { udid: 'u3', name: 'Loaner 10' },
    { udid: 'u2', name: 'loaner 2', serialNumber: 'B' },
    { udid: 'u1', name: 'Loaner 2', serialNumber: 'A' },
    { udid: 'u0', name: 'Loaner 2', serialNumber: 'A' },
    { udid: 'u5', name: 'Ärzte iPad' },
  ];
  assert.deepEqual([...list].sort(compareDevices).map((device) => device.udid), ['u5', 'u0', 'u1', 'u2', 'u3', 'u4']);
});

test('deviceIconKind: iPads by DeviceClass or ProductType, iPhone otherwise', () => {
  assert.equal(deviceIconKind({ deviceClass: 'iPad' }), 'ipad');
  assert.equal(deviceIconKind({ productType: 'iPad13,18' }), 'ipad');
  assert.equal(deviceIconKind({ deviceClass: 'iPod', productType: 'iPod9,1' }), 'ipod');
  assert.equal(deviceIconKind({ productType: 'iPhone15,2' }), 'iphone');
  assert.equal(deviceIconKind({}), 'iphone');
});
