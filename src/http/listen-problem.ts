/** Why listening failed, in the words of what to change. */
export function listenProblem(err: NodeJS.ErrnoException, host: string, port: number): string {
  if (err.code === 'EADDRINUSE') {
    return `port ${port} on ${host} is already in use (stop what uses it, or set PORT to another port)`;
  }
  if (err.code === 'EACCES') {
    return `no permission to listen on port ${port} (ports below 1024 need privileges: set PORT to 1024 or above)`;
  }
  return `cannot listen on ${host}:${port} (${err.code ?? 'error'}: ${err.message}) (check HOST and PORT)`;
}
