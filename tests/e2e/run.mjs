#!/usr/bin/env node
// Browser tests of dangjian: node tests/e2e/run.mjs BINARY
//
// Creates a throw-away database with two accounts, starts BINARY serve on a free loopback
// port, and drives Debian's chromium (playwright-core) through the first login of each
// account — once on a desktop viewport, once on a phone viewport. Prints one
// `ok - name` / `not ok - name: reason` line per test and `N passed, M failed` at the end;
// exits 1 on any failure. Screenshots go to tests/e2e/out/.
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { prepareDatabase, startServer } from './server.mjs';
import { Reporter, Skip } from './report.mjs';
import {
  expectPath, expectText as expectTextWithin, killOnExit, navigate, openPage, overflowOf, pathOf, serverNote as noteOf, shot as shotIn,
} from './page.mjs';
import { runOrgs, stopOrgs } from './orgs.mjs';
import { runImport, stopImport } from './import.mjs';
import { runMeetings, stopMeetings } from './meetings.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'out');
const GLOBAL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS) || 300_000;
const STEP_TIMEOUT_MS = 15_000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const INITIAL_PASSWORD = 'Init#Pass2024';
const WEAK_PASSWORD = 'password1'; // 9 characters, only 2 character classes: passes minlength=8
const STRONG_PASSWORD = 'Strong#Pass2025';

const PROFILES = [
  {
    name: 'desktop',
    account: { login: 'e2e_desk', role: 'admin', name: '张卫国', password: INITIAL_PASSWORD },
    context: { viewport: { width: 1280, height: 800 } },
    touch: false,
  },
  {
    name: 'phone',
    account: { login: 'e2e_phone', role: 'admin', password: INITIAL_PASSWORD },
    context: {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      userAgent:
        'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) ' +
        'Chrome/120.0.0.0 Mobile Safari/537.36',
    },
    touch: true,
  },
];

const report = new Reporter();
let server = null;
let browser = null;
let workDir = null;
let finished = false;

async function cleanup() {
  const b = browser;
  browser = null;
  if (b) {
    await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
  }
  const s = server;
  server = null;
  if (s) await s.stop().catch(() => {});
  await stopOrgs();
  await stopImport();
  await stopMeetings();
  if (workDir && !process.env.E2E_KEEP) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = null;
  }
}

async function finish(extraFailure) {
  if (finished) return;
  finished = true;
  if (extraFailure) report.fail(extraFailure.name, extraFailure.reason);
  report.closed = true;
  await cleanup();
  report.summary();
  process.exit(report.failed > 0 || report.passed === 0 ? 1 : 0);
}

// Last-resort: never leave the server running, whatever happens.
killOnExit(() => server);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => finish({ name: 'run', reason: `interrupted by ${sig}` }));
}
process.on('unhandledRejection', (e) => finish({ name: 'run', reason: `unhandled: ${e?.stack || e}` }));
const globalTimer = setTimeout(
  () => finish({ name: 'global timeout', reason: `run exceeded ${GLOBAL_TIMEOUT_MS / 1000} s` }),
  GLOBAL_TIMEOUT_MS,
);
globalTimer.unref();

// ---- page helpers ----

/** " (server died: …)" when the server process is gone, for failure messages. */
const serverNote = () => noteOf(server);
const shot = (page, profile, n, what) => shotIn(page, OUT, profile.name, n, what);
/** Clicks (or taps) a submit control and waits for the resulting page load. */
const submit = (page, locator, touch) => navigate(page, locator, touch, STEP_TIMEOUT_MS);
const expectText = (locator, text, what) => expectTextWithin(locator, text, what, STEP_TIMEOUT_MS);

// ---- one profile: the whole first-login journey ----

