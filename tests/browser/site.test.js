// Lantern's pages in a real Chromium (Debian's, driven by playwright-core): accessibility
// checked by axe-core, the quick exit with JavaScript off and on, every page with JavaScript
// off, and no request to any other origin. Screenshots go to tests/browser/artifacts/.
//
// Runs the debug binary cargo built (LANTERN_BIN to use another) against a fresh database.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const root = path.resolve(import.meta.dirname, "../..");
const binary = process.env.LANTERN_BIN ?? path.join(root, "target/debug/lantern");
const artifacts = path.join(import.meta.dirname, "artifacts");
const EXIT_URL = "https://www.weather.gov/";

// Every kind of page a visitor meets.
export const PAGES = [
  "/",
  "/help",
  "/help?state=TX",
  "/states",
  "/states/TX",
  "/states/TX/card",
  "/kinds",
  "/kinds/hotline",
  "/topics",
  "/topics/grants",
  "/organizations",
  "/organizations/ovc",
  "/resources/national-human-trafficking-hotline",
  "/resources/fbi-dallas-field-office",
  "/about",
  "/safety",
  "/kinds/training/matrix",
  "/open-data",
  "/search",
  "/search?q=hotline",
  "/search?q=fbi+in+texas&kind=reporting",
  "/search?q=hotlne",
  "/search?q=zzqxv+wvvq",
  "/search?q=necesito+ayuda",
  "/search?q=report+trafficking+in+texas",
  "/resources/national-human-trafficking-hotline/report",
  "/suggest",
  "/suggest/thanks",
  "/resources/call-911/report/thanks",
  "/no-such-page",
];

let server;
let base;
let browser;

before(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-browser-"));
  server = spawn(
    binary,
    ["serve", "--listen", "127.0.0.1:0", "--database", path.join(dir, "lantern.db"), "--feedback-database", path.join(dir, "feedback.db"), "--seeds", path.join(root, "seeds"),
      // Forms are taken at once (people take more than the two seconds the site asks; a test
      // need not wait them out), and as often as the tests send them from this one address.
      "--form-min-age-ms", "0", "--forms-per-client", "1000"],
    { env: { ...process.env, RUST_LOG: "info", NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  // The server prints its address once it is ready to answer.
  base = await new Promise((resolve, reject) => {
    let log = "";
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const found = log.match(/serving (http:\/\/[0-9.:]+)/);
      if (found) resolve(found[1]);
    });
    server.on("exit", (code) => reject(new Error(`lantern exited (${code}) before serving:\n${log}`)));
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  fs.mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/// A fresh context: no shared cache or history between checks. The neutral exit site is
/// answered locally (this machine has no internet), recording what the browser sent it.
async function newPage({ width = 1280, javaScript = true } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 667 : 900 },
    javaScriptEnabled: javaScript,
  });
  const exits = [];
  await context.route(`${EXIT_URL}**`, (route) => {
    exits.push(route.request().headers());
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title><h1>Weather</h1>" });
  });
  const page = await context.newPage();
  return { context, page, exits };
}

// The Spanish twin of every page type: the same pages under /es, and a Spanish 404.
export const SPANISH_PAGES = [
  "/es",
  "/es/help",
  "/es/help?state=TX",
  "/es/search?q=ayuda",
  "/es/states/TX",
  "/es/states/TX/card",
  "/es/resources/national-human-trafficking-hotline",
  "/es/kinds/hotline",
  "/es/kinds/training/matrix",
  "/es/topics/grants",
  "/es/organizations/ovc",
  "/es/about",
  "/es/open-data",
  "/es/safety",
  "/es/resources/national-human-trafficking-hotline/report",
  "/es/suggest",
  "/es/suggest/thanks",
  "/es/no-such-page",
];

/// axe-core's WCAG 2.x A and AA violations on each of `pages`, in each of `settings`
/// ({ width, colorScheme, javaScript }). "JavaScript off" blocks the site's scripts rather
/// than turning off the browser's JavaScript: axe.run waits on timers, which never fire in a
/// page without JavaScript (it hangs), and the site's only behaviour is its own script files,
/// so a page whose scripts never load is the page a visitor without JavaScript sees.
async function axeFailures(pages, settings) {
  const failures = [];
  for (const { width, colorScheme, javaScript = true } of settings) {
    const { context, page } = await newPage({ width });
    await page.emulateMedia({ colorScheme });
    if (!javaScript) await context.route(/\.js(\?.*)?$/, (route) => route.abort());
    for (const url of pages) {
      await page.goto(base + url);
      await page.evaluate(axeSource);
      const results = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        }),
      );
      const where = `${url} @${width}px ${colorScheme}${javaScript ? "" : " no-js"}`;
      for (const violation of results.violations) {
        failures.push(
          `${where}: ${violation.id} (${violation.impact}): ${violation.help}\n    ` +
            violation.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    "),
        );
      }
      assert.ok(results.passes.length > 10, `axe ran on ${where}`);
    }
    await context.close();
  }
  return failures;
}

