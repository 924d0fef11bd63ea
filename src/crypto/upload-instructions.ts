/**
 * What to do with a new public key: WhatsApp encrypts requests with it. This project's own command
 * does the upload; the raw calls are there for those who upload another way.
 */
export function uploadInstructions(
  publicPem: string,
  publicPath: string,
  graphVersion: string,
): string {
  return [
    'Public key (upload it for every phone number that sends this Flow):',
    '',
    publicPem.trim(),
    '',
    'Next step: upload it with the provider credentials set in .env:',
    `  npm run keys -- upload --public-key ${publicPath}   (installed: flows-endpoint keys upload)`,
    'or by hand:',
    '  Cloud API:',
    `    curl -X POST "https://graph.facebook.com/${graphVersion}/<PHONE_NUMBER_ID>/whatsapp_business_encryption" \\`,
    '      -H "Authorization: Bearer <ACCESS_TOKEN>" \\',
    `      --data-urlencode "business_public_key=$(cat ${publicPath})"`,
    '  360dialog (same key, through its Messaging API):',
    '    curl -X POST "https://waba-v2.360dialog.io/whatsapp_business_encryption" \\',
    '      -H "D360-API-KEY: <API_KEY>" \\',
    `      --data-urlencode "business_public_key=$(cat ${publicPath})"`,
  ].join('\n');
}
