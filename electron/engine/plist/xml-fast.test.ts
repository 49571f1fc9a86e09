/**
 * The fast XML plist reader against the full parser (`plist` over xmldom): on every document the fast reader
 * accepts, both give the same value; everything unusual is declined and left to the full parser.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'plist';
import { commonLeaves, plistValues } from '../../../tests/helpers/plist-values.ts';
import { encodeXmlPlist } from './codec.ts';
import { DECLINED, readXmlPlistFast } from './xml-fast.ts';

/** What the full parser makes of `xml` (data as Buffer), or the error it throws. */
function full(xml: string): unknown {
  const report = console.error;
  console.error = () => undefined;
  try {
    return normalise(parse(xml));
  } catch (error) {
    return { threw: String(error) };
  } finally {
    console.error = report;
  }
}

function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}

/** Asserts the fast reader declines `xml` or reads it as the full parser does; returns whether it read it. */
function agrees(xml: string): boolean {
  const fast = readXmlPlistFast(xml);
  if (fast === DECLINED) return false;
  assert.deepStrictEqual(fast, full(xml), xml);
  return true;
}

const value = plistValues(
  fc.oneof(
    ...commonLeaves,
    fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ' ', '\u2028', '\u0085', 'a', ']]>'), maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000)),
  ),
);

test('documents the encoder writes: the fast reader reads them as the full parser does', () => {
  let read = 0;
  fc.assert(
    fc.property(value, (input) => {
      if (agrees(encodeXmlPlist(input).toString('utf8'))) read += 1;
    }),
    { numRuns: 2000, seed: 15 },
  );
  assert.ok(read > 1000, `the fast reader read only ${read} of 2000 documents`);
});

test('lockdown and usbmuxd messages are read by the fast reader', () => {
  for (const message of [
    { MessageType: 'Result', Number: 0 },
    { DeviceList: [{ DeviceID: 3, MessageType: 'Attached', Properties: { ConnectionType: 'USB', SerialNumber: '00008030-001A2B3C4D5E6F70', LocationID: 0, ProductID: 4776 } }] },
    { Request: 'GetValue', Key: 'ProductVersion', Value: '17.5', Data: Buffer.from('certificate bytes') },
  ]) {
    assert.ok(agrees(encodeXmlPlist(message).toString('utf8')));
  }
});

test('unusual and hostile documents: declined, or read as the full parser reads them', () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';
  const bodies = [
    '<plist version="1.0"><dict><key>a</key><integer>12abc</integer></dict></plist>',
    '<plist version="1.0"><dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict></plist>',
    '<plist version="1.0"><dict><key>a</key></dict></plist>',
    '<plist version="1.0"><dict><key>a</key><key>b</key><string>c</string></dict></plist>',
    '<plist version="1.0"><dict><string>a</string><string>b</string></dict></plist>',
    '<plist version="1.0"><dict><key>a</key><string><![CDATA[x<y]]></string></dict></plist>',
    '<plist version="1.0"><!-- note --><dict/></plist>',
    '<plist version="1.0"><string>&nbsp;</string></plist>',
    '<plist version="1.0"><string>&amp</string></plist>',
    '<plist version="1.0"><string>&#0;</string></plist>',
    '<plist version="1.0"><string>a\r\nb</string></plist>',
    '<plist version="1.0"><string>&#xd;&#10;&#x1F600;</string></plist>',
    '<plist version="1.0"><data>AAA</data></plist>',
    '<plist version="1.0"><data>!!!!</data></plist>',
    '<plist version="1.0"><data>\n  AAEC\n  AwQ=\n</data></plist>',
    '<plist version="1.0"><date>not a date</date></plist>',
    '<plist version="1.0"><real>1e400</real></plist>',
    '<plist version="1.0"><integer>99999999999999999999</integer></plist>',
    '<plist version="1.0"><array><null/><string>x</string></array></plist>',
    '<plist version="1.0"><unknown/></plist>',
    '<plist version="1.0"><string>a</string><integer>1</integer></plist>',
    '<plist version="1.0"></plist>',
    '<plist version="1.0"/>',
    '<plist version="1.0"><dict><key>a</key><string>b</string></plist>',
    '<plist version="1.0"><dict><key>a</key><string>b</string></dict></plist><plist/>',
    '<notplist><dict/></notplist>',
    '<plist version="1.0"><string attr="x">a</string></plist>',
    `<plist version="1.0">${'<array>'.repeat(300)}${'</array>'.repeat(300)}</plist>`,
  ];
  let read = 0;
  for (const body of bodies) {
    for (const document of [head + body, body, `\uFEFF${head}${body}`, ` ${body}`]) if (agrees(document)) read += 1;
  }
  assert.ok(read > 0);
});