test("axe-core finds no WCAG 2.x A or AA violations on any page, at 375 and 1280 pixels, light and dark", async () => {
  const failures = await axeFailures(PAGES, [
    { width: 375, colorScheme: "light" },
    { width: 1280, colorScheme: "light" },
    { width: 1280, colorScheme: "dark" },
  ]);
  assert.deepEqual(failures, [], failures.join("\n"));
});

test("axe-core finds no WCAG 2.x A or AA violations on any Spanish page, at 390 and 1280 pixels, light and dark, JavaScript on and off", async () => {
  const settings = [];
  for (const width of [390, 1280]) {
    for (const colorScheme of ["light", "dark"]) {
      for (const javaScript of [true, false]) settings.push({ width, colorScheme, javaScript });
    }
  }
  const failures = await axeFailures(SPANISH_PAGES, settings);
  assert.deepEqual(failures, [], failures.join("\n"));
});

test("no page asks any other origin for anything", async () => {
  const { context, page } = await newPage();
  const foreign = [];
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== new URL(base).origin) foreign.push(request.url());
  });
  for (const url of PAGES) {
    await page.goto(base + url, { waitUntil: "load" });
  }
  await context.close();
  assert.deepEqual(foreign, []);
});

test("every page works with JavaScript off", async () => {
  const { context, page } = await newPage({ javaScript: false });
  for (const url of PAGES) {
    const response = await page.goto(base + url);
    assert.equal(response.status(), url === "/no-such-page" ? 404 : 200, url);
    assert.equal(await page.locator("h1").count(), 1, `${url} has one h1`);
    assert.ok((await page.locator("main").innerText()).length > 100, `${url} has content`);
    assert.ok(await page.getByRole("banner").getByRole("link", { name: "Call 911" }).isVisible(), `${url} shows 911`);
  }
  // Forms work without script: search from the home page, then choose a state on the help page.
  await page.goto(`${base}/`);
  await page.fill("#header-q", "hotline");
  await page.getByRole("button", { name: "Search" }).last().click();
  await page.waitForURL(/\/search\?q=hotline/);
  assert.ok(await page.getByRole("link", { name: "National Human Trafficking Hotline" }).first().isVisible());
  await page.goto(`${base}/help`);
  await page.selectOption("#help-state", "VT");
  await page.getByRole("button", { name: "Show local contacts" }).click();
  await page.waitForURL(/state=VT/);
  assert.ok(await page.getByRole("heading", { name: "Local contacts for Vermont" }).isVisible());
  await context.close();
});

test("the safety bar and quick exit are visible without scrolling on a 375 pixel phone", async () => {
  const { context, page } = await newPage({ width: 375 });
  for (const url of ["/", "/resources/national-human-trafficking-hotline", "/states/TX"]) {
    await page.goto(base + url);
    for (const name of [/^Call 911/, /^Call 888-373-7888/, /^Text 233733/, /^Quick exit/]) {
      const box = await page.getByRole("banner").getByRole("link", { name }).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 667, `${name} is on screen on ${url}`);
    }
  }
  await context.close();
});

