import type { FlowReply, WhatsAppClient } from './whatsapp-client';

export const CONTACT = {
  name: 'Zelda Quixote-Marlowe',
  email: 'zelda.qm@example.org',
  phone: '+44 7700 900123',
  more_details: 'Allergic to lavender oil',
};

export const SLOT = { department: 'home', location: '4', date: '2026-03-04', time: '12:00' };

/** A user's whole appointment journey, as the device sends it, ending with the confirmation. */
export async function bookThroughFlow(
  client: WhatsAppClient,
  flowToken: string,
  slot = SLOT,
  contact = CONTACT,
): Promise<FlowReply[]> {
  const exchange = (screen: string, data: Record<string, unknown>) =>
    client.send({ version: '3.0', action: 'data_exchange', screen, data, flow_token: flowToken });
  return [
    await client.send({ version: '3.0', action: 'INIT', flow_token: flowToken }),
    await exchange('APPOINTMENT', { trigger: 'department_selected', department: slot.department }),
    await exchange('APPOINTMENT', {
      trigger: 'location_selected',
      department: slot.department,
      location: slot.location,
    }),
    await exchange('APPOINTMENT', { trigger: 'date_selected', ...slot }),
    await exchange('DETAILS', { ...slot, ...contact }),
    await exchange('SUMMARY', { ...slot, ...contact }),
  ];
}
