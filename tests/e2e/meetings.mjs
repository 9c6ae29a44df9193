// Meeting scenario (called by run.mjs): "a browser test of recording a meeting on a 360×740
// viewport (screenshot) and of a town reviewer returning it".
//
// Own server on a fresh `dangjian demo` database. As branch1 on the phone viewport: 三会一课 →
// 记录会议, a 党员大会 (today), topics, one member ticked absent with a reason, minutes, one
// decision with votes, 提交审核 (screenshot). As town1 on the desktop viewport: the record from
// the list, 退回重填 with a remark. As branch1 again: the record shows 退回重填 and the remark,
// 落实情况 (/compliance) opens, a photo (a real PNG) is attached to the record and downloads
// back byte for byte, and the home page lists the returned record with the remark and this
// quarter's requirements. town1's home page has the review panel; last quarter's 问题线索
// (findings) open from it, and the rules in force from there. No console errors, page errors
// or CSP violations; no horizontal overflow on the phone. Screenshots: out/phone-meetings-*.png,
// desktop-….
import { join } from 'node:path';
import { run, startServer } from './server.mjs';
import { killOnExit } from './page.mjs';

const DEMO_PASSWORD = 'E2e#Demo2025';
const REMARK = '请补充缺席人员的请假情况';
let srv = null;

/** Stops this scenario's server (run.mjs calls it from its cleanup). */
export async function stopMeetings() {
  const s = srv;
  srv = null;
  if (s) await s.stop().catch(() => {});
}

killOnExit(() => srv);

async function newPage(browser, profile, errors, timeout) {
  const ctx = await browser.newContext({ ...profile.context, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  ctx.setDefaultTimeout(timeout);
  ctx.setDefaultNavigationTimeout(timeout);
  await ctx.exposeBinding('__djCspViolation', (_src, v) => {
    errors.push(`CSP violation: ${v.directive} blocked ${v.blocked || '(inline)'}`);
  });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__djCspViolation({ directive: e.violatedDirective, blocked: e.blockedURI });
    });
  });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', (resp) => {
    if (resp.status() >= 400) errors.push(`HTTP ${resp.status()} for ${resp.url()}`);
  });
  return { ctx, page };
}

async function overflow(page, profile, where, problems) {
  if (!profile.touch) return;
  const r = await page.evaluate(() => ({ w: window.innerWidth, sw: document.documentElement.scrollWidth }));
  if (r.sw > r.w) problems.push(`${where}: scrollWidth ${r.sw} > innerWidth ${r.w}`);
}

async function go(page, locator, touch) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), touch ? locator.tap() : locator.click()]);
}

async function signIn(page, url, login, touch) {
  await page.goto(`${url}/login`);
  await page.fill('#login', login);
  await page.fill('#password', DEMO_PASSWORD);
  await go(page, page.locator('button[type=submit]'), touch);
  if (new URL(page.url()).pathname === '/login') throw new Error(`sign-in as ${login} failed`);
}

async function mustSee(page, text, what) {
  const body = await page.locator('main').innerText();
  if (!body.includes(text)) throw new Error(`${what}: “${text}” not on ${new URL(page.url()).pathname}`);
}