test("heading levels never skip, on every page type", async () => {
  const { context, page } = await newPage();
  const failures = [];
  for (const url of PAGES) {
    await page.goto(base + url);
    const levels = await page.evaluate(() =>
      [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => [Number(h.tagName[1]), h.textContent.trim()]),
    );
    assert.equal(levels[0]?.[0], 1, `${url} starts with its h1`);
    for (let i = 1; i < levels.length; i++) {
      if (levels[i][0] > levels[i - 1][0] + 1) {
        failures.push(`${url}: h${levels[i - 1][0]} "${levels[i - 1][1]}" is followed by h${levels[i][0]} "${levels[i][1]}"`);
      }
    }
  }
  await context.close();
  assert.deepEqual(failures, [], failures.join("\n"));
});

test("on a 390 x 844 phone the home page's first screen has its heading, one search box and the way to help", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const onScreen = async (locator, what) => {
    const box = await locator.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 844, `${what} is in the first screen: ${JSON.stringify(box)}`);
  };
  assert.equal(await page.locator("input[type=search]").count(), 1, "one search box");
  await onScreen(page.locator("h1"), "the heading");
  await onScreen(page.getByRole("searchbox"), "the search box");
  await onScreen(page.getByRole("link", { name: /^I need help now/ }), "the I need help now route");
  await onScreen(page.getByRole("link", { name: /^Quick exit/ }), "the quick exit");
  await page.screenshot({ path: path.join(artifacts, "home-first-screen-390.png") });
  await context.close();
});

test("a search that asks for help shows the Hotline's call and text buttons before any result", async () => {
  const { context, page } = await newPage({ width: 375, javaScript: false });
  await page.goto(`${base}/search?q=i+need+help`);
  const answer = page.getByRole("region", { name: "Get help now" });
  const call = answer.getByRole("link", { name: "Call 888-373-7888 to reach the National Human Trafficking Hotline" });
  const text = answer.getByRole("link", { name: "Text 233733 to reach the National Human Trafficking Hotline" });
  assert.equal(await call.getAttribute("href"), "tel:+18883737888");
  assert.equal(await text.getAttribute("href"), "sms:233733");
  assert.equal(await answer.locator("a.action", { hasText: "Call 911" }).getAttribute("href"), "tel:911");
  for (const button of [call, text]) {
    const box = await button.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `a thumb-sized target: ${JSON.stringify(box)}`);
  }
  const answerTop = (await answer.boundingBox()).y;
  const firstResult = await page.locator("ol.cards > li").first().boundingBox();
  assert.ok(!firstResult || firstResult.y > answerTop, "the answer comes first");
  await context.close();
});

test("on a 390 x 844 phone a state with one field office shows its office and the help lines in the first screen", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${base}/states/NM`);
  for (const name of [/^Call to report \(505\) 889-1300/, "Call 911", /^Call 888-373-7888/, /^Text 233733/]) {
    const box = await page.locator("main").getByRole("link", { name }).last().boundingBox();
    assert.ok(box && box.y + box.height <= 844, `${name} is in the first screen: ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: path.join(artifacts, "state-NM-390.png") });
  await context.close();
});

test("a state page folds what professionals need behind <details> that open without script", async () => {
  const { context, page } = await newPage({ width: 390, javaScript: false });
  await page.goto(`${base}/states/TX`);
  const group = page.locator("details.group").first();
  assert.equal(await group.getAttribute("open"), null, "starts closed");
  assert.equal(await group.locator("ul.cards").isVisible(), false);
  await group.locator("summary").click();
  assert.ok(await group.locator("ul.cards").isVisible(), "opens on a tap");
  await context.close();
});