async function runProfile(profile) {
  const prefix = profile.name;
  const errors = []; // console errors, page errors, CSP violations, failed/5xx requests
  // Chromium logs "Failed to load resource: … status of 400" for a document answered 4xx,
  // which is how a rejected form comes back; a step that expects it registers it here.
  const expectedDocStatus = new Map(); // url -> status
  const overflow = [];
  const { ctx, page } = await openPage(browser, profile, errors, STEP_TIMEOUT_MS);
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url;
    const st = url && expectedDocStatus.get(url);
    if (st && m.text().includes(`status of ${st} `)) return;
    const where = m.location()?.url ? ` [${m.location().url}]` : '';
    errors.push(`console error on ${pathOf(page)}: ${m.text()}${where}`);
  });
  page.on('pageerror', (e) => errors.push(`page error on ${pathOf(page)}: ${e.message}`));
  page.on('requestfailed', (req) => {
    errors.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (resp) => {
    const req = resp.request();
    // Documents answered 4xx are expected (a rejected form); subresources must all load.
    if (resp.status() >= 500 || (resp.status() >= 400 && req.resourceType() !== 'document')) {
      errors.push(`HTTP ${resp.status()} for ${req.method()} ${resp.url()}`);
    }
  });

  const acct = profile.account;
  const phone = profile.touch;
  const overflowCheck = (where) => overflowOf(page, profile, where, overflow, { scrollers: false });
  let stepNo = 0;
  let broken = null; // set when a hard step fails: later steps of this profile are skipped
  // A soft step records its result but does not stop the journey.
  const step = async (name, fn, { soft = false } = {}) => {
    stepNo++;
    if (broken) {
      report.fail(`${prefix}: ${name}`, `skipped, earlier step failed (${broken})`);
      return;
    }
    try {
      await fn();
      report.pass(`${prefix}: ${name}`);
    } catch (e) {
      if (!soft) broken = name;
      const msg = e instanceof Skip ? e.message : (e?.message || String(e)).split('\n')[0];
      report.fail(`${prefix}: ${name}`, msg + serverNote());
      await shot(page, profile, 90 + stepNo, 'failure').catch(() => {});
    }
  };
  // Every page must carry the stylesheet: the red top bar is its most visible effect.
  const unstyled = [];
  const styleCheck = async (where) => {
    const bg = await page.evaluate(() => {
      const top = document.querySelector('header.top');
      return top ? getComputedStyle(top).backgroundColor : 'no header.top';
    });
    if (bg !== 'rgb(199, 0, 11)') unstyled.push(`${where}: header.top background ${bg}`);
  };

  await step('/ redirects to the login page', async () => {
    const resp = await page.goto(`${server.url}/`, { waitUntil: 'load' });
    expectPath(page, '/login', 'after GET /');
    if (new URL(page.url()).searchParams.get('next') !== '/') {
      throw new Error(`expected ?next=/ on the login URL, got ${pathOf(page)}`);
    }
    if (resp.status() !== 200) throw new Error(`login page answered ${resp.status()}`);
    await expectText(page.locator('main h1'), '登录', 'login heading');
    const title = await page.title();
    if (!title.includes('登录')) throw new Error(`page title “${title}” lacks 登录`);
    await shot(page, profile, 1, 'login');
    await styleCheck('login page');
    await overflowCheck('login page');
  });

  await step('login with the initial password lands on 修改密码', async () => {
    await page.locator('#login').fill(acct.login);
    await page.locator('#password').fill(acct.password);
    await submit(page, page.locator('form.form button[type=submit]'), phone);
    expectPath(page, '/password', 'after login');
    await expectText(page.locator('main h1'), '修改密码', 'password heading');
    await expectText(page.locator('main .flash-warn'), '首次登录', 'first-login notice');
    await shot(page, profile, 2, 'password-first-login');
    await styleCheck('password page');
    await overflowCheck('password page');
  });

  await step('weak new password is refused with a field error', async () => {
    await page.locator('#old').fill(acct.password);
    await page.locator('#new').fill(WEAK_PASSWORD);
    await page.locator('#new2').fill(WEAK_PASSWORD);
    expectedDocStatus.set(`${server.url}/password`, 400);
    const resp = await submit(page, page.locator('form.form button[type=submit]'), phone);
    if (resp?.status() !== 400) throw new Error(`expected HTTP 400, got ${resp?.status()}`);
    expectPath(page, '/password', 'after weak password');
    await expectText(page.locator('main .field-error'), '至少三类', 'field error');
    // The error must sit right after the 新密码 input, not under another field.
    const after = await page.locator('#new + .field-error').count();
    if (after !== 1) throw new Error('the field error is not placed under the 新密码 input');
    // Password values are not echoed back into the form.
    const echoed = await page.evaluate(() =>
      ['old', 'new', 'new2'].filter((id) => document.getElementById(id).value !== ''));
    if (echoed.length) throw new Error(`password fields re-filled by the server: ${echoed.join(', ')}`);
    await shot(page, profile, 3, 'password-weak');
    await styleCheck('password page with field error');
    await overflowCheck('password page with field error');
  });

  await step('strong new password lands on 首页 with 密码已修改', async () => {
    await page.locator('#old').fill(acct.password);
    await page.locator('#new').fill(STRONG_PASSWORD);
    await page.locator('#new2').fill(STRONG_PASSWORD);
    const resp = await submit(page, page.locator('form.form button[type=submit]'), phone);
    if (resp?.status() !== 200) throw new Error(`expected HTTP 200, got ${resp?.status()}`);
    expectPath(page, '/', 'after password change');
    await expectText(page.locator('main h1'), '首页', 'home heading');
    await expectText(page.locator('main .flash-ok'), '密码已修改', 'flash');
    await shot(page, profile, 4, 'home');
    await styleCheck('home page');
    await overflowCheck('home page');
  });

  await step('首页 shows the account facts (登录名, 姓名, 角色, 所属组织) and the header name', async () => {
    const facts = await page.locator('table.kv tr').evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector('th')?.innerText.trim(), r.querySelector('td')?.innerText.trim()])));
    const want = {
      登录名: acct.login,
      姓名: acct.name || '（未填写）',
      角色: '系统管理员',
      所属组织: '（未指定）',
    };
    const wrong = Object.entries(want).filter(([k, v]) => facts[k] !== v)
      .map(([k, v]) => `${k} shows “${facts[k] ?? '(missing)'}”, expected “${v}”`);
    const who = (await page.locator('header .who-name').innerText()).trim();
    if (who !== (acct.name || acct.login)) wrong.push(`header name shows “${who}”, expected “${acct.name || acct.login}”`);
    const emptyOrg = await page.locator('header .who-org').evaluateAll((els) => els.filter((e) => !e.textContent.trim()).length);
    if (emptyOrg) wrong.push('header has an empty .who-org span');
    if (wrong.length) throw new Error(wrong.join('; '));
  }, { soft: true });

  await step('密码已修改 is shown once (gone after a reload)', async () => {
    await page.reload({ waitUntil: 'load' });
    expectPath(page, '/', 'after reload');
    if (await page.locator('main .flash-ok').count()) throw new Error('flash 密码已修改 shown again after reload');
  }, { soft: true });

  await step('退出 logs out to the login page with 已退出登录', async () => {
    const button = page.locator('header form[action="/logout"] button');
    await submit(page, button, phone);
    expectPath(page, '/login', 'after logout');
    await expectText(page.locator('main .flash-ok'), '已退出登录', 'logout flash');
    await expectText(page.locator('main h1'), '登录', 'login heading');
    if (await page.locator('header .who').count()) throw new Error('header still shows the signed-in user');
    await shot(page, profile, 5, 'logged-out');
    await styleCheck('login page after logout');
    await overflowCheck('login page after logout');
    // The session is really gone: / sends us back to the login page.
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    expectPath(page, '/login', 'GET / after logout');
  });

  // Not gated on the steps above: whatever pages were reached must have been clean.
  const verdict = (name, problems) => {
    if (problems.length) report.fail(`${prefix}: ${name}`, [...new Set(problems)].join(' | '));
    else report.pass(`${prefix}: ${name}`);
  };
  verdict('no horizontal overflow on any page (scrollWidth <= innerWidth)', overflow);
  verdict('every page is styled by /static/app.css', unstyled);
  verdict('no console errors, page errors or CSP violations', errors);

  await ctx.close();
}

