import { describe, expect, it } from 'vitest';
import { apiEndpointOf, apiMessage } from './docker-api.js';
import { demultiplex } from './docker-objects.js';

describe('apiEndpointOf', () => {
  it('uses the default socket, or the one DOCKER_HOST names', () => {
    expect(apiEndpointOf({}, 'docker')).toEqual({ kind: 'socket', socketPath: '/var/run/docker.sock' });
    expect(apiEndpointOf({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, 'docker')).toEqual({ kind: 'socket', socketPath: '/run/user/1000/docker.sock' });
  });

  it('talks plain HTTP to a tcp:// host without TLS', () => {
    expect(apiEndpointOf({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, 'docker')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 2375 });
    expect(apiEndpointOf({ DOCKER_HOST: 'tcp://[::1]:2375' }, 'docker')).toMatchObject({ kind: 'tcp', host: '::1' });
  });

  it('leaves ssh://, TLS and docker contexts to the docker client (dial-stdio)', () => {
    expect(apiEndpointOf({ DOCKER_HOST: 'ssh://deploy@box' }, 'docker')).toMatchObject({ kind: 'dial-stdio', bin: 'docker', dockerHost: 'ssh://deploy@box' });
    expect(apiEndpointOf({ DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1' }, '/opt/docker')).toMatchObject({ kind: 'dial-stdio', bin: '/opt/docker' });
    expect(apiEndpointOf({ DOCKER_CONTEXT: 'remote' }, 'docker')).toMatchObject({ kind: 'dial-stdio', dockerHost: undefined });
    expect(apiEndpointOf({ DOCKER_CONTEXT: 'default' }, 'docker')).toMatchObject({ kind: 'socket' });
  });
});

describe('apiMessage', () => {
  it("keeps docker's message, or the raw text", () => {
    expect(apiMessage(Buffer.from('{"message":"No such container: x"}\n'))).toBe('No such container: x');
    expect(apiMessage(Buffer.from('page not found'))).toBe('page not found');
  });
});

describe('demultiplex', () => {
  it('joins the framed chunks of a log answer; TTY output passes as it is', () => {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    expect(demultiplex(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]))).toBe('out 1\nerr 1\nout 2\n');
    expect(demultiplex(Buffer.from('plain tty text\n'))).toBe('plain tty text\n');
  });
});
