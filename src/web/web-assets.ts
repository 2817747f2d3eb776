import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { formatFilters } from './format.js';
import { linearTrim } from './linear-trim.js';

const require = createRequire(import.meta.url);
/** src/web and dist/web sit at the same depth, so the package root is two levels up from either. */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const webFolder = join(packageRoot, 'src', 'web');
const nhsukDist = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');
const htmxDist = join(dirname(require.resolve('htmx.org/package.json')), 'dist');

/**
 * Templates (ours, then the NHS design system's macros as `nhsuk/components/…`) and the files a
 * page loads, all served by Ward itself: nothing comes from a CDN.
 */
export async function registerWebAssets(app: FastifyInstance, options: { cacheTemplates: boolean }): Promise<void> {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [join(webFolder, 'views'), nhsukDist],
    production: options.cacheTemplates,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: !options.cacheTemplates,
      onConfigure(environment: nunjucks.Environment) {
        for (const [name, filter] of Object.entries(formatFilters)) environment.addFilter(name, filter);
        environment.addFilter('trim', linearTrim);
      },
    },
  });
  const cacheControl = { cacheControl: true, maxAge: '1h' };
  // The NHS stylesheet refers to /assets/images/…; fonts and icons live there too.
  await app.register(fastifyStatic, { root: join(nhsukDist, 'nhsuk', 'assets'), prefix: '/assets/', ...cacheControl });
  await app.register(fastifyStatic, {
    root: join(nhsukDist, 'nhsuk'),
    prefix: '/nhsuk/',
    decorateReply: false,
    allowedPath: (path) => /^\/nhsuk-frontend\.min\.js(\.map)?$/.test(path),
    ...cacheControl,
  });
  const stylesheet = selfContainedStylesheet(await readFile(join(nhsukDist, 'nhsuk', 'nhsuk-frontend.min.css'), 'utf8'));
  app.get('/nhsuk/nhsuk-frontend.min.css', { schema: { hide: true } }, (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet));
  await app.register(fastifyStatic, { root: htmxDist, prefix: '/htmx/', decorateReply: false, allowedPath: (path) => path === '/htmx.min.js', ...cacheControl });
  await app.register(fastifyStatic, { root: join(webFolder, 'static'), prefix: '/static/', decorateReply: false, ...cacheControl });
}

/**
 * The NHS stylesheet loads the Frutiger web font from assets.nhs.uk. Ward serves nothing from
 * elsewhere (air-gapped networks, and a CSP of 'self'), so those @font-face rules are removed and
 * pages use the design system's own fallback, Arial.
 */
export function selfContainedStylesheet(css: string): string {
  return css.replace(/@font-face\{[^}]*url\(https?:[^}]*\}/g, '').replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');
}