async function main() {
  const binary = process.argv[2] ? resolve(process.argv[2]) : null;
  if (!binary || !existsSync(binary)) {
    console.error('usage: node tests/e2e/run.mjs BINARY');
    process.exit(2);
  }
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  workDir = mkdtempSync(join(tmpdir(), 'dangjian-e2e-'));
  const db = join(workDir, 'e2e.db');

  try {
    prepareDatabase(binary, db, PROFILES.map((p) => p.account));
  } catch (e) {
    return finish({ name: 'set up database', reason: e.message });
  }
  const srv = startServer(binary, db);
  server = { proc: srv.proc, stop: srv.stop, stderr: srv.stderr, url: null };
  try {
    server.url = (await srv.ready).url;
  } catch (e) {
    return finish({ name: 'start server', reason: e.message });
  }
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-quic'],
    });
  } catch (e) {
    return finish({ name: 'launch chromium', reason: (e.message || String(e)).split('\n')[0] });
  }

  for (const profile of PROFILES) {
    try {
      await runProfile(profile);
    } catch (e) {
      report.fail(`${profile.name}: run`, (e?.message || String(e)).split('\n')[0]);
    }
  }
  await runOrgs({ binary, browser, workDir, outDir: OUT, report, profiles: PROFILES, timeout: STEP_TIMEOUT_MS });
  await runImport({ binary, browser, workDir, outDir: OUT, report, profiles: PROFILES, timeout: STEP_TIMEOUT_MS });
  await runMeetings({ binary, browser, workDir, outDir: OUT, report, profiles: PROFILES, timeout: STEP_TIMEOUT_MS });
  const died = serverNote();
  if (died) report.fail('server stays up', died.trim());
  else report.pass('server stays up');
  console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${OUT}`);
  return finish();
}

main().catch((e) => finish({ name: 'run', reason: e?.stack || String(e) }));
