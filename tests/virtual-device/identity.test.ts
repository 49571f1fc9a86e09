import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceIdentity, modelFor, MODELS } from './identity.ts';

test('identities are deterministic per seed and index, and differ otherwise', () => {
  const model = MODELS[0]!;
  assert.deepEqual(deviceIdentity(0, 'seed', model), deviceIdentity(0, 'seed', model));
  assert.notEqual(deviceIdentity(0, 'seed', model).udid, deviceIdentity(1, 'seed', model).udid);
  assert.notEqual(deviceIdentity(0, 'seed', model).udid, deviceIdentity(0, 'other', model).udid);
});

test('UDIDs have the shape of their model generation', () => {
  for (const model of MODELS) {
    const { udid, values } = deviceIdentity(3, 'seed', model);
    if (model.newStyleUdid) {
      assert.match(udid, /^0000[0-9A-F]{4}-[0-9A-F]{16}$/);
      assert.ok(udid.startsWith(`0000${model.chipId.toString(16).toUpperCase()}-`));
    } else {
      assert.match(udid, /^[0-9a-f]{40}$/);
    }
    assert.equal(values['']!.UniqueDeviceID, udid);
    assert.equal(values['']!.ProductType, model.productType);
  }
});

test('IMEIs carry a valid Luhn check digit', () => {
  const imei = String(deviceIdentity(0, 'seed', MODELS[0]!).values['']!.InternationalMobileEquipmentIdentity);
  assert.match(imei, /^\d{15}$/);
  const sum = [...imei].reverse().reduce((total, digit, i) => {
    let d = Number(digit);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    return total + d;
  }, 0);
  assert.equal(sum % 10, 0);
});

test('device 0 takes the profile model, the others take the remaining models in turn', () => {
  assert.equal(modelFor(0, 'iPhone14,7').productType, 'iPhone14,7');
  const others = [1, 2, 3, 4].map((i) => modelFor(i, 'iPhone14,7').productType);
  assert.ok(!others.includes('iPhone14,7'));
  assert.equal(new Set(others).size, others.length);
  assert.equal(modelFor(2).productType, MODELS[2]!.productType);
});
