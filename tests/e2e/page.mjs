// Page and scenario helpers shared by run.mjs and its scenarios (orgs, import, meetings).
import { join } from 'node:path';
import { request } from 'playwright-core';

/** Path and query of the page's URL, for messages. */
export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** Throws unless the page's path (without query) is `path`. */
export function expectPath(page, path, what) {
  const got = new URL(page.url()).pathname;
  if (got !== path) throw new Error(`${what}: expected path ${path}, got ${pathOf(page)}`);
}

/** The trimmed text of the first match, once visible. */
export async function textOf(locator, what, timeout) {
  await locator.first().waitFor({ state: 'visible', timeout }).catch(() => {
    throw new Error(`${what}: not visible`);
  });
  return (await locator.first().innerText()).trim();
}

/** Throws unless the first match is visible and its text contains `text`. */
export async function expectText(locator, text, what, timeout) {
  const got = await textOf(locator, what, timeout);
  if (!got.includes(text)) throw new Error(`${what}: expected “${text}”, got “${got}”`);
}

/** Clicks (or taps) and waits for the page load it causes; returns the main response. */
export async function navigate(page, locator, touch, timeout) {
  const nav = page.waitForNavigation({ waitUntil: 'load', timeout });
  nav.catch(() => {}); // observed below; keeps a failed navigation from being "unhandled"
  try {
    await (touch ? locator.tap() : locator.click());
  } catch (e) {
    await nav.catch(() => {});
    throw e;
  }
  return nav;
}

/** A screenshot to outDir/<name>-NN-<what>.png; `full` = the whole page. */
export async function shot(page, outDir, name, n, what, full = true) {
  await page.screenshot({
    path: join(outDir, `${name}-${String(n).padStart(2, '0')}-${what}.png`), fullPage: full,
  });
}

/**
 * Horizontal overflow: the document must not be wider than the configured viewport. With
 * `scrollers` (the default), children of a horizontally scrolling box (nav.main, .table-wrap)
 * may extend past it.
 */
export async function overflowOf(page, profile, where, problems, { scrollers = true } = {}) {
  const r = await page.evaluate((allowScrollers) => {
    const w = window.innerWidth;
    const sw = document.documentElement.scrollWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const b = el.getBoundingClientRect();
      let clipped = false;
      if (allowScrollers) {
        let scroller = el.parentElement;
        while (scroller && getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
        clipped = scroller && scroller !== document.body && scroller !== document.documentElement;
      }
      if (!clipped && b.width > 0 && (b.right > w + 0.5 || b.left < -0.5)) {
        let id = el.tagName.toLowerCase();
        if (el.id) id += `#${el.id}`;
        if (el.classList.length) id += `.${[...el.classList].join('.')}`;
        wide.push(`${id}[${Math.round(b.left)}..${Math.round(b.right)}]`);
      }
    }
    return { w, sw, wide: wide.slice(0, 6) };
  }, scrollers);
  const want = profile.context.viewport.width;
  if (r.w !== want || r.sw > r.w) {
    problems.push(`${where}: innerWidth=${r.w} (viewport ${want}), scrollWidth=${r.sw}` +
      (r.wide.length ? `; wide: ${r.wide.join(', ')}` : ''));
  }
}

/**
 * A browser context for `profile` (zh-CN, Asia/Shanghai, default timeouts) whose CSP
 * violations are pushed to `errors`; `extra` adds context options. Returns {ctx, page}.
 */
export async function openPage(browser, profile, errors, timeout, extra = {}) {
  const ctx = await browser.newContext({ ...profile.context, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...extra });
  ctx.setDefaultTimeout(timeout);
  ctx.setDefaultNavigationTimeout(timeout);
  await ctx.exposeBinding('__djCspViolation', (_src, v) => {
    errors.push(`CSP violation: ${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source}:${v.line}`);
  });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__djCspViolation({
        directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
      });
    });
  });
  return { ctx, page: await ctx.newPage() };
}

/** " (server died: …)" when the server `srv` ({proc, stderr}) is gone, for failure messages. */
export function serverNote(srv) {
  const p = srv?.proc;
  if (!p || (p.exitCode === null && p.signalCode === null)) return '';
  const how = p.signalCode ? `signal ${p.signalCode}` : `exit status ${p.exitCode}`;
  const last = (srv.stderr?.() || '').trim().split('\n').slice(-2).join(' / ');
  return ` (server died: ${how}${last ? `; stderr: ${last}` : ''})`;
}

/** Last resort: SIGKILLs the server getSrv() returns, if still running, when node exits. */
export function killOnExit(getSrv) {
  process.on('exit', () => {
    const srv = getSrv();
    if (srv?.proc && srv.proc.exitCode === null && srv.proc.signalCode === null) {
      try { srv.proc.kill('SIGKILL'); } catch { /* already gone */ }
    }
  });
}

/** Signs in `login` with a Playwright request context; returns the context (JSON API client). */
export async function apiLogin(url, login, password) {
  const api = await request.newContext({ baseURL: url, timeout: 10_000 });
  const page = await (await api.get('/login')).text();
  const csrf = page.match(/name="csrf" value="([^"]*)"/)?.[1];
  if (!csrf) throw new Error('no csrf field on /login');
  const resp = await api.post('/login', {
    form: { csrf, login, password, next: '/' }, maxRedirects: 0,
  });
  const loc = resp.headers().location;
  if (resp.status() !== 303 || loc !== '/') {
    throw new Error(`POST /login as ${login}: expected 303 to /, got ${resp.status()} ${loc ?? ''}`);
  }
  return api;
}

/** GET path as JSON with `api` (a request context or a browser context's .request). */
export async function getJson(api, path) {
  const resp = await api.get(path, { headers: { Accept: 'application/json' } });
  if (resp.status() !== 200) throw new Error(`GET ${path} (JSON): HTTP ${resp.status()}`);
  return resp.json();
}
