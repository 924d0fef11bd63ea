const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** DETAILS' declared data, echoed from what the client sent, for answers with an error_message. */
export function detailsScreenData(data: Record<string, unknown>) {
  return {
    department: text(data.department),
    location: text(data.location),
    date: text(data.date),
    time: text(data.time),
  };
}

/** SUMMARY's declared data, echoed likewise. */
export function summaryScreenData(data: Record<string, unknown>) {
  return {
    appointment: '',
    details: '',
    ...detailsScreenData(data),
    name: text(data.name),
    email: text(data.email),
    phone: text(data.phone),
    more_details: text(data.more_details),
  };
}
