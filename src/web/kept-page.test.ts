import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { keptPage } from './kept-page.js';
import { registerWebAssets } from './web-assets.js';

async function server() {
  const app = Fastify();
  await registerWebAssets(app, { cacheTemplates: true });
  await app.ready();
  return app;
}

const layout = (csrfToken: string, label = 'analyst@ward.test') => ({ signedIn: { label, role: 'National analyst' }, nav: [{ href: '/national', text: 'National dashboard', current: true, active: false }], csrfToken, path: '/national' });

describe('kept pages', () => {
  it('gives the very bytes the template gives with the body in place, non-ASCII text included', async () => {
    const app = await server();
    const body = '<h1 class="nhsuk-heading-l">National dashboard</h1><p>72.9\u00a0% – ≥ 1 organisation, “quoted” <b>&amp;</b></p>';
    const whole = await app.view('national-page.njk', { ...layout('token-one'), content: body });
    const kept = await keptPage(app, 'national-page.njk', layout('token-one'), Buffer.from(body));
    assert.equal(kept.toString('utf8'), whole);
    assert.ok(kept.toString('utf8').includes('token-one'), 'the session’s form token is in the layout');
    await app.close();
  });

  it('never gives one session the layout of another: a different token or user draws its own frame', async () => {
    const app = await server();
    const body = Buffer.from('<p>figures</p>');
    const first = (await keptPage(app, 'national-page.njk', layout('token-one'), body)).toString('utf8');
    const again = (await keptPage(app, 'national-page.njk', layout('token-one'), body)).toString('utf8');
    const other = (await keptPage(app, 'national-page.njk', layout('token-two', 'admin@ward.test'), body)).toString('utf8');
    assert.equal(again, first);
    assert.ok(other.includes('token-two') && other.includes('admin@ward.test'));
    assert.ok(!other.includes('token-one') && !other.includes('analyst@ward.test'));
    await app.close();
  });

  it('refuses a template that does not place the body, rather than dropping it', async () => {
    const app = await server();
    await assert.rejects(keptPage(app, 'error.njk', { ...layout('t'), status: 500, title: 'x', message: 'y' }, Buffer.from('<p>lost</p>')), /does not place its content/);
    await app.close();
  });
});
