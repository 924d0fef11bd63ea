/**
 * The layer order of src/ (README, "Architecture"): a folder imports only from folders before it.
 * A new capability's folder goes in the capabilities group; a cycle anywhere fails `npm run lint`.
 */
const LAYERS = [
  // Generic helpers that know nothing of Flows.
  ['util'],
  ['errors'],
  ['logging'],
  ['flow-json'],
  ['contract'],
  ['crypto'],
  ['store'],
  ['metrics'],
  ['tokens'],
  ['sessions'],
  ['config'],
  // Partner mode: the businesses served, their keys and secrets.
  ['tenants'],
  // Reading picked files: the handler context (router) hands it out.
  ['media'],
  ['protocol'],
  // What a flow is: its definition, handler contexts and answers.
  ['flow-definition'],
  ['router'],
  ['http'],
  // Capabilities: each depends downward only, never on the app that serves it.
  ['device', 'whatsapp-api', 'webhooks', 'playground', 'admin'],
  ['app'],
  ['cluster'],
  // A project's flows: found, compiled and checked; and what `init` and `new` write.
  ['project', 'scaffold'],
  // flows-endpoint/testing: the endpoint driven as WhatsApp drives it.
  ['testing'],
  ['cli'],
];

/** The entry points on top: the server, the public API and the command line's main. */
const ENTRY = '^src/(server\\.ts|index\\.ts|cli/main\\.ts)$';
const folders = (group) => `^src/(${group.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, however indirectly.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.slice(0, -1).map((group, rank) => ({
      name: `layer-${group.join('-')}`,
      severity: 'error',
      comment: `${group.join(', ')} may import only from the layers before it.`,
      from: { path: folders(group) },
      to: { path: folders(LAYERS.slice(rank + 1).flat()) },
    })),
    {
      name: 'entry-points-on-top',
      severity: 'error',
      comment: 'Nothing imports the server, the public API or the command line main.',
      from: { pathNot: ENTRY },
      to: { path: ENTRY },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.json$' },
  },
};
