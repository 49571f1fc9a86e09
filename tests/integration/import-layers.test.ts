import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = new URL('../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'cradle/import-layers').map((m) => m.message);
}

test('the renderer may not import node: built-ins or electron', async () => {
  assert.equal((await layerErrors('renderer/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n")).length, 1);
  assert.equal((await layerErrors('renderer/x.ts', "import fs from 'fs';\nvoid fs;\n")).length, 1);
  assert.equal((await layerErrors('renderer/x.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n")).length, 1);
  assert.equal((await layerErrors('renderer/x.ts', "import { x } from '../electron/engine/y.ts';\nvoid x;\n")).length, 1);
  assert.deepEqual(await layerErrors('renderer/x.ts', "import { x } from '../shared/y.ts';\nvoid x;\n"), []);
  // A renderer unit test runs in Node: the test runner and assert, nothing else.
  assert.deepEqual(await layerErrors('renderer/x.test.ts', "import { test } from 'node:test';\nvoid test;\n"), []);
  assert.equal((await layerErrors('renderer/x.test.ts', "import fs from 'node:fs';\nvoid fs;\n")).length, 1);
});

test('the engine never imports electron, the renderer or main', async () => {
  assert.equal((await layerErrors('electron/engine/x.ts', "import { app } from 'electron';\nvoid app;\n")).length, 1);
  assert.equal((await layerErrors('electron/engine/x.ts', "import { x } from '../../renderer/y.ts';\nvoid x;\n")).length, 1);
  assert.equal((await layerErrors('electron/engine/x.ts', "import { x } from '../main/y.ts';\nvoid x;\n")).length, 1);
  assert.deepEqual(await layerErrors('electron/engine/x.ts', "import { connect } from 'node:net';\nvoid connect;\n"), []);
});

test('shared imports nothing but shared and zod', async () => {
  assert.equal((await layerErrors('shared/x.ts', "import { join } from 'node:path';\nvoid join;\n")).length, 1);
  assert.equal((await layerErrors('shared/x.ts', "import React from 'react';\nvoid React;\n")).length, 1);
  assert.equal((await layerErrors('shared/x.ts', "import { x } from '../electron/engine/y.ts';\nvoid x;\n")).length, 1);
  assert.deepEqual(await layerErrors('shared/x.ts', "import { z } from 'zod';\nvoid z;\n"), []);
});

test('the virtual device never imports the engine; the preload only electron and shared', async () => {
  assert.equal(
    (await layerErrors('tests/virtual-device/x.ts', "import { x } from '../../electron/engine/y.ts';\nvoid x;\n")).length,
    1,
  );
  assert.equal((await layerErrors('electron/preload/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n")).length, 1);
  assert.equal((await layerErrors('electron/preload/x.ts', "import { x } from '../engine/y.ts';\nvoid x;\n")).length, 1);
  assert.equal((await layerErrors('electron/engine/x.ts', "const m = await import('electron');\nvoid m;\n")).length, 1);
});
