// ESLint rule: enforces ARCHITECTURE.md's import table. Each layer (found from the file's folder) says
// which other layers it may import, whether Node built-ins are allowed, and which npm packages.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const builtins = new Set(builtinModules);

/** The Node modules a test file may use in any layer. */
const TEST_BUILTINS = new Set(['node:test', 'node:assert', 'node:assert/strict']);

/** Layer folders, most specific first. */
const LAYERS = [
  ['tests/virtual-device', 'virtual-device'],
  ['electron/engine', 'engine'],
  ['electron/main', 'main'],
  ['electron/preload', 'preload'],
  ['electron/cli', 'cli'],
  ['electron/web-bridge', 'web-bridge'],
  ['renderer', 'renderer'],
  ['shared', 'shared'],
];

/** What each layer may import: layers, node built-ins, npm packages (true = any but `electron`). */
const RULES = {
  shared: { layers: ['shared'], node: false, packages: ['zod'] },
  engine: { layers: ['shared', 'engine'], node: true, packages: true, files: ['package.json'] },
  main: { layers: ['shared', 'engine', 'main'], node: true, packages: true, electron: true },
  preload: { layers: ['shared', 'preload'], node: false, packages: [], electron: true, typeOnlyLayers: ['shared'] },
  cli: { layers: ['shared', 'engine', 'cli'], node: true, packages: true },
  'web-bridge': { layers: ['shared', 'engine', 'web-bridge'], node: true, packages: true },
  renderer: { layers: ['shared', 'renderer'], node: false, packages: true },
  'virtual-device': { layers: ['shared', 'virtual-device'], node: true, packages: true },
};

function layerOf(file) {
  const rel = relative(root, file).split(sep).join('/');
  return LAYERS.find(([folder]) => rel === folder || rel.startsWith(`${folder}/`))?.[1];
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function problem(rule, layer, specifier, file) {
  if (specifier.startsWith('.')) {
    const path = resolve(dirname(file), specifier);
    if (rule.files?.some((allowed) => path === resolve(root, allowed))) return undefined;
    const target = layerOf(path);
    // Tests may use the shared test helpers under tests/ besides what their layer allows.
    if (target === undefined && /\.test\.tsx?$/.test(file) && path.startsWith(resolve(root, 'tests') + sep)) return undefined;
    if (target === undefined) return `${layer} code may not import ${specifier} (outside the layered folders)`;
    return rule.layers.includes(target) ? undefined : `${layer} code may not import from ${target} (${specifier})`;
  }
  if (specifier.startsWith('node:') || builtins.has(specifier)) {
    // Unit tests of pure code (e.g. the renderer's reducers) run in Node with its test runner.
    if (/\.test\.tsx?$/.test(file) && TEST_BUILTINS.has(specifier)) return undefined;
    return rule.node ? undefined : `${layer} code may not import Node built-ins (${specifier})`;
  }
  const name = packageName(specifier);
  if (name === 'electron') return rule.electron ? undefined : `${layer} code may not import electron`;
  if (rule.packages === true || rule.packages.includes(name)) return undefined;
  return `${layer} code may not import the package ${name}`;
}

/** The rule itself. */
export const importLayers = {
  meta: { type: 'problem', schema: [], docs: { description: "Enforces ARCHITECTURE.md's import table" } },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    const rule = RULES[layer];
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = problem(rule, layer, source.value, file);
      if (message) context.report({ node: source, message });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};
