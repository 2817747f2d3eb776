// A node:test reporter that counts leaf tests per database engine. Engine-bound tests end their
// names with "[sqlite]" or "[postgres]" (src/test-support/engines.ts does it); the rest count as
// "other". Skipped suites count once. It prints one JSON document at the end, which
// scripts/run-tests.ts turns into the summary lines. Names, not nesting, decide: events of files
// running in parallel may interleave.
const enginePattern = /\[(sqlite|postgres)\]$/;

export default async function* engineCountReporter(source) {
  const counts = {};
  const failures = [];
  const bump = (engine, outcome) => {
    counts[engine] ??= { passed: 0, failed: 0, skipped: 0 };
    counts[engine][outcome] += 1;
  };
  for await (const event of source) {
    const data = event.data ?? {};
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const file = data.file ?? '(no file)';
    const engine = enginePattern.exec(data.name)?.[1] ?? 'other';
    const isSuite = data.details?.type === 'suite';
    const skipped = data.skip !== undefined || data.todo !== undefined;
    if (isSuite && !skipped && event.type === 'test:pass') continue;
    if (isSuite && event.type === 'test:fail' && data.details?.error?.failureType === 'subtestsFailed') continue;
    const outcome = event.type === 'test:fail' ? 'failed' : skipped ? 'skipped' : 'passed';
    bump(engine, outcome);
    if (outcome === 'failed') failures.push(`${file}: ${data.name}`);
  }
  yield `${JSON.stringify({ counts, failures })}\n`;
}
