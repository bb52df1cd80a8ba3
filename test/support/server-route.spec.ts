import { chooseServerRoute, engineAddress } from './server-route';

describe('who starts the servers for the suites', () => {
  it("takes the repo's scripts unless told otherwise, with or without an engine", () => {
    expect(chooseServerRoute(undefined, false)).toBe('scripts');
    expect(chooseServerRoute('', true)).toBe('scripts');
    expect(chooseServerRoute('scripts', true)).toBe('scripts');
  });

  it('takes containers when told to and an engine answers, and refuses when none does', () => {
    expect(chooseServerRoute('containers', true)).toBe('containers');
    expect(() => chooseServerRoute('containers', false)).toThrow(/no container engine answers/);
  });

  it('refuses any other setting, naming the variable', () => {
    expect(() => chooseServerRoute('docker', true)).toThrow(/TEST_SERVERS must be scripts or containers/);
  });

  it('finds the engine from DOCKER_HOST, else the default socket if it exists', () => {
    expect(engineAddress({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, () => false)).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(engineAddress({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, () => false)).toEqual({ host: '10.0.0.5', port: 2376 });
    expect(engineAddress({}, (path) => path === '/var/run/docker.sock')).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(engineAddress({}, () => false)).toBeUndefined();
  });
});
