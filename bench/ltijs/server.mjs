// A peer LTI 1.3 tool on ltijs (with ltijs-sequelize on PostgreSQL) for bench/LaunchThroughput: it registers the
// emulated platform, answers a launch with a small page, and prints {"port": N} once it listens.
// Settings come from the environment: PG_HOST, PG_USER, PG_PASSWORD, PG_DATABASE, PLATFORM_ISSUER, PLATFORM_CLIENT_ID,
// PLATFORM_AUTH, PLATFORM_TOKEN, PLATFORM_JWKS, PORT.
import ltijs from 'ltijs';
import Database from 'ltijs-sequelize';

const env = process.env;
const lti = ltijs.Provider;
const db = new Database(env.PG_DATABASE, env.PG_USER, env.PG_PASSWORD, { host: env.PG_HOST, dialect: 'postgres', logging: false });

lti.setup('microcred-bench-ltijs-key', { plugin: db }, {
  appRoute: '/', loginRoute: '/login',
  cookies: { secure: false, sameSite: '' },
  devMode: true,
});
lti.onConnect((token, req, res) => res.send(`<!doctype html><title>Launched</title><p>Hello ${token.userInfo?.name ?? 'there'}</p>`));

await lti.deploy({ port: Number(env.PORT), silent: true });
await lti.registerPlatform({
  url: env.PLATFORM_ISSUER, name: 'Emulated Moodle', clientId: env.PLATFORM_CLIENT_ID,
  authenticationEndpoint: env.PLATFORM_AUTH, accesstokenEndpoint: env.PLATFORM_TOKEN,
  authConfig: { method: 'JWK_SET', key: env.PLATFORM_JWKS },
});
console.log(JSON.stringify({ port: Number(env.PORT) }));
