import { listenProblem } from '../../src/http/listen-problem';

const failure = (code: string, message = `listen ${code}`): NodeJS.ErrnoException =>
  Object.assign(new Error(message), { code });

describe('why the server could not listen, in the words of what to change', () => {
  it('when the port is in use, then it names the port and PORT', () => {
    expect(listenProblem(failure('EADDRINUSE'), '127.0.0.1', 3000)).toBe(
      'port 3000 on 127.0.0.1 is already in use (stop what uses it, or set PORT to another port)',
    );
  });

  it('when permission is denied (a port below 1024 without privileges), then it says to set PORT to 1024 or above', () => {
    expect(
      listenProblem(failure('EACCES', 'listen EACCES: permission denied'), '0.0.0.0', 80),
    ).toBe(
      'no permission to listen on port 80 (ports below 1024 need privileges: set PORT to 1024 or above)',
    );
  });

  it('when the address is not this machine’s, then it names the code and HOST and PORT', () => {
    expect(listenProblem(failure('EADDRNOTAVAIL', 'listen EADDRNOTAVAIL'), '192.0.2.1', 3000)).toBe(
      'cannot listen on 192.0.2.1:3000 (EADDRNOTAVAIL: listen EADDRNOTAVAIL) (check HOST and PORT)',
    );
  });
});