// What the safety bar's links are named, and where they go, in each language.
const SAFETY_BAR = {
  en: {
    exit: /^Quick exit/,
    links: [
      ["Call 911 if you are in immediate danger", "tel:911"],
      ["Call 888-373-7888 to reach the National Human Trafficking Hotline", "tel:+18883737888"],
      ["Text 233733 to reach the National Human Trafficking Hotline", "sms:233733"],
      ["Staying safe online", "/safety"],
    ],
  },
  es: {
    exit: /^Salida rápida/,
    links: [
      ["Llame al 911 si está en peligro inmediato", "tel:911"],
      ["Llame al 888-373-7888 para comunicarse con la Línea Nacional Contra la Trata de Personas", "tel:+18883737888"],
      ["Envíe un texto al 233733 para comunicarse con la Línea Nacional Contra la Trata de Personas", "sms:233733"],
      ["Seguridad en internet", "/es/safety"],
    ],
  },
};

test("on a 390 by 844 phone the safety bar is at most two lines, with Quick exit in the first screen and links that say what they do, in English and Spanish", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const url of [
    "/",
    "/help",
    "/safety",
    "/kinds/training/matrix",
    "/search?q=hotline",
    "/no-such-page",
    "/es",
    "/es/help",
    "/es/safety",
    "/es/kinds/training/matrix",
    "/es/search?q=ayuda",
    "/es/no-such-page",
  ]) {
    const { exit: exitName, links: named } = SAFETY_BAR[url.startsWith("/es") ? "es" : "en"];
    await page.goto(base + url);
    const bar = page.locator(".safety");
    const links = bar.getByRole("link");
    const boxes = await links.evaluateAll((elements) =>
      elements.map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, width: r.width, height: r.height, href: e.getAttribute("href") };
      }),
    );
    // Lines: links whose boxes overlap vertically share a line.
    const lines = [];
    for (const b of boxes.toSorted((a, c) => a.top - c.top)) {
      const line = lines.find((l) => b.top < l.bottom && b.bottom > l.top);
      if (line) line.bottom = Math.max(line.bottom, b.bottom);
      else lines.push({ top: b.top, bottom: b.bottom });
    }
    assert.ok(lines.length <= 2, `${url}: the bar's links sit on ${lines.length} lines`);
    const height = (await bar.boundingBox()).height;
    assert.ok(height <= 2 * 44 + 16, `${url}: the bar is ${height}px tall`);
    for (const b of boxes) {
      assert.ok(b.width >= 44 && b.height >= 44, `${url}: ${b.href} is a ${b.width}x${b.height} target`);
    }
    const exit = await bar.getByRole("link", { name: exitName }).boundingBox();
    assert.ok(exit.y >= 0 && exit.y + exit.height <= 844, `${url}: Quick exit is in the first screen`);
    // Each link's name says what it does, and goes where it says.
    for (const [name, href] of named) {
      assert.equal(await bar.getByRole("link", { name, exact: true }).getAttribute("href"), href, `${url}: ${name}`);
    }
  }
  await context.close();
});

