import { randomUUID } from 'node:crypto';
import { Router, html, redirect, type Res } from './http-kit.js';
import { loginPage, qaTopbar } from './pages.js';
import type { Sessions } from './sessions.js';
import type { ChatPolicies, ServerName } from './types.js';
import type { World } from './world.js';

export interface LoginSiteContext {
  world: World;
  sessions: Sessions;
  policies: ChatPolicies;
  server: ServerName;
  stats: { passwordLogins: number; loginPageGets: number };
}

const LOGIN_SITE_NAMES: Record<ServerName, string> = { stackoverflow: 'Stack Overflow', stackexchange: 'Meta Stack Exchange', meta: 'Meta Stack Exchange' };
const FAR_FUTURE = 'Fri, 01 Jan 2055 00:00:00 GMT';

/** The Q&A site's login pages (spec §2.1, §2.5) on `loginOrigin`. */
export function buildLoginRouter(c: LoginSiteContext): Router {
  const site = LOGIN_SITE_NAMES[c.server];
  const me = (acct: string | undefined): { id: number; name: string } | undefined => {
    const uid = c.sessions.userForAcct(acct);
    const u = uid === undefined ? undefined : c.world.user(uid);
    return u ? { id: u.id, name: u.name } : undefined;
  };
  const formPage = (message?: string, status = 200, who?: { id: number; name: string }): Res =>
    c.policies.readOnly ? html(loginPage(site, null, undefined, who), status) : html(loginPage(site, c.sessions.issueLoginFkey(), message, who), status);
  const r = new Router();
  r.add('GET', '/users/login', (req) => {
    c.stats.loginPageGets++;
    return formPage(undefined, 200, me(req.cookies.acct));
  });
  r.add('POST', '/users/login', (req) => {
    c.stats.passwordLogins++;
    if (c.policies.readOnly) return formPage();
    if (!c.sessions.checkLoginFkey(req.form.get('fkey'))) return formPage('Your session has expired; please try again.');
    const user = c.world.checkPassword(req.form.get('email') ?? '', req.form.get('password') ?? '');
    if (!user) return formPage('The email or password is incorrect.');
    if (c.policies.captcha) return redirect('/nocaptcha?s=login');
    const acct = c.sessions.createAcct(user.id);
    return redirect('/', [
      `prov=${randomUUID()}; path=/; expires=${FAR_FUTURE}; HttpOnly`,
      `acct=${acct}; path=/; expires=${FAR_FUTURE}; HttpOnly`,
    ]);
  });
  r.add('POST', '/users/login-or-signup/validation/track', (req) =>
    c.sessions.checkLoginFkey(req.form.get('fkey')) ? { status: 200, type: 'text', body: 'Login-OK' } : { status: 400, type: 'text', body: 'Bad request' },
  );
  r.add('GET', '/nocaptcha', () => html(`<!DOCTYPE html><html><head><title>Human verification</title></head><body><h1>Are you a human being?</h1></body></html>`));
  r.add('GET', '/users/logout', () =>
    html(`<!DOCTYPE html><html><head><title>Log out</title></head><body><form action="/users/logout" method="post"><input type="hidden" name="fkey" value="${c.sessions.issueLoginFkey()}"><button>Log out</button></form></body></html>`),
  );
  r.add('POST', '/users/logout', (req) => {
    const uid = c.sessions.userForAcct(req.cookies.acct);
    if (uid !== undefined && c.sessions.checkLoginFkey(req.form.get('fkey'))) c.sessions.expire(uid);
    return redirect('/', ['acct=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  });
  r.add('GET', '/', (req) => {
    const uid = c.sessions.userForAcct(req.cookies.acct);
    const who = uid === undefined ? 'not logged in' : `logged in as ${c.world.user(uid)?.name ?? '?'}`;
    return html(`<!DOCTYPE html><html><head><title>${site}</title></head><body>${qaTopbar(me(req.cookies.acct))}<h1>${site} (emulated)</h1><p id="who">${who.replace(/[<>&]/g, '')}</p></body></html>`);
  });
  return r;
}
