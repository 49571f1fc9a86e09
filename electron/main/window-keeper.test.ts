import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserWindow } from 'electron';
import { useFakeElectron, app, BrowserWindow as FakeWindow } from '../../tests/helpers/fake-electron.ts';

useFakeElectron();
const { WindowKeeper } = await import('./window-keeper.ts');

test('closing the window hides it while Cradle keeps running; Show brings it back; Quit closes it for real', () => {
  let keepRunning = true;
  let created = 0;
  const keeper = new WindowKeeper(
    () => {
      created += 1;
      return new FakeWindow({}) as unknown as BrowserWindow;
    },
    () => keepRunning,
  );
  const window = keeper.open() as unknown as FakeWindow;
  window.close();
  assert.equal(window.isDestroyed(), false, 'hidden, not closed');
  assert.equal(window.visible, false);
  assert.equal(keeper.current(), window as unknown as BrowserWindow);
  keeper.show();
  assert.equal(window.visible, true);
  assert.equal(created, 1, 'the same window comes back');

  keepRunning = false;
  window.close();
  assert.equal(window.isDestroyed(), true, 'nothing keeps Cradle running: the window closes');
  assert.equal(keeper.current(), undefined);
  keeper.show();
  assert.equal(created, 2, 'Show makes a new window');

  keepRunning = true;
  app.emit('before-quit');
  const second = keeper.current() as unknown as FakeWindow;
  second.close();
  assert.equal(second.isDestroyed(), true, 'quitting closes the window even while backups go on');
});