test("the training matrix scrolls inside its own box at 390 pixels, never the page, and the keyboard can scroll it", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${base}/kinds/training/matrix`);
  const sizes = await page.evaluate(() => {
    const box = document.querySelector("[role=region][tabindex='0']");
    return {
      page: document.scrollingElement.scrollWidth,
      window: window.innerWidth,
      box: box.scrollWidth,
      boxWidth: box.clientWidth,
    };
  });
  assert.ok(sizes.page <= sizes.window, `the page is ${sizes.page}px wide in a ${sizes.window}px window`);
  assert.ok(sizes.box > sizes.boxWidth, "the table's box scrolls sideways");
  const region = page.getByRole("region", { name: /^Table of entries and audiences/ });
  await region.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("End");
  assert.ok((await region.evaluate((e) => e.scrollLeft)) > 0, "arrow keys scroll the focused box");
  await page.screenshot({ path: path.join(artifacts, "matrix-390.png"), fullPage: true });
  await context.close();
});

test("quick exit works as a plain link with JavaScript off, and sends no referrer", async () => {
  const { context, page, exits } = await newPage({ javaScript: false });
  await page.goto(`${base}/help`);
  await page.getByRole("link", { name: /^Quick exit/ }).click();
  await page.waitForURL(EXIT_URL);
  assert.equal(exits.length, 1);
  assert.equal(exits[0].referer, undefined, "no Referer header");
  await context.close();
});

test("quick exit with JavaScript: three presses of Shift replace the page", async () => {
  const { context, page } = await newPage();
  await page.goto(`${base}/`);
  await page.goto(`${base}/help`);
  assert.ok(await page.getByText("Or press Shift three times.").isVisible(), "the shortcut is explained");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await page.waitForURL(EXIT_URL);
  // location.replace: going back skips the page the person was on.
  await page.goBack();
  assert.notEqual(page.url(), `${base}/help`);
  await context.close();
});

test("typing capitals in the search box does not trigger the quick exit", async () => {
  const { context, page } = await newPage();
  await page.goto(`${base}/`);
  await page.locator("#header-q").click();
  await page.keyboard.type("Texas Hotline NY");
  await page.keyboard.press("Shift+A");
  await page.keyboard.press("Shift+B");
  assert.equal(page.url(), `${base}/`);
  assert.equal(await page.locator("#header-q").inputValue(), "Texas Hotline NYAB");
  await context.close();
});

test("keyboard: the first Tab reaches the skip link, which moves focus to the content", async () => {
  const { context, page } = await newPage();
  await page.goto(`${base}/help`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to main content");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await context.close();
});

test("pages stay usable at 320 pixels and 200% zoom: nothing scrolls sideways", async () => {
  const { context, page } = await newPage({ width: 320 });
  for (const url of PAGES) {
    await page.goto(base + url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${url} overflows by ${overflow}px at 320px`);
  }
  await context.close();
  // 200 % zoom of a 1280 px window is a 640 px layout at device scale 2.
  const zoomed = await browser.newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
  const zpage = await zoomed.newPage();
  for (const url of PAGES) {
    await zpage.goto(base + url);
    const overflow = await zpage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${url} overflows by ${overflow}px at 200% zoom`);
  }
  await zoomed.close();
});

/// Full-page screenshots of `pages` ([name, url]) at each of `widths`, into artifacts/, to look at.
async function screenshots(widths, pages) {
  for (const width of widths) {
    const { context, page } = await newPage({ width });
    for (const [name, url] of pages) {
      await page.goto(base + url);
      const file = path.join(artifacts, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10_000, `${file} has a picture in it`);
    }
    await context.close();
  }
}

test("screenshots of home, a resource page and the safety page at 375 and 1280 pixels", async () => {
  await screenshots(
    [375, 1280],
    [
      ["home", "/"],
      ["resource", "/resources/national-human-trafficking-hotline"],
      ["safety", "/safety"],
    ],
  );
});

test("screenshots of the Spanish home and help pages at 390 and 1280 pixels", async () => {
  await screenshots(
    [390, 1280],
    [
      ["es-home", "/es"],
      ["es-help", "/es/help"],
    ],
  );
});

/// How many pages a PDF has: its page objects, not the "/Pages" tree that holds them.
function pdfPages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

test("a pocket card prints on one 4 by 6 inch page, the site around it left off", async () => {
  const { context, page } = await newPage({ javaScript: false });
  // Texas and California have four field offices each, the most of any state.
  for (const code of ["TX", "CA", "AS"]) {
    await page.goto(`${base}/states/${code}/card`);
    await page.emulateMedia({ media: "print" });
    for (const hidden of ["banner", "contentinfo"]) {
      assert.equal(await page.getByRole(hidden).isVisible(), false, `${code}: no ${hidden} in print`);
    }
    assert.ok(await page.getByRole("link", { name: "888-373-7888" }).isVisible(), `${code}: the Hotline prints`);
    assert.ok(await page.locator(".card-fact").isVisible(), `${code}: what to know about the Hotline prints`);
    const pdf = await page.pdf({ preferCSSPageSize: true, path: path.join(artifacts, `card-${code}.pdf`) });
    assert.equal(pdfPages(pdf), 1, `${code}'s card is one page`);
    // 4 × 6 inches is 288 × 432 points.
    assert.match(pdf.toString("latin1"), /\/MediaBox\s*\[\s*0 0 288 432\s*\]/, `${code}: 4 × 6 inches`);
    await page.emulateMedia({ media: "screen" });
  }
  await context.close();
});

