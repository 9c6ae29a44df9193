// Org tree scenario (called by run.mjs): "a town user opens the tree, sees only its villages,
// edits one with a validation error first, then successfully".
//
// Own server on its own database made by `dangjian demo` (district scale, ~800 orgs). The
// other town's branches are read through the JSON API as `district` — the generated village
// names are not hard-coded. Then, per viewport (desktop, phone), as town1 (城关镇党委):
// navigation → 组织架构, the tree holds exactly 城关镇's branches and nothing of 新华镇 (town2),
// a village opens, 编辑, an emptied 简称 is stopped by the browser, a blank (spaces) 简称 is
// refused by the server with the field error while the other typed values stay, the corrected
// form saves (detail page: new name, flash 已保存; tree: new short name), and town2's orgs
// requested by URL answer the 404 page. Overflow, console errors and CSP violations are
// checked on every page reached. Screenshots: out/<viewport>-orgs-NN-*.png.
import { join } from 'node:path';
import { run, startServer } from './server.mjs';
import {
  apiLogin, expectPath, expectText, getJson, killOnExit, navigate, openPage, overflowOf, pathOf, serverNote, shot,
} from './page.mjs';

const DEMO_PASSWORD = 'E2e#Demo2025';
const TOWN_CODE = 'D001T01'; // 城关镇, town1's org
const OTHER_TOWN_CODE = 'D001T02'; // 新华镇, town2's org
const COMMUNITY = '东关社区党支部'; // generated for every first town (not random)

let srv = null; // this scenario's server: {proc, stop, stderr, url}

/** Stops this scenario's server (run.mjs calls it from its cleanup). */
export async function stopOrgs() {
  const s = srv;
  srv = null;
  if (s) await s.stop().catch(() => {});
}

killOnExit(() => srv);

/**
 * What the browser steps compare against, read as `district` through the JSON API:
 * both towns (id, short name) and their live direct children (id, kind, short name).
 */
async function readFacts(url) {
  const api = await apiLogin(url, 'district', DEMO_PASSWORD);
  try {
    const tree = await getJson(api, '/orgs');
    const towns = (tree.roots ?? []).flatMap((d) => d.children ?? []);
    const town = async (code) => {
      const t = towns.find((o) => o.code === code);
      if (!t) throw new Error(`district's tree has no town ${code}`);
      const detail = await getJson(api, `/orgs/${t.id}`);
      const kids = (detail.children ?? []).filter((c) => !c.dissolved)
        .map((c) => ({ id: c.id, kind: c.kind, short: c.short_name, name: c.name, code: c.code ?? '' }));
      if (!kids.length) throw new Error(`town ${code} has no branches`);
      return { id: t.id, short: t.short_name, kids };
    };
    return { mine: await town(TOWN_CODE), other: await town(OTHER_TOWN_CODE) };
  } finally {
    await api.dispose();
  }
}

