import { csrfProblem, originAllowed } from './csrf.js';
import { sessionCookie, sessionFromCookie } from './cookies.js';

const post = { method: 'POST', host: 'plant.example:3000', csrf: '1', contentType: 'application/json' };

describe('CSRF', () => {
  it('lets reads through and a state change from the console (custom header, own origin)', () => {
    expect(csrfProblem({ method: 'GET', host: 'h' }, [])).toBeUndefined();
    expect(csrfProblem(post, [])).toBeUndefined();
    expect(csrfProblem({ ...post, origin: 'http://plant.example:3000' }, [])).toBeUndefined();
    expect(csrfProblem({ ...post, origin: 'https://console.example' }, ['https://console.example'])).toBeUndefined();
  });

  it('refuses what a foreign page can send: no header, a simple body, a foreign or opaque origin', () => {
    expect(csrfProblem({ ...post, csrf: undefined }, [])).toMatch(/X-Qinwatt-Csrf/);
    expect(csrfProblem({ ...post, csrf: 'yes' }, [])).toMatch(/X-Qinwatt-Csrf/);
    expect(csrfProblem({ ...post, contentType: 'text/plain;charset=UTF-8' }, [])).toMatch(/text\/plain/);
    expect(csrfProblem({ ...post, contentType: 'application/x-www-form-urlencoded' }, [])).toBeDefined();
    expect(csrfProblem({ ...post, contentType: 'multipart/form-data; boundary=x' }, [])).toBeDefined();
    expect(csrfProblem({ ...post, origin: 'http://evil.example' }, [])).toMatch(/not allowed/);
    expect(csrfProblem({ ...post, origin: 'null' }, [])).toMatch(/not allowed/);
    expect(csrfProblem({ ...post, origin: 'http://plant.example:3001' }, [])).toMatch(/not allowed/);
    expect(csrfProblem({ ...post, secFetchSite: 'cross-site' }, [])).toMatch(/cross-site/);
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      expect(csrfProblem({ ...post, method, csrf: undefined }, [])).toBeDefined();
  });

  it('origins: only http(s), host and port as the request was addressed', () => {
    expect(originAllowed('http://a:1', 'a:1', [])).toBe(true);
    expect(originAllowed('http://A:1', 'a:1', [])).toBe(true);
    expect(originAllowed('file://a:1', 'a:1', [])).toBe(false);
    expect(originAllowed('http://a:1', undefined, [])).toBe(false);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Secure behind TLS, and read back from a Cookie header', () => {
    expect(sessionCookie('abc', 60, false)).toBe('qw_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie('abc', 60, true)).toMatch(/; Secure$/);
    expect(sessionFromCookie('a=1; qw_session=xyz; b=2')).toBe('xyz');
    expect(sessionFromCookie('qw_session_x=1')).toBeUndefined();
    expect(sessionFromCookie(undefined)).toBeUndefined();
  });
});
