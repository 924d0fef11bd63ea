import { checkDeviceAnswer } from '../../src/device/check-answer';
import { readDeviceFlow } from '../../src/device/device-flow';
import bookAppointment from '../../flows/book-appointment/flow.json';

const { contract } = readDeviceFlow(bookAppointment, 'book-appointment/flow.json');
const details = { department: 'beauty', location: '1', date: '2026-01-05', time: '10:30' };

describe('the device checks each answer', () => {
  it('when a data_exchange answer goes where routing_model allows with declared data, then it is accepted', () => {
    expect(
      checkDeviceAnswer(
        contract,
        { action: 'data_exchange', screen: 'APPOINTMENT' },
        {
          screen: 'DETAILS',
          data: details,
        },
      ),
    ).toEqual({ ok: true, screen: 'DETAILS', data: details });
  });

  it('when the answer names a screen the flow does not have, then invalid-screen-transition', () => {
    const verdict = checkDeviceAnswer(contract, { action: 'INIT' }, { screen: 'NOPE', data: {} });
    expect(verdict).toMatchObject({ ok: false, errorKey: 'invalid-screen-transition' });
  });

  it('when routing_model does not allow the move, then invalid-screen-transition', () => {
    const verdict = checkDeviceAnswer(
      contract,
      { action: 'data_exchange', screen: 'DETAILS' },
      { screen: 'TERMS', data: {} },
    );
    expect(verdict).toMatchObject({
      ok: false,
      errorKey: 'invalid-screen-transition',
      problems: [{ message: expect.stringContaining('routing_model') }],
    });
  });

  it('when the data has an undeclared field or a wrong type, then payload-schema-error naming the field', () => {
    const verdict = checkDeviceAnswer(
      contract,
      { action: 'data_exchange', screen: 'APPOINTMENT' },
      { screen: 'DETAILS', data: { ...details, time: 1030, surprise: 1 } },
    );
    expect(verdict).toMatchObject({ ok: false, errorKey: 'payload-schema-error' });
    const fields = verdict.ok ? [] : verdict.problems.map((problem) => problem.field);
    expect(fields).toEqual(['time', 'surprise']);
  });

  it('when SUCCESS lacks or changes the flow token, then payload-schema-error', () => {
    const request = { action: 'data_exchange' as const, screen: 'SUMMARY', flow_token: 'T1' };
    const success = (params: unknown) => ({
      screen: 'SUCCESS',
      data: { extension_message_response: { params } },
    });
    expect(checkDeviceAnswer(contract, request, success({ flow_token: 'T1' })).ok).toBe(true);
    expect(checkDeviceAnswer(contract, request, success({}))).toMatchObject({
      errorKey: 'payload-schema-error',
      problems: [{ field: 'extension_message_response.params.flow_token' }],
    });
    expect(checkDeviceAnswer(contract, request, success({ flow_token: 'T2' })).ok).toBe(false);
    expect(checkDeviceAnswer(contract, request, { screen: 'SUCCESS', data: {} })).toMatchObject({
      ok: false,
      errorKey: 'payload-schema-error',
    });
  });

  it('when a ping or a notification is answered wrongly, then it is rejected', () => {
    expect(checkDeviceAnswer(contract, { action: 'ping' }, { data: { status: 'active' } }).ok).toBe(
      true,
    );
    expect(checkDeviceAnswer(contract, { action: 'ping' }, { data: {} }).ok).toBe(false);
    const notification = { action: 'data_exchange' as const, notification: true };
    expect(checkDeviceAnswer(contract, notification, { data: { acknowledged: true } }).ok).toBe(
      true,
    );
    expect(checkDeviceAnswer(contract, notification, { screen: 'X', data: {} }).ok).toBe(false);
  });

  it('when the answer is not an object with data, then payload-schema-error', () => {
    for (const answer of [null, 'text', [], { screen: 'DETAILS' }, { data: {} }]) {
      expect(checkDeviceAnswer(contract, { action: 'INIT' }, answer)).toMatchObject({
        ok: false,
        errorKey: 'payload-schema-error',
      });
    }
  });
});