async function runProfile({ browser, outDir, report, timeout }, profile, facts, target, newNames) {
  const prefix = `${profile.name}: orgs`;
  const url = srv.url;
  const errors = [];
  const expectedDocStatus = new Map(); // url -> status the document is expected to answer
  const overflow = [];
  const { ctx, page } = await openPage(browser, profile, errors, timeout);
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url;
    const st = at && expectedDocStatus.get(at);
    if (st && m.text().includes(`status of ${st} `)) return;
    errors.push(`console error on ${pathOf(page)}: ${m.text()}${at ? ` [${at}]` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`page error on ${pathOf(page)}: ${e.message}`));
  page.on('requestfailed', (req) => {
    errors.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (resp) => {
    const req = resp.request();
    const st = resp.status();
    if (st >= 500 || (st >= 400 && req.resourceType() !== 'document')) {
      errors.push(`HTTP ${st} for ${req.method()} ${resp.url()}`);
    } else if (st >= 400 && expectedDocStatus.get(resp.url()) !== st) {
      errors.push(`unexpected HTTP ${st} for ${req.method()} ${resp.url()}`);
    }
  });
  let posts = 0;
  page.on('request', (req) => { if (req.method() === 'POST') posts++; });

  const touch = profile.touch;
  const check = (where) => overflowOf(page, profile, where, overflow);
  let n = 0;
  let broken = null;
  let signedIn = false;
  // A chained step is skipped after a failed hard step; an unchained one only needs the login.
  const step = async (name, fn, { soft = false, chained = true } = {}) => {
    n++;
    if (broken && (chained || !signedIn)) {
      report.fail(`${prefix}: ${name}`, `skipped, earlier step failed (${broken})`);
      return;
    }
    try {
      await fn();
      report.pass(`${prefix}: ${name}`);
    } catch (e) {
      if (!soft) broken = name;
      report.fail(`${prefix}: ${name}`, (e?.message || String(e)).split('\n')[0] + serverNote(srv));
      await shot(page, outDir, `${profile.name}-orgs`, 90 + n, 'failure').catch(() => {});
    }
  };
  const detailPath = `/orgs/${target.id}`;
  const editPath = `${detailPath}/edit`;

  await step('town1 signs in and opens 组织架构 from the navigation', async () => {
    await page.goto(`${url}/login`, { waitUntil: 'load' });
    await page.locator('#login').fill('town1');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await navigate(page, page.locator('form.form button[type=submit]'), touch, timeout);
    expectPath(page, '/', 'after login (demo accounts need no password change)');
    signedIn = true;
    const link = page.locator('nav.main a', { hasText: '组织架构' });
    if ((await link.count()) !== 1) throw new Error('no single 组织架构 link in nav.main');
    const resp = await navigate(page, link, touch, timeout);
    if (resp?.status() !== 200) throw new Error(`GET /orgs answered ${resp?.status()}`);
    expectPath(page, '/orgs', 'after the 组织架构 link');
    await expectText(page.locator('main h1'), '组织架构', 'tree heading', timeout);
    const active = (await page.locator('nav.main a.active').allInnerTexts()).map((t) => t.trim());
    if (active.join() !== '组织架构') throw new Error(`active navigation entry: “${active.join('、')}”`);
    await check('tree');
  });

  await step('the tree shows 城关镇 branches only (none of 新华镇)', async () => {
    const ids = await page.locator('main li.org-node').evaluateAll((els) => els.map((e) => e.id));
    const problems = [];
    const rootLine = (await page.locator('main ul.org-roots > li.org-node .org-name').first().innerText()).trim();
    if (rootLine !== facts.mine.short) problems.push(`root is “${rootLine}”, expected “${facts.mine.short}”`);
    const missing = facts.mine.kids.filter((k) => !ids.includes(`org-${k.id}`)).map((k) => k.short);
    if (missing.length) problems.push(`missing own branches: ${missing.join('、')}`);
    const community = facts.mine.kids.find((k) => k.short === COMMUNITY);
    if (!community) problems.push(`the demo data has no ${COMMUNITY} under ${facts.mine.short}`);
    else if (!(await page.locator(`#org-${community.id} .org-name`).first().isVisible())) {
      problems.push(`${COMMUNITY} is not visible in the tree`);
    }
    const foreign = [facts.other, ...facts.other.kids].filter((o) => ids.includes(`org-${o.id}`));
    if (foreign.length) problems.push(`shows 新华镇 orgs: ${foreign.map((o) => o.short).join('、')}`);
    const links = await page.locator('main a[href^="/orgs/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const foreignLinks = [facts.other, ...facts.other.kids].filter((o) => links.includes(`/orgs/${o.id}`));
    if (foreignLinks.length) problems.push(`links to 新华镇 orgs: ${foreignLinks.map((o) => o.short).join('、')}`);
    // Short names can repeat across towns (王家庄村…): only names not used in 城关镇 are telling.
    const mainText = await page.locator('main').innerText();
    const mineShort = new Set(facts.mine.kids.map((k) => k.short));
    const seen = [facts.other, ...facts.other.kids].filter((o) => !mineShort.has(o.short) && mainText.includes(o.short));
    if (seen.length) problems.push(`text of 新华镇 orgs on the page: ${seen.map((o) => o.short).join('、')}`);
    if (problems.length) throw new Error(problems.join('; '));
    await shot(page, outDir, `${profile.name}-orgs`, 1, 'tree');
  });

  await step(`a village (${target.short}) opens from the tree`, async () => {
    const link = page.locator(`#org-${target.id} .org-name`).first();
    const resp = await navigate(page, link, touch, timeout);
    if (resp?.status() !== 200) throw new Error(`GET ${detailPath} answered ${resp?.status()}`);
    expectPath(page, detailPath, 'after the village link');
    await expectText(page.locator('main h1'), target.name, 'detail heading', timeout);
    await expectText(page.locator('main table.kv tr', { hasText: '组织类型' }).locator('td'), '村党支部', '组织类型', timeout);
    await shot(page, outDir, `${profile.name}-orgs`, 2, 'village');
    await check('village detail');
  });

  await step('编辑 opens the form with the stored values', async () => {
    await navigate(page, page.locator('main .org-actions a', { hasText: '编辑' }), touch, timeout);
    expectPath(page, editPath, 'after 编辑');
    await expectText(page.locator('main h1'), '编辑组织', 'form heading', timeout);
    const name = await page.locator('#name').inputValue();
    const short = await page.locator('#short_name').inputValue();
    if (name !== target.name || short !== target.short) {
      throw new Error(`form shows 全称 “${name}”, 简称 “${short}”; expected “${target.name}”, “${target.short}”`);
    }
    await check('edit form');
  });

  await step('an emptied 简称 is stopped by the browser (required), nothing is posted', async () => {
    await page.locator('#short_name').fill('');
    const before = posts;
    await (touch ? page.locator('main form.form button[type=submit]').tap() : page.locator('main form.form button[type=submit]').click());
    await page.waitForTimeout(300);
    expectPath(page, editPath, 'after submitting an empty 简称');
    if (posts !== before) throw new Error('the form was posted with an empty required field');
    const missing = await page.locator('#short_name').evaluate((e) => e.validity.valueMissing);
    if (!missing) throw new Error('#short_name does not report valueMissing');
  }, { soft: true });

  const typed = { name: newNames.name, founded: '1966-06-06', code: `${target.code}X` };
  let demoSiteWas = false;
  await step('a blank 简称 (spaces) is refused with the field error; other typed values kept', async () => {
    await page.locator('#name').fill(typed.name);
    await page.locator('#short_name').fill('   ');
    await page.locator('#code').fill(typed.code);
    await page.locator('#founded').fill(typed.founded);
    const demoSite = page.locator('input[name=tag_demo_site]');
    demoSiteWas = await demoSite.isChecked();
    await (touch ? demoSite.tap() : demoSite.click());
    expectedDocStatus.set(`${url}${editPath}`, 400);
    const resp = await navigate(page, page.locator('main form.form button[type=submit]'), touch, timeout);
    if (resp?.status() !== 400) throw new Error(`expected HTTP 400, got ${resp?.status()}`);
    expectPath(page, editPath, 'after the refused form');
    const errs = (await page.locator('main .field-error').allInnerTexts()).map((t) => t.trim());
    if (errs.length !== 1) throw new Error(`expected one field error, got ${errs.length}: ${errs.join(' | ')}`);
    await expectText(page.locator('#short_name + .field-error'), '简称', 'field error under 简称', timeout);
    await expectText(page.locator('#short_name + .field-error'), '不能为空', 'field error under 简称', timeout);
    const got = {
      name: await page.locator('#name').inputValue(),
      code: await page.locator('#code').inputValue(),
      founded: await page.locator('#founded').inputValue(),
    };
    const lost = Object.keys(typed).filter((k) => got[k] !== typed[k]).map((k) => `${k}: “${got[k]}” instead of “${typed[k]}”`);
    if ((await demoSite.isChecked()) === demoSiteWas) lost.push('tag 示范点: the change was not kept');
    if (lost.length) throw new Error(`typed values not kept: ${lost.join('; ')}`);
    await shot(page, outDir, `${profile.name}-orgs`, 3, 'edit-error');
    await check('edit form with the field error');
  });

  await step('the corrected form saves: detail shows the new name and 已保存, the tree the new 简称', async () => {
    await page.locator('#short_name').fill(newNames.short);
    const resp = await navigate(page, page.locator('main form.form button[type=submit]'), touch, timeout);
    if (resp?.status() !== 200) throw new Error(`expected HTTP 200 after the redirect, got ${resp?.status()}`);
    expectPath(page, detailPath, 'after saving');
    await expectText(page.locator('main .flash-ok'), '已保存', 'flash', timeout);
    await expectText(page.locator('main h1'), typed.name, 'detail heading', timeout);
    const kv = await page.locator('main table.kv').first().locator('tr').evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector('th')?.innerText.trim(), r.querySelector('td')?.innerText.trim()])));
    const want = { 全称: typed.name, 简称: newNames.short, 组织编码: typed.code, 成立日期: typed.founded };
    const wrong = Object.entries(want).filter(([k, v]) => kv[k] !== v).map(([k, v]) => `${k} “${kv[k]}” (expected “${v}”)`);
    const tagText = kv['标签'] ?? '';
    if (tagText.includes('示范点') === demoSiteWas) wrong.push(`标签 “${tagText}”: 示范点 not ${demoSiteWas ? 'removed' : 'added'}`);
    const crumb = (await page.locator('main ol.crumbs li').last().innerText()).trim();
    if (crumb !== newNames.short) wrong.push(`last breadcrumb “${crumb}”`);
    if (wrong.length) throw new Error(wrong.join('; '));
    await shot(page, outDir, `${profile.name}-orgs`, 4, 'saved');
    await check('detail after saving');
    await page.goto(`${url}/orgs`, { waitUntil: 'load' });
    await expectText(page.locator(`#org-${target.id} .org-name`), newNames.short, 'tree entry after saving', timeout);
  });

  await step('新华镇 orgs requested by URL answer the 404 page', async () => {
    const branch = facts.other.kids[0];
    const paths = [`/orgs/${branch.id}`, `/orgs/${facts.other.id}`, `/orgs/${branch.id}/edit`, `/orgs?open=${branch.id}`];
    const problems = [];
    for (const p of paths) {
      expectedDocStatus.set(`${url}${p}`, 404);
      const resp = await page.goto(`${url}${p}`, { waitUntil: 'load' });
      if (resp?.status() !== 404) { problems.push(`${p}: HTTP ${resp?.status()}`); continue; }
      const h1 = (await page.locator('main h1').innerText()).trim();
      const body = await page.locator('main').innerText();
      if (!h1.startsWith('404') || !body.includes('组织不存在')) problems.push(`${p}: page “${h1}” / “${body.slice(0, 60)}”`);
      if (body.includes(branch.short) && !facts.mine.kids.some((k) => k.short === branch.short)) {
        problems.push(`${p}: the 404 page names ${branch.short}`);
      }
      if (p === paths[0]) {
        await shot(page, outDir, `${profile.name}-orgs`, 5, 'not-found');
        await check('404 page');
      }
    }
    if (problems.length) throw new Error(problems.join('; '));
  }, { soft: true, chained: false });

  const verdict = (name, problems) => {
    if (problems.length) report.fail(`${prefix}: ${name}`, [...new Set(problems)].join(' | '));
    else report.pass(`${prefix}: ${name}`);
  };
  verdict('no horizontal overflow on any page (scrollWidth <= innerWidth)', overflow);
  verdict('no console errors, page errors or CSP violations', errors);
  await ctx.close();
}

