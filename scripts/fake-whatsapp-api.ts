/**
 * `npm run fake:whatsapp [-- PORT]`: the test suite's stand-in for 360dialog and the Cloud API,
 * on loopback, so that deploy, publish, keys and send can be tried without an account. State is
 * kept in memory until it stops (Ctrl-C). It also plays the customer: POST
 * /fake/messages/<wamid>/reply answers a Flow sent through it, signed with APP_SECRET (or sent with
 * WEBHOOK_SECRET) from the environment or .env.
 */
import { config as loadDotenv } from 'dotenv';
import { FakeWhatsAppApi } from '../test/helpers/fake-whatsapp-api/fake-whatsapp-api';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const port = Number(process.argv[2] ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: npm run fake:whatsapp -- [PORT]');
    process.exitCode = 2;
    return;
  }
  const fake = await FakeWhatsAppApi.start(port);
  const lines = (provider: '360dialog' | 'cloud') =>
    Object.entries(fake.env(provider))
      .map(([name, value]) => `export ${name}=${value}`)
      .join('\n');
  console.log(`Fake 360dialog and Cloud API on ${fake.url} (Ctrl-C to stop).`);
  console.log(`\nAs 360dialog:\n${lines('360dialog')}`);
  console.log(`\nAs the Cloud API:\n${lines('cloud')}`);
  console.log(
    '\nThen e.g.: PUBLIC_URL=https://flows.example.com npm run flows -- deploy book-appointment --publish',
  );
  console.log(
    `\nA customer's answer to a Flow sent through it (or: npm run flows -- reply <flow> --webhook …):\n  curl -X POST ${fake.url}/fake/messages/<wamid>/reply -H 'content-type: application/json' \\\n    -d '{"webhook":"http://127.0.0.1:3000/webhooks/whatsapp","params":{…}}'`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
