import { availableParallelism } from 'node:os';
import { ConfigError } from '../../src/errors/config-error';
import { DEVELOPMENT_TOKEN_SECRET, loadConfig } from '../../src/config/load-config';

const TOKEN_SECRET = '0123456789abcdef0123456789abcdef';

function configError(env: NodeJS.ProcessEnv, options: { serving?: boolean } = {}): ConfigError {
  try {
    loadConfig(env, options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to refuse the environment');
}

describe('loadConfig', () => {
  it('when nothing is set, then it uses the development defaults', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      production: false,
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      privateKey: {
        pem: undefined,
        paths: ['keys/private.pem'],
        pathIsDefault: true,
        passphrase: undefined,
      },
      appSecrets: [],
      requestSignatures: 'on',
      flowValidation: 'strict',
      storeUrl: 'sqlite:data/flows.db',
      flowTokenSecret: DEVELOPMENT_TOKEN_SECRET,
      flowTokenSecretIsDefault: true,
      sessionTtlSeconds: 86400,
      metricsToken: undefined,
      trustProxy: false,
      webConcurrency: 1,
      shutdownDelayMs: 0,
    });
  });

  it('when every variable is set, then each lands in its field', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8443',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
      PRIVATE_KEY_PATH: '/etc/flows/private.pem, /etc/flows/old.pem',
      PASSPHRASE: 'hunter2',
      APP_SECRET: 'secret',
      FLOW_VALIDATION: 'off',
      STORE_URL: 'redis://127.0.0.1:6380/2',
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
      SESSION_TTL: '600',
      METRICS_TOKEN: 'scrape-me',
      TRUST_PROXY: '1',
      WEB_CONCURRENCY: '2',
      SHUTDOWN_DELAY: '5000',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      production: true,
      port: 8443,
      host: '127.0.0.1',
      logLevel: 'warn',
      privateKey: {
        pem: '-----BEGIN PRIVATE KEY-----',
        paths: ['/etc/flows/private.pem', '/etc/flows/old.pem'],
        pathIsDefault: false,
        passphrase: 'hunter2',
      },
      appSecrets: ['secret'],
      requestSignatures: 'on',
      flowValidation: 'off',
      storeUrl: 'redis://127.0.0.1:6380/2',
      flowTokenSecret: TOKEN_SECRET,
      flowTokenSecretIsDefault: false,
      sessionTtlSeconds: 600,
      metricsToken: 'scrape-me',
      trustProxy: 1,
      webConcurrency: 2,
      shutdownDelayMs: 5000,
    });
  });

  it('when production sets no HOST or SHUTDOWN_DELAY, then it listens on every interface and waits 3 s on SIGTERM', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: 'secret',
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
    });
    expect(config).toMatchObject({ host: '0.0.0.0', shutdownDelayMs: 3000 });
  });

  it('when SHUTDOWN_DELAY is not a number of milliseconds, then the message says so', () => {
    expect(configError({ SHUTDOWN_DELAY: '3s' }).problems).toEqual([
      'SHUTDOWN_DELAY must be a number of milliseconds (0 to 99999)',
    ]);
  });

  it('when variables are set to empty strings, then they count as unset', () => {
    const config = loadConfig({
      NODE_ENV: '',
      PORT: '',
      HOST: '',
      LOG_LEVEL: '',
      PRIVATE_KEY: '',
      PRIVATE_KEY_PATH: '',
      PASSPHRASE: '',
      APP_SECRET: '',
    });
    expect(config).toEqual(loadConfig({}));
  });

  it('when PRIVATE_KEY_PATH is set to the default path, then it is still an explicit choice', () => {
    const config = loadConfig({ PRIVATE_KEY_PATH: 'keys/private.pem' });
    expect(config.privateKey.pathIsDefault).toBe(false);
  });

  it('when PORT is 0, then it is accepted (the system picks a free port)', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it('when APP_SECRET lists several secrets, then they are split on commas and trimmed, newest first', () => {
    const config = loadConfig({ APP_SECRET: ' new-secret , old-secret ,, ' });
    expect(config.appSecrets).toEqual(['new-secret', 'old-secret']);
  });

  it.each([
    ['not a number', 'abc', 'PORT must be a port number from 0 to 65535'],
    ['not whole', '80.5', 'PORT must be a port number from 0 to 65535'],
    ['hexadecimal', '0x50', 'PORT must be a port number from 0 to 65535'],
    ['blank', ' ', 'PORT must be a port number from 0 to 65535'],
    ['above 65535', '70000', 'PORT must be a port number from 0 to 65535'],
    ['negative', '-1', 'PORT must be a port number from 0 to 65535'],
  ])('when PORT is %s, then a ConfigError names PORT', (_case, port, problem) => {
    const error = configError({ PORT: port });
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain(problem);
  });

  it.each([
    ['development', undefined, 'strict'],
    ['test', undefined, 'strict'],
    ['production', undefined, 'warn'],
    ['production', 'strict', 'strict'],
    ['development', 'off', 'off'],
  ])(
    'when NODE_ENV is %s and FLOW_VALIDATION is %s, then answers are checked in %s mode',
    (nodeEnv, mode, expected) => {
      const config = loadConfig({
        NODE_ENV: nodeEnv,
        FLOW_VALIDATION: mode,
        APP_SECRET: 'secret',
        FLOW_TOKEN_SECRET: TOKEN_SECRET,
      });
      expect(config.flowValidation).toBe(expected);
    },
  );

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('when TRUST_PROXY is %s, then Express is told %p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['0', 'WEB_CONCURRENCY must be a number of workers (1 or more) or auto'],
    ['many', 'WEB_CONCURRENCY must be a number of workers (1 or more) or auto'],
  ])('when WEB_CONCURRENCY is %s, then a ConfigError names it', (value, problem) => {
    expect(configError({ WEB_CONCURRENCY: value }).problems).toEqual([problem]);
  });

  it('when WEB_CONCURRENCY is auto, then there is one worker per core', () => {
    expect(loadConfig({ WEB_CONCURRENCY: 'auto' }).webConcurrency).toBe(availableParallelism());
  });

  it('when FLOW_VALIDATION is unknown, then a ConfigError names it', () => {
    expect(configError({ FLOW_VALIDATION: 'loose' }).problems).toEqual([
      'FLOW_VALIDATION must be strict, warn or off',
    ]);
  });

  it('when LOG_LEVEL is unknown, then a ConfigError names LOG_LEVEL and the allowed levels', () => {
    expect(configError({ LOG_LEVEL: 'verbose' }).problems).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('when NODE_ENV is unknown, then a ConfigError names NODE_ENV', () => {
    expect(configError({ NODE_ENV: 'prod' }).problems).toEqual([
      'NODE_ENV must be development, production or test',
    ]);
  });

  it('when production has no APP_SECRET, then start-up is refused naming APP_SECRET', () => {
    const error = configError({ NODE_ENV: 'production', FLOW_TOKEN_SECRET: TOKEN_SECRET });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^APP_SECRET is required in production/);
  });

  it('when production has an APP_SECRET of commas and blanks only, then start-up is refused naming APP_SECRET', () => {
    const error = configError({
      NODE_ENV: 'production',
      APP_SECRET: ' , ,',
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
    });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^APP_SECRET is required in production/);
  });

  it('when production has an APP_SECRET, then it starts with signatures checked', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: 'secret',
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
    });
    expect(config.production).toBe(true);
    expect(config.appSecrets).toEqual(['secret']);
  });

  it.each(['development', 'test'])(
    'when NODE_ENV is %s without APP_SECRET, then it starts with no secrets',
    (nodeEnv) => {
      const config = loadConfig({ NODE_ENV: nodeEnv });
      expect(config.production).toBe(false);
      expect(config.appSecrets).toEqual([]);
    },
  );

  it('when several variables are wrong, then every problem is reported at once', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    expect(error.problems).toEqual([
      'NODE_ENV must be development, production or test',
      'PORT must be a port number from 0 to 65535',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(error.message).toBe(
      `configuration invalid:\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  });

  it('when production lacks APP_SECRET and another variable is wrong, then both are reported', () => {
    const error = configError({ NODE_ENV: 'production', PORT: 'abc' });
    expect(error.problems).toEqual([
      'PORT must be a port number from 0 to 65535',
      expect.stringMatching(/^APP_SECRET is required in production/),
      expect.stringMatching(/^FLOW_TOKEN_SECRET is required in production/),
    ]);
  });

  it('when production has no FLOW_TOKEN_SECRET, then start-up is refused naming it', () => {
    const error = configError({ NODE_ENV: 'production', APP_SECRET: 'secret' });
    expect(error.problems).toEqual([
      'FLOW_TOKEN_SECRET is required in production: set it to a long random secret (openssl rand -hex 32); it signs the flow tokens',
    ]);
  });

  it.each([
    [
      'short',
      { FLOW_TOKEN_SECRET: 'short' },
      'FLOW_TOKEN_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)',
    ],
    [
      'an unknown store',
      { STORE_URL: 'postgres://db' },
      'STORE_URL must be sqlite:<path> or redis://host:port[/db]',
    ],
    ['a session TTL in words', { SESSION_TTL: 'a day' }, 'SESSION_TTL must be a number of seconds'],
  ])('when a state variable is %s, then a ConfigError names it', (_case, env, problem) => {
    expect(configError(env).problems).toEqual([problem]);
  });
});

describe('loadConfig for the server itself: fail closed', () => {
  const PRODUCTION = {
    NODE_ENV: 'production',
    APP_SECRET: 'secret',
    FLOW_TOKEN_SECRET: TOKEN_SECRET,
  };
  const serving = (env: NodeJS.ProcessEnv) => loadConfig(env, { serving: true });
  const servingError = (env: NodeJS.ProcessEnv) => configError(env, { serving: true });

  it('when production has no METRICS_TOKEN, then start-up is refused with one line saying what to set', () => {
    expect(servingError(PRODUCTION).problems).toEqual([
      'METRICS_TOKEN is required in production: set it to a long random token (openssl rand -hex 32) that Prometheus sends as its bearer token, or set METRICS_PUBLIC=true if /metrics is meant to be open',
    ]);
  });

  it('when production has METRICS_TOKEN, or says METRICS_PUBLIC=true, then it starts', () => {
    expect(serving({ ...PRODUCTION, METRICS_TOKEN: 'scrape-me' }).metricsToken).toBe('scrape-me');
    expect(serving({ ...PRODUCTION, METRICS_PUBLIC: 'true' }).metricsToken).toBeUndefined();
  });

  it('when METRICS_PUBLIC is neither true nor false, then a ConfigError names it', () => {
    expect(servingError({ ...PRODUCTION, METRICS_PUBLIC: 'yes' }).problems).toEqual([
      'METRICS_PUBLIC must be true or false',
      expect.stringMatching(/^METRICS_TOKEN is required in production/),
    ]);
  });

  it.each([
    ['unset', {}],
    ['development', { NODE_ENV: 'development' }],
    ['test', { NODE_ENV: 'test' }],
  ])(
    'when NODE_ENV is %s and HOST is beyond this machine, then start-up is refused naming HOST',
    (_case, env) => {
      for (const host of ['0.0.0.0', '::', '192.168.1.20', 'flows.example.com']) {
        const problems = servingError({ ...env, HOST: host }).problems;
        expect(problems).toEqual([
          expect.stringMatching(
            new RegExp(`^HOST is ${host.replace(/\./g, '\\.')}, beyond this machine`),
          ),
        ]);
        expect(problems[0]).toContain('set NODE_ENV=production, or ALLOW_DEV_ON_NETWORK=true');
      }
    },
  );

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', 'LOCALHOST', '::1', '[::1]'])(
    'when development listens on %s, then it starts',
    (host) => {
      expect(serving({ HOST: host }).host).toBe(host);
    },
  );

  it('when development on the network is said to be meant, then it starts', () => {
    expect(serving({ HOST: '0.0.0.0', ALLOW_DEV_ON_NETWORK: 'true' }).host).toBe('0.0.0.0');
  });

  it('when production listens on every interface, then the development check does not apply', () => {
    expect(serving({ ...PRODUCTION, METRICS_TOKEN: 'x', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('when a command reads the same environment, then only the server refuses it', () => {
    expect(loadConfig({ ...PRODUCTION, HOST: '0.0.0.0' }).production).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