/**
 * Runs the scenario on every profile of run.mjs ({name, context, touch}); results go to
 * report. workDir holds the demo database; outDir the screenshots.
 */
export async function runOrgs({ binary, browser, workDir, outDir, report, profiles, timeout = 15_000 }) {
  const db = join(workDir, 'orgs-demo.db');
  let facts;
  try {
    run(binary, ['demo', '--no-meetings', '--db', db, '--demo-password', DEMO_PASSWORD]);
    const s = startServer(binary, db);
    srv = { proc: s.proc, stop: s.stop, stderr: s.stderr, url: null };
    srv.url = (await s.ready).url;
    facts = await readFacts(srv.url);
  } catch (e) {
    report.fail('orgs: set up (demo database, server, town facts via the JSON API as district)',
      (e?.message || String(e)).split('\n')[0] + serverNote(srv));
    await stopOrgs();
    return;
  }
  report.pass('orgs: set up (demo database, server, town facts via the JSON API as district)');
  // Each viewport edits its own village, so the two runs do not depend on each other.
  const villages = facts.mine.kids.filter((k) => k.kind === 'village');
  for (const [i, profile] of profiles.entries()) {
    const target = villages[i % villages.length];
    const newNames = { name: `中共城关镇测试${i + 1}村支部委员会`, short: `测试${i + 1}村党支部` };
    try {
      await runProfile({ browser, outDir, report, timeout }, profile, facts, target, newNames);
    } catch (e) {
      report.fail(`${profile.name}: orgs: run`, (e?.message || String(e)).split('\n')[0] + serverNote(srv));
    }
  }
  const died = serverNote(srv);
  if (died) report.fail('orgs: server stays up', died.trim());
  else report.pass('orgs: server stays up');
  await stopOrgs();
}
