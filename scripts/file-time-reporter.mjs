// A node:test reporter that adds up the time of each file's top-level tests and suites, slowest
// first. scripts/run-tests.ts adds it when WARD_TEST_TIMINGS names a file to write, so the files
// that make CI slow can be found without guessing.
export default async function* fileTimeReporter(source) {
  const secondsByFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.nesting !== 0) continue;
    // Suites run on each engine are declared inside src/test-support/engines.ts, which node reports
    // as their file; their name (which ends with the engine) tells them apart.
    const declaredIn = event.data.file ?? '(no file)';
    const file = declaredIn.endsWith('test-support/engines.ts') ? `${event.data.name} (engines.ts)` : declaredIn;
    secondsByFile.set(file, (secondsByFile.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0) / 1000);
  }
  const slowestFirst = [...secondsByFile].sort((a, b) => b[1] - a[1]);
  for (const [file, seconds] of slowestFirst) yield `${seconds.toFixed(1).padStart(7)} s  ${file}\n`;
}