test("screenshots of a pocket card at 390 and 1280 pixels", async () => {
  for (const width of [390, 1280]) {
    const { context, page } = await newPage({ width });
    await page.goto(`${base}/states/TX/card`);
    const box = await page.locator(".pocket-card").boundingBox();
    // On screen the card previews at its printed width, about 4 inches (384 CSS pixels).
    assert.ok(box.width <= 390 && box.width >= 300, `the card is card-sized at ${width}px: ${box.width}`);
    const file = path.join(artifacts, `card-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.statSync(file).size > 10_000, `${file} has a picture in it`);
    await context.close();
  }
});

// The report and suggestion forms: what a person fills in, in each language, and what the
// thank-you page says. Labels are found as a screen reader names the fields.
const FORMS = {
  en: {
    report: "/resources/national-human-trafficking-hotline/report",
    suggest: "/suggest",
    problem: "A web link is broken",
    message: "What should we know?",
    contact: "How to reach you (optional)",
    sendReport: "Send report",
    name: "Its name",
    what: "What it does",
    reach: "A web address or phone number for it",
    state: "Texas",
    learned: "Where did you learn of it?",
    sendSuggestion: "Send suggestion",
    thanks: "Thank you",
  },
  es: {
    report: "/es/resources/national-human-trafficking-hotline/report",
    suggest: "/es/suggest",
    problem: "Un enlace no funciona",
    message: "¿Qué debemos saber?",
    contact: "Cómo comunicarnos con usted (opcional)",
    sendReport: "Enviar el informe",
    name: "Su nombre",
    what: "Qué hace",
    reach: "Una dirección web o un número de teléfono del recurso",
    state: "Texas",
    learned: "¿Dónde supo de él?",
    sendSuggestion: "Enviar la sugerencia",
    thanks: "Gracias",
  },
};

/// Fills in and sends the report form, then the suggestion form, in `lang`, by their labels.
async function sendBothForms(page, lang) {
  const f = FORMS[lang];
  await page.goto(base + f.report);
  await page.getByLabel(f.problem).check();
  await page.getByLabel(f.message).fill(`The web link on the page is broken (${lang}).`);
  await page.getByRole("button", { name: f.sendReport }).click();
  await page.waitForURL(`${base}${f.report}/thanks`);
  assert.equal(await page.locator("h1").innerText(), f.thanks);
  await page.goto(base + f.suggest);
  await page.getByLabel(f.name, { exact: true }).fill("Refugio Esperanza");
  await page.getByLabel(f.what, { exact: true }).fill("Beds and support for survivors.");
  await page.getByLabel(f.reach).fill("https://example.org/refugio");
  await page.getByRole("group").getByLabel(f.state, { exact: true }).check();
  await page.getByLabel(f.learned).fill("A flyer at the clinic");
  await page.getByRole("button", { name: f.sendSuggestion }).click();
  await page.waitForURL(`${base}${f.suggest}/thanks`);
  assert.equal(await page.locator("h1").innerText(), f.thanks);
}

test("both forms, in English and Spanish, are filled in and sent with JavaScript off and reach their thank-you pages", async () => {
  const { context, page } = await newPage({ width: 390, javaScript: false });
  for (const lang of ["en", "es"]) await sendBothForms(page, lang);
  await context.close();
});

test("keyboard only: tab to the problems, choose one with the arrows, write, and send the report", async () => {
  const { context, page } = await newPage({ javaScript: false });
  const f = FORMS.en;
  await page.goto(base + f.report);
  const focused = () => page.evaluate(() => ({ name: document.activeElement.name, id: document.activeElement.id, tag: document.activeElement.tagName }));
  let presses = 0;
  while ((await focused()).name !== "problem") {
    await page.keyboard.press("Tab");
    assert.ok(++presses < 40, "Tab reaches the problems");
  }
  await page.keyboard.press("ArrowDown");
  assert.ok(await page.getByLabel(f.problem).isChecked(), "the arrow chose the second problem");
  await page.keyboard.press("Tab");
  assert.equal((await focused()).id, "message");
  await page.keyboard.type("The link gives a 404.");
  await page.keyboard.press("Tab");
  assert.equal((await focused()).id, "contact");
  await page.keyboard.press("Tab");
  assert.equal((await focused()).tag, "BUTTON", "the hidden field is never reached");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}${f.report}/thanks`);
  await context.close();
});

test("a form sent with a problem comes back with focus on the field and axe finds nothing, in both languages", async () => {
  const { context, page } = await newPage({ width: 390 });
  for (const lang of ["en", "es"]) {
    const f = FORMS[lang];
    await page.goto(base + f.suggest);
    // Spaces pass the browser's check for a filled field; the server reads them as empty.
    await page.getByLabel(f.name, { exact: true }).fill("   ");
    await page.getByLabel(f.what, { exact: true }).fill("Beds");
    await page.getByLabel(f.reach).fill("555-0100");
    await page.getByLabel(f.learned).fill("A flyer");
    await page.getByRole("button", { name: f.sendSuggestion }).click();
    await page.waitForLoadState();
    assert.equal(await page.evaluate(() => document.activeElement.id), "name", "focus is on the field with the problem");
    const described = await page.locator("#name").getAttribute("aria-describedby");
    assert.ok(described.includes("name-error"), described);
    assert.ok(await page.locator("#name-error").isVisible());
    await page.evaluate(axeSource);
    const results = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
    );
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.help}`), [], `${lang}: the form with problems`);
  }
  await context.close();
});

test("on a 390 pixel phone every choice, field and button of the forms is a 44 pixel target and nothing scrolls sideways", async () => {
  const { context, page } = await newPage({ width: 390 });
  for (const url of [FORMS.en.report, FORMS.es.suggest]) {
    await page.goto(base + url);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll(".feedback-form .choice label, .feedback-form input[type=text], .feedback-form textarea, .feedback-form button")]
        .filter((e) => e.offsetParent !== null)
        .map((e) => ({ what: e.id || e.htmlFor || e.textContent, height: e.getBoundingClientRect().height }))
        .filter((t) => t.height < 44),
    );
    assert.deepEqual(small, [], url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${url} overflows by ${overflow}px`);
  }
  await context.close();
});

