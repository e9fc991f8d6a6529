"use strict";
// The playground: asks this server's API and shows the answer. Highlights slice the caption
// with the API's UTF-16 offsets (span_utf16), which is how JavaScript strings count.
(function () {
  const state = { messages: {}, lang: "en", rules: {}, report: null };
  const $ = (id) => document.getElementById(id);

  function t(key, values) {
    const table = state.messages[state.lang] || {};
    let text = table[key] || (state.messages.en || {})[key] || key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.replace("{" + name + "}", String(value));
    }
    return text;
  }

  function pickLanguage() {
    const saved = window.localStorage.getItem("dc-page-language");
    if (saved && state.messages[saved]) return saved;
    for (const tag of navigator.languages || [navigator.language || "en"]) {
      const base = tag.toLowerCase().split("-")[0];
      if (state.messages[base]) return base;
    }
    return "en";
  }

  function applyLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    $("page-language").value = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      node.textContent = t(node.dataset.i18n);
    }
    document.title = t("title");
    if (state.report) render(state.report);
  }

  async function getJson(url, options) {
    const response = await fetch(url, options);
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body && body.error ? body.error.message : response.statusText);
    }
    return body;
  }

  function element(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function fillMarkets(jurisdictions) {
    const box = $("markets");
    for (const j of jurisdictions) {
      const input = element("input", { type: "checkbox", value: j.code, id: "market-" + j.code });
      const label = element("label", { for: input.id, title: j.title, class: "market" }, [
        input,
        element("span", { text: j.code }),
      ]);
      box.append(label);
    }
  }

  function fillPlatforms(platforms) {
    const select = $("platform");
    for (const p of platforms) {
      select.append(element("option", { value: p.name, text: p.title }));
    }
  }

  function selectedMarkets() {
    return Array.from(document.querySelectorAll("#markets input:checked"), (i) => i.value);
  }

  // Segments of the caption between span boundaries, each with the findings covering it and
  // whether it is a finding's related evidence (the code a denial contradicts, say).
  function segments(caption, findings) {
    const inside = (s, start, end) => s.start <= start && end <= s.end && s.start < s.end;
    const related = findings.flatMap((f) => f.related_utf16);
    const cuts = new Set([0, caption.length]);
    for (const s of [...findings.map((f) => f.span_utf16), ...related]) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const covering = findings
        .map((f, index) => ({ f, index }))
        .filter(({ f }) => inside(f.span_utf16, start, end));
      const evidence = related.some((s) => inside(s, start, end));
      out.push({ text: caption.slice(start, end), covering, evidence });
    }
    return out;
  }

  function renderCaption(report) {
    const view = $("highlighted");
    view.replaceChildren();
    for (const segment of segments(report.caption, report.findings)) {
      if (!segment.covering.length) {
        const text = document.createTextNode(segment.text);
        view.append(segment.evidence ? element("span", { class: "evidence" }, [text]) : text);
        continue;
      }
      const first = segment.covering[0].f;
      const mark = element("mark", {
        class: "hl cat-" + first.category,
        "data-findings": segment.covering.map((c) => c.index).join(" "),
        title: segment.covering.map((c) => c.f.rule_id + " " + t("category." + c.f.category)).join(", "),
        text: segment.text,
      });
      view.append(mark);
    }
    const categories = Array.from(new Set(report.findings.map((f) => f.category)));
    $("legend").replaceChildren(
      ...categories.map((c) => element("span", { class: "legend-item cat-" + c, text: t("category." + c) }))
    );
  }

  function renderFinding(finding, index) {
    const rule = state.rules[finding.rule_id] || {};
    const head = element("div", { class: "finding-head" }, [
      element("span", { class: "badge sev-" + finding.severity, text: t("severity." + finding.severity) }),
      element("code", { text: finding.rule_id }),
      element("span", { class: "legend-item cat-" + finding.category, text: t("category." + finding.category) }),
    ]);
    const body = [head, element("p", { class: "message", text: finding.message })];
    if (finding.fix) {
      body.push(element("p", {}, [element("strong", { text: t("help") }), finding.fix.message]));
    }
    if (rule.summary) {
      body.push(element("p", { class: "why" }, [element("strong", { text: t("why") }), rule.summary]));
    }
    if (rule.sources && rule.sources.length) {
      const links = rule.sources.map((s) =>
        element("li", {}, [element("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", text: s.title })])
      );
      body.push(element("details", {}, [element("summary", { text: t("sources") }), element("ul", {}, links)]));
    }
    return element("li", { class: "finding", id: "finding-" + index }, body);
  }

  function render(report) {
    $("results").hidden = false;
    renderCaption(report);
    const list = $("findings");
    list.replaceChildren(...report.findings.map(renderFinding));
    if (!report.findings.length) list.append(element("li", { class: "none", text: t("noFindings") }));
    $("corrected").value = report.corrected_caption;
    const errors = report.findings.filter((f) => f.severity === "error").length;
    const n = report.findings.length;
    let status = errors ? t("statusErrors", { n, e: errors }) : t("statusOk", { n });
    if (!report.jurisdictions.length) status += " " + t("noMarket");
    $("status").textContent = status;
  }

  async function loadRules(jurisdiction, platform) {
    const query = new URLSearchParams({ jurisdiction });
    if (platform) query.set("platform", platform);
    const answer = await getJson("/v1/rules?" + query.toString());
    state.rules = Object.fromEntries(answer.rules.map((r) => [r.id, r]));
  }

  async function runCheck(event) {
    event.preventDefault();
    const caption = $("caption").value;
    if (!caption.trim()) {
      $("status").textContent = t("emptyCaption");
      return;
    }
    const markets = selectedMarkets();
    const platform = $("platform").value || null;
    $("status").textContent = t("checking");
    $("check-button").disabled = true;
    try {
      const request = { caption, jurisdiction: markets, platform };
      const [report] = await Promise.all([
        getJson("/v1/check", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(request),
        }),
        loadRules(markets.join(","), platform),
      ]);
      state.report = report;
      render(report);
    } catch (error) {
      $("status").textContent = t("requestFailed", { message: error.message });
    } finally {
      $("check-button").disabled = false;
    }
  }

  async function copyCorrected() {
    const text = $("corrected").value;
    try {
      await navigator.clipboard.writeText(text);
      $("copy-status").textContent = t("copied");
    } catch (error) {
      $("corrected").select();
      $("copy-status").textContent = t("copyFailed");
    }
  }

  async function start() {
    state.messages = await getJson("/static/messages.json");
    applyLanguage(pickLanguage());
    $("page-language").addEventListener("change", (event) => {
      window.localStorage.setItem("dc-page-language", event.target.value);
      applyLanguage(event.target.value);
    });
    $("check-form").addEventListener("submit", runCheck);
    $("copy-button").addEventListener("click", copyCorrected);
    const [jurisdictions, platforms] = await Promise.all([
      getJson("/v1/jurisdictions"),
      getJson("/v1/platforms"),
    ]);
    fillMarkets(jurisdictions.jurisdictions);
    fillPlatforms(platforms.platforms);
    document.body.dataset.ready = "true";
  }

  start().catch((error) => {
    $("status").textContent = t("requestFailed", { message: error.message });
  });
})();
