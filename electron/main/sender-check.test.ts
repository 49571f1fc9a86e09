import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSafeExternalUrl, isTrustedRendererUrl } from './sender-check.ts';

const renderer = 'file:///opt/Cradle/resources/app.asar/dist/renderer/index.html';

test('only the renderer page itself is a trusted sender', () => {
  assert.equal(isTrustedRendererUrl(renderer, renderer), true);
  assert.equal(isTrustedRendererUrl(`${renderer}#/device/1`, renderer), true);
  assert.equal(isTrustedRendererUrl('file:///tmp/evil.html', renderer), false);
  assert.equal(isTrustedRendererUrl('https://example.com/dist/renderer/index.html', renderer), false);
  assert.equal(isTrustedRendererUrl('about:blank', renderer), false);
  assert.equal(isTrustedRendererUrl(undefined, renderer), false);
  assert.equal(isTrustedRendererUrl('not a url', renderer), false);
});

test('only parsed https links go to the OS browser', () => {
  assert.equal(isSafeExternalUrl('https://support.apple.com/en-us/108313'), true);
  for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'nonsense']) {
    assert.equal(isSafeExternalUrl(url), false, url);
  }
});
