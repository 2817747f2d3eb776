import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { linearTrim } from './linear-trim.js';

const builtIn = new nunjucks.Environment().getFilter('trim') as (value: unknown) => unknown;
const whiteSpace = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u3000', 'x', '<p>', '&amp;');

test("the linear trim gives exactly nunjucks' own result, safe strings staying safe", () => {
  fc.assert(
    fc.property(fc.array(whiteSpace, { maxLength: 60 }).map((parts) => parts.join('')), fc.boolean(), (text, safe) => {
      const input = safe ? new nunjucks.runtime.SafeString(text) : text;
      const ours = linearTrim(input);
      const theirs = builtIn(input);
      assert.equal(String(ours), String(theirs));
      assert.equal(ours instanceof nunjucks.runtime.SafeString, theirs instanceof nunjucks.runtime.SafeString);
    }),
    { seed: 20261129, numRuns: 500 },
  );
});

test('a template renders as with the built-in filter: a safe macro body keeps its markup, anything else is escaped', () => {
  const ours = new nunjucks.Environment(null, { autoescape: true });
  ours.addFilter('trim', linearTrim);
  const theirs = new nunjucks.Environment(null, { autoescape: true });
  const template = '{% set body %}\n   <b>{{ name }}</b>  \n{% endset %}[{{ body | safe | trim }}] [{{ body | trim }}]';
  const html = ours.renderString(template, { name: '<script>' });
  assert.equal(html, '[<b>&lt;script&gt;</b>] [&lt;b&gt;&amp;lt;script&amp;gt;&lt;/b&gt;]');
  assert.equal(html, theirs.renderString(template, { name: '<script>' }));
});
