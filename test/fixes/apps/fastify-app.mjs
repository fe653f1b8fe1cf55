// Many Fastify + @fastify/helmet configurations in one process, for the fix
// proofs (test/fixes/node.test.ts). Run by node, not Jest: @fastify/cookie
// loads the cookie package with a dynamic import Jest's CommonJS VM refuses.
// Usage: node fastify-app.mjs CONFIGS.json — prints the port, serves
// configuration i under /c<i>/. A configuration: { helmet: options,
// statements: [code with `fastify` in scope], cookie: code with `reply` and
// `value`, cause: 'route-off' for a route registered with { helmet: false } }.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyCookie from '@fastify/cookie';

const configs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const run = (code, scope) => new Function(...Object.keys(scope), code)(...Object.values(scope));
const page = (nonce) => `<!doctype html><title>t</title><style nonce="${nonce}">p{}</style><script nonce="${nonce}">1</script><p>ok`;

const fastify = Fastify();
// @fastify/cookie is a fastify-plugin (not encapsulated): registered once, every configuration's context has reply.setCookie.
await fastify.register(fastifyCookie);
configs.forEach((config, i) => {
  fastify.register(
    async (child) => {
      await child.register(fastifyHelmet, config.helmet);
      for (const statement of config.statements) run(statement, { fastify: child });
      child.get('/', config.cause === 'route-off' ? { helmet: false } : {}, async (_request, reply) => {
        if (config.cookie) run(config.cookie, { reply, value: 'v1' });
        return reply.type('text/html').send(page(reply.cspNonce?.script ?? ''));
      });
    },
    { prefix: `/c${i}` },
  );
});
const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
console.log(new URL(address).port);
