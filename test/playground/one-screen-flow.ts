/**
 * The smallest flow with an endpoint: one terminal screen START declaring `greeting`, whose Footer
 * exchanges data.
 */
export function oneScreenFlow(version: string, dataApiVersion: string) {
  return {
    version,
    data_api_version: dataApiVersion,
    routing_model: { START: [] },
    screens: [
      {
        id: 'START',
        title: 'Start',
        terminal: true,
        data: { greeting: { type: 'string', __example__: 'Hello' } },
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextBody', text: '${data.greeting}' },
            {
              type: 'Footer',
              label: 'Done',
              'on-click-action': { name: 'data_exchange', payload: {} },
            },
          ],
        },
      },
    ],
  };
}
