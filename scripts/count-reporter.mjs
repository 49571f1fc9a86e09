// A node:test reporter that writes one JSON line of leaf-test counts; scripts/test.mjs adds them up.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else {
      counts.failed += 1;
      counts.failures.push(`${event.data.file ?? ''} › ${event.data.name}`);
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