test("screenshots of the report form, a refusal and the thank-you page, in English and Spanish, at 390 and 1280 pixels", async () => {
  const shots = process.env.LANTERN_SHOTS ?? artifacts;
  fs.mkdirSync(shots, { recursive: true });
  for (const width of [390, 1280]) {
    const { context, page } = await newPage({ width });
    for (const lang of ["en", "es"]) {
      const f = FORMS[lang];
      const shot = async (name) => {
        const file = path.join(shots, `forms-${lang}-${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(fs.statSync(file).size > 10_000, `${file} has a picture in it`);
      };
      await page.goto(base + f.report);
      await shot("report");
      // A form changed on the way: its token no longer matches.
      await page.getByLabel(f.problem).check();
      await page.locator("input[name=token]").evaluate((e) => { e.value = "0.forged"; });
      await page.getByRole("button", { name: f.sendReport }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator("a.action", { hasText: lang === "en" ? "Go back to the form" : "Volver al formulario" }).count(), 1);
      await shot("refused");
      await page.goto(base + f.report);
      await page.getByLabel(f.problem).check();
      await page.getByRole("button", { name: f.sendReport }).click();
      await page.waitForURL(`${base}${f.report}/thanks`);
      await shot("thanks");
    }
    await context.close();
  }
});
