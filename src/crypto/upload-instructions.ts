/** What to do with a new public key: WhatsApp encrypts requests with it. */
export function uploadInstructions(publicPem: string, publicPath: string): string {
  return [
    'Public key (upload it for every phone number that sends this Flow):',
    '',
    publicPem.trim(),
    '',
    'Next step: upload it.',
    '  Cloud API:',
    `    curl -X POST "https://graph.facebook.com/v21.0/<PHONE_NUMBER_ID>/whatsapp_business_encryption" \\`,
    '      -H "Authorization: Bearer <ACCESS_TOKEN>" \\',
    `      --data-urlencode "business_public_key=$(cat ${publicPath})"`,
    '  360dialog (same key, through its API):',
    '    curl -X POST "https://waba-v2.360dialog.io/whatsapp_business_encryption" \\',
    '      -H "D360-API-KEY: <API_KEY>" \\',
    `      --data-urlencode "business_public_key=$(cat ${publicPath})"`,
  ].join('\n');
}