export async function runMeetings({ binary, browser, workDir, outDir, report, profiles, timeout = 15_000 }) {
  const phone = profiles.find((p) => p.touch);
  const desk = profiles.find((p) => !p.touch);
  const db = join(workDir, 'meetings-demo.db');
  const errors = [];
  const wide = [];
  const step = async (name, fn) => {
    try {
      await fn();
      report.pass(`meetings: ${name}`);
      return true;
    } catch (e) {
      report.fail(`meetings: ${name}`, (e?.message || String(e)).split('\n')[0]);
      return false;
    }
  };
  let branch = null;
  let town = null;
  let recordPath = null;
  const ok = await step('set up (demo database, server)', async () => {
    run(binary, ['demo', '--no-meetings', '--db', db, '--demo-password', DEMO_PASSWORD]);
    const s = startServer(binary, db);
    srv = { proc: s.proc, stop: s.stop, stderr: s.stderr, url: null };
    srv.url = (await s.ready).url;
  });
  if (!ok) { await stopMeetings(); return; }
  const url = srv.url;
  try {
    await step('phone: branch1 records a 党员大会 and submits it', async () => {
      branch = await newPage(browser, phone, errors, timeout);
      const p = branch.page;
      await signIn(p, url, 'branch1', true);
      await go(p, p.locator('nav a', { hasText: '三会一课' }).first(), true);
      await overflow(p, phone, '/meetings', wide);
      await go(p, p.locator('a.button', { hasText: '记录会议' }), true);
      await overflow(p, phone, '/meetings/new', wide);
      await p.selectOption('#kind', 'party_congress');
      const today = await p.getAttribute('#date', 'max');
      await p.fill('#date', today);
      await p.fill('#time', '09:00');
      await p.fill('#topics', '学习传达上级会议精神\n研究发展党员工作');
      await p.locator('details.meeting-absent > summary').tap();
      const box = p.locator('.meeting-roster input[type=checkbox]').first();
      await box.check();
      await p.locator('.meeting-roster input[name^=r]').first().fill('外出务工');
      await p.fill('#minutes', '支部书记：传达会议精神。\n党员代表：结合本村实际谈体会。');
      await p.fill('#d1', '同意确定一名发展对象');
      await p.fill('input[name=y1]', '3');
      await p.fill('input[name=n1]', '0');
      await p.fill('input[name=b1]', '0');
      await overflow(p, phone, '/meetings/new (filled)', wide);
      await go(p, p.locator('button[value=submit]'), true);
      recordPath = new URL(p.url()).pathname;
      if (!/^\/meetings\/\d+$/.test(recordPath)) throw new Error(`after 提交审核: at ${recordPath}`);
      await mustSee(p, '已提交', 'record after submit');
      await mustSee(p, '外出务工', 'record after submit');
      await overflow(p, phone, recordPath, wide);
      await p.screenshot({ path: join(outDir, 'phone-meetings-01-submitted.png'), fullPage: true });
    });
    await step('desktop: town1 returns the record for refill with a remark', async () => {
      if (!recordPath) throw new Error('no record');
      town = await newPage(browser, desk, errors, timeout);
      const p = town.page;
      await signIn(p, url, 'town1', false);
      await go(p, p.locator('nav a', { hasText: '三会一课' }).first(), false);
      await go(p, p.locator(`a[href="${recordPath}"]`).first(), false);
      await p.check('input[name=action][value=return_refill]');
      await p.fill('#remark', REMARK);
      await go(p, p.locator('form.meeting-review button[type=submit]'), false);
      await mustSee(p, '退回重填', 'record after review');
      await mustSee(p, REMARK, 'record after review');
      await p.screenshot({ path: join(outDir, 'desktop-meetings-02-returned.png'), fullPage: true });
    });
    await step('phone: branch1 sees the record returned with the remark; 落实情况 opens', async () => {
      if (!branch || !recordPath) throw new Error('no record');
      const p = branch.page;
      await p.goto(`${url}${recordPath}`);
      await mustSee(p, '退回重填', 'record as branch1');
      await mustSee(p, REMARK, 'record as branch1');
      await overflow(p, phone, recordPath, wide);
      await p.screenshot({ path: join(outDir, 'phone-meetings-03-returned.png'), fullPage: true });
      await p.goto(`${url}/meetings`);
      await go(p, p.locator('a', { hasText: '落实情况' }).first(), true);
      await mustSee(p, '三会一课落实情况', '/compliance');
      await overflow(p, phone, '/compliance', wide);
    });
    await step('phone: branch1 attaches a photo of the sign-in sheet to the returned record', async () => {
      if (!branch || !recordPath) throw new Error('no record');
      const p = branch.page;
      await p.goto(`${url}${recordPath}`);
      // a real (tiny) PNG: 1×1 pixel
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64');
      await p.setInputFiles('#attachment-file', { name: '签到表.png', mimeType: 'image/png', buffer: png });
      await go(p, p.locator('form.meeting-attachment-upload button[type=submit]'), true);
      await mustSee(p, '已上传附件：签到表.png', 'record after upload');
      const link = p.locator('ul.meeting-attachments a', { hasText: '签到表.png' });
      const resp = await p.request.get(new URL(await link.getAttribute('href'), url).href);
      if (resp.status() !== 200 || (await resp.body()).length !== png.length) {
        throw new Error(`download: HTTP ${resp.status()}, ${(await resp.body()).length} bytes`);
      }
      await overflow(p, phone, `${recordPath} (attachment)`, wide);
      await p.screenshot({ path: join(outDir, 'phone-meetings-04-attachment.png'), fullPage: true });
    });
    await step('phone: the home page lists the returned record with the remark and this quarter', async () => {
      if (!branch || !recordPath) throw new Error('no record');
      const p = branch.page;
      await p.goto(`${url}/`);
      await mustSee(p, '已开 / 应开', 'home as branch1');
      await mustSee(p, REMARK, 'home as branch1');
      await overflow(p, phone, '/', wide);
      await p.screenshot({ path: join(outDir, 'phone-meetings-05-home.png'), fullPage: true });
      await go(p, p.locator(`main a[href="${recordPath}"]`).first(), true);
      await mustSee(p, '退回重填', 'record from the home page');
    });
    await step('desktop: town1 reads last quarter\'s findings and the rules in force', async () => {
      if (!town) throw new Error('no town page');
      const p = town.page;
      await p.goto(`${url}/`);
      await mustSee(p, '审核与督促', 'home as town1');
      await go(p, p.locator('main a', { hasText: '问题线索' }).first(), false);
      await mustSee(p, '召开次数不足', 'findings as town1');
      await p.screenshot({ path: join(outDir, 'desktop-meetings-06-findings.png'), fullPage: true });
      await go(p, p.locator('main a[href="/rules"]').first(), false);
      await mustSee(p, '现行版本', '/rules');
    });
  } finally {
    await branch?.ctx.close().catch(() => {});
    await town?.ctx.close().catch(() => {});
  }
  if (wide.length) report.fail('meetings: no horizontal overflow on the phone', wide.slice(0, 3).join('; '));
  else report.pass('meetings: no horizontal overflow on the phone');
  if (errors.length) report.fail('meetings: no console errors or CSP violations', errors.slice(0, 3).join('; '));
  else report.pass('meetings: no console errors or CSP violations');
  await stopMeetings();
}
