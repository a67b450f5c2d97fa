/* ncm-docs web app: tabs, lists, pickers, live preview, saving and the clause panel.
   Plain JavaScript, no libraries, nothing fetched from elsewhere. */
(function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  /* ---- tabs (WAI-ARIA tabs pattern: arrow keys, Home, End) ---- */
  function setupTabs(root) {
    var tabs = $all('[role="tab"]', root);
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) { tab.focus(); }
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (e) {
        var next = null;
        if (e.key === "ArrowRight") { next = tabs[(i + 1) % tabs.length]; }
        else if (e.key === "ArrowLeft") { next = tabs[(i - 1 + tabs.length) % tabs.length]; }
        else if (e.key === "Home") { next = tabs[0]; }
        else if (e.key === "End") { next = tabs[tabs.length - 1]; }
        if (next) { e.preventDefault(); select(next, true); }
      });
    });
    $all("[data-go]", root).forEach(function (button) {
      button.addEventListener("click", function () {
        var tab = $('[role="tab"][data-step="' + button.getAttribute("data-go") + '"]', root);
        select(tab, false);
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        var heading = $(".panel-title", panel);
        heading.tabIndex = -1;
        heading.focus();
        panel.scrollIntoView({block: "start"});
      });
    });
    return select;
  }

  function showField(el) {
    /* Open the tab holding el (and any hidden variant is left as it is). */
    var panel = el.closest('[role="tabpanel"]');
    if (panel && panel.hidden) {
      var tab = document.getElementById(panel.getAttribute("aria-labelledby"));
      tab.click();
    }
  }

  /* ---- lists: add and remove items ---- */
  function renumber(list) {
    var noun = list.getAttribute("data-noun");
    $all(":scope > [data-items] > [data-item]", list).forEach(function (item, i) {
      $all("[data-ordinal]", item).forEach(function (el) {
        if (el.closest("[data-item]") === item) { el.textContent = el.textContent.replace(/\d+/, String(i + 1)); }
      });
      $all("[data-ordinal-n]", item).forEach(function (el) {
        if (el.closest("[data-item]") === item) { el.textContent = String(i + 1); }
      });
    });
    return noun;
  }

  function addItem(list) {
    var items = $(":scope > [data-items]", list);
    var template = $(":scope > template[data-template]", list);
    var slot = list.getAttribute("data-slot");
    var next = Number(list.getAttribute("data-next") || items.children.length + 1000);
    list.setAttribute("data-next", String(next + 1));
    var html = template.innerHTML.split(slot).join(String(next));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var item = holder.firstElementChild;
    items.appendChild(item);
    renumber(list);
    refreshPickers();
    var first = $("input:not([type=hidden]), select, textarea", item);
    if (first) { first.focus(); }
    changed();
  }

  function removeItem(button) {
    var item = button.closest("[data-item]");
    var list = item.closest("[data-list]");
    item.remove();
    renumber(list);
    refreshPickers();
    $(":scope > [data-add]", list).focus();
    changed();
  }

  /* ---- alternatives (decision rule, risk share method) ---- */
  function switchVariant(select) {
    var id = select.getAttribute("data-union-select");
    $all('[data-variant-of="' + id + '"]').forEach(function (fs) {
      var on = fs.getAttribute("data-variant") === select.value;
      fs.hidden = !on;
      fs.disabled = !on;
    });
  }

  /* ---- pickers of short names and service ids, kept in step with the form ---- */
  function sourceNames(kind) {
    var sections = {providers: ["providers"], parties: ["commissioners", "providers"],
      everyone: ["commissioners", "providers", "observers"], services: ["services"]}[kind] || [];
    var out = [];
    sections.forEach(function (section) {
      $all('[data-source="' + section + '"]').forEach(function (input) {
        var value = input.value.trim();
        if (!value) { return; }
        var item = input.closest("[data-item]");
        var full = item && $('[name$=".legal_name"], [name$=".name"]', item);
        out.push([value, full && full.value.trim() ? value + ": " + full.value.trim() : value]);
      });
    });
    return out;
  }

  function refreshPickers() {
    $all("select[data-ref]").forEach(function (select) {
      if (select.closest("template")) { return; }
      var names = sourceNames(select.getAttribute("data-ref"));
      var current = select.value;
      var known = names.map(function (n) { return n[0]; });
      var html = (current && known.indexOf(current) >= 0) ? "" : '<option value="">Choose…</option>';
      names.forEach(function (n) { html += '<option value="' + escapeHtml(n[0]) + '">' + escapeHtml(n[1]) + "</option>"; });
      if (current && known.indexOf(current) < 0) {
        html += '<option value="' + escapeHtml(current) + '">' + escapeHtml(current) + " (not defined)</option>";
      }
      select.innerHTML = html;
      select.value = current;
    });
    $all("fieldset[data-ref]").forEach(function (group) {
      if (group.closest("template")) { return; }
      var box = $("[data-options]", group);
      var checked = $all("input[type=checkbox]:checked", box).map(function (c) { return c.value; });
      var names = sourceNames(group.getAttribute("data-ref"));
      var known = names.map(function (n) { return n[0]; });
      var name = group.getAttribute("data-name");
      var base = group.id;
      var html = "";
      names.forEach(function (n, i) {
        html += '<div class="check"><input type="checkbox" id="' + base + "-" + (i + 1) + '" name="' + escapeHtml(name) + '" value="' + escapeHtml(n[0]) + '"' +
          (checked.indexOf(n[0]) >= 0 ? " checked" : "") + '><label for="' + base + "-" + (i + 1) + '">' + escapeHtml(n[1]) + "</label></div>";
      });
      checked.filter(function (v) { return known.indexOf(v) < 0; }).forEach(function (v, i) {
        html += '<div class="check"><input type="checkbox" id="' + base + "-x" + (i + 1) + '" name="' + escapeHtml(name) + '" value="' + escapeHtml(v) + '" checked><label for="' + base + "-x" + (i + 1) + '">' + escapeHtml(v) + " (not defined)</label></div>";
      });
      box.innerHTML = html;
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  /* ---- live preview, problems next to their fields ---- */
  var form = null, previewTimer = null, sequence = 0, dirty = false;

  function encoded() {
    return new URLSearchParams(new FormData(form));
  }

  function changed() {
    dirty = true;
    setStatus("Unsaved changes", "dirty");
    schedulePreview();
  }

  function setStatus(text, state) {
    var status = $("#save-status");
    if (status) { status.textContent = text; status.setAttribute("data-state", state || ""); }
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(runPreview, 250);
  }

  function runPreview() {
    var mine = ++sequence;
    var doc = $("#preview-doc");
    var url = "/preview/" + encodeURI(form.getAttribute("data-name")) + (doc && doc.value ? "?doc=" + encodeURIComponent(doc.value) : "");
    $("#preview-state").textContent = "Updating…";
    fetch(url, {method: "POST", body: encoded(), headers: {"X-CSRF-Token": csrf}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (result) { if (mine === sequence) { showPreview(result); } })
      .catch(function () { if (mine === sequence) { $("#preview-state").textContent = "The preview could not be updated."; } });
  }

  function targetFor(path) {
    /* The element a problem belongs next to: the field with this path, or the nearest enclosing one. */
    var p = path;
    while (p) {
      var el = document.querySelector('#partnership-form [data-path="' + cssEscape(p) + '"]');
      if (el && !el.closest(".variant[hidden]")) { return el; }
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }

  function cssEscape(text) { return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/["\\]/g, "\\$&"); }

  function clearMessages() {
    $all("#partnership-form .field-msg").forEach(function (m) { m.hidden = true; m.textContent = ""; m.className = "field-msg"; });
    $all('#partnership-form [aria-invalid="true"]').forEach(function (el) { el.removeAttribute("aria-invalid"); });
    $all("#partnership-form .has-problem").forEach(function (el) { el.classList.remove("has-problem"); });
    $all("[data-count]").forEach(function (c) { c.hidden = true; c.textContent = ""; });
  }

  function place(path, text, kind) {
    var target = targetFor(path);
    if (!target) { return null; }
    var msg = target.querySelector(".field-msg");
    if (!msg) { return null; }
    msg.hidden = false;
    msg.classList.add("msg-" + kind);
    msg.textContent = (msg.textContent ? msg.textContent + " " : "") + text;
    target.classList.add("has-problem");
    var control = target.matches(".field") ? $("input:not([type=hidden]), select, textarea", target) : null;
    if (control && kind === "error") { control.setAttribute("aria-invalid", "true"); }
    var panel = target.closest('[role="tabpanel"]');
    if (panel) {
      var count = $('[role="tab"][aria-controls="' + panel.id + '"] [data-count]');
      count.hidden = false;
      count.textContent = String(Number(count.textContent || 0) + 1);
    }
    return target;
  }

  function showPreview(result) {
    clearMessages();
    var list = $("#error-list");
    list.innerHTML = "";
    (result.errors || []).forEach(function (e) {
      var target = place(e.path, e.message, "error");
      var li = document.createElement("li");
      var label = e.path ? e.path + ": " : "";
      if (target) {
        var a = document.createElement("a");
        a.href = "#" + (target.querySelector("input:not([type=hidden]), select, textarea") || target).id;
        a.textContent = label + e.message;
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          showField(target);
          var control = target.querySelector("input:not([type=hidden]), select, textarea") || target;
          control.focus();
        });
        li.appendChild(a);
      } else {
        li.textContent = label + e.message;
      }
      list.appendChild(li);
    });
    $("#error-summary").hidden = !(result.errors && result.errors.length);
    var findings = $("#findings");
    findings.innerHTML = "";
    (result.findings || []).forEach(function (f) {
      place(f.path, f.rule + ": " + f.message, f.severity);
      var li = document.createElement("li");
      li.className = "finding sev-" + f.severity;
      li.innerHTML = '<span class="tag tag-' + escapeHtml(f.severity) + '">' + escapeHtml(f.severity) + "</span> <code>" + escapeHtml(f.rule) + "</code> " + escapeHtml(f.message);
      findings.appendChild(li);
    });
    var nErrors = (result.errors || []).length;
    var nFindings = (result.findings || []).length;
    $("#findings-count").textContent = nErrors ? "(the form has problems to put right first)" : nFindings ? "(" + nFindings + ")" : "(no problems found)";
    if (result.problem) {
      var li2 = document.createElement("li");
      li2.className = "finding sev-error";
      li2.textContent = result.problem;
      findings.appendChild(li2);
    }
    var select = $("#preview-doc");
    if (result.documents && result.documents.length) {
      var html = "";
      result.documents.forEach(function (d) {
        html += '<option value="' + escapeHtml(d.stem) + '"' + (d.stem === result.document ? " selected" : "") + ">" + escapeHtml(d.title) + "</option>";
      });
      select.innerHTML = html;
    }
    var body = $("#preview-body");
    if (result.html) {
      body.innerHTML = result.html;
      $("#preview-state").textContent = "Up to date";
    } else {
      $("#preview-state").textContent = nErrors ? "Put right the problems in the form to see the documents." : "";
    }
  }

  /* ---- saving, with conflicts detected ---- */
  function save(overwrite) {
    var url = "/save/" + encodeURI(form.getAttribute("data-name")) + (overwrite ? "?overwrite=1" : "");
    setStatus("Saving…", "saving");
    fetch(url, {method: "POST", body: encoded(), headers: {"X-CSRF-Token": csrf}, credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (body) { return [r.status, body]; }); })
      .then(function (pair) {
        var status = pair[0], body = pair[1];
        var conflict = $("#conflict");
        if (status === 409) {
          $("#conflict-message").textContent = body.message;
          conflict.hidden = false;
          conflict.focus();
          setStatus("Not saved", "error");
          return;
        }
        if (!body.ok) { setStatus("Not saved: " + body.message, "error"); return; }
        conflict.hidden = true;
        $("#base-hash").value = body.sha256;
        dirty = false;
        setStatus(body.message, "saved");
      })
      .catch(function () { setStatus("Not saved: the app did not answer. Is ncm-docs serve still running?", "error"); });
  }

  /* ---- the clause panel ---- */
  function openClause(button) {
    var section = button.closest("section[data-clause]");
    var id = section.getAttribute("data-clause");
    var choice = section.getAttribute("data-choice") || "";
    var panel = $("#clause-panel");
    fetch("/clauses/" + encodeURIComponent(id) + "/panel" + (choice ? "?choice=" + encodeURIComponent(choice) : ""), {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        $("#clause-panel-body").innerHTML = html;
        $("#clause-panel-title").textContent = "Clause " + id;
        panel.hidden = false;
        panel.returnTo = id;
        panel.focus();
      });
  }

  function closeClause() {
    var panel = $("#clause-panel");
    panel.hidden = true;
    var back = panel.returnTo && document.querySelector('#preview-body section[data-clause="' + cssEscape(panel.returnTo) + '"] .clause-about');
    if (back) { back.focus(); }
  }

  /* ---- the clause library's search-as-you-type ---- */
  function setupFilter(input) {
    var target = $(input.getAttribute("data-filter"));
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      $all("[data-filter-text]", target).forEach(function (row) {
        var text = row.getAttribute("data-filter-text");
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var filter = $("[data-filter]");
    if (filter) { setupFilter(filter); }
    form = $("#partnership-form");
    if (!form) { return; }
    setupTabs($("[data-tabs]"));
    form.addEventListener("click", function (e) {
      var add = e.target.closest("[data-add]");
      if (add) { addItem(add.closest("[data-list]")); return; }
      var remove = e.target.closest("[data-remove]");
      if (remove) { removeItem(remove); }
    });
    form.addEventListener("input", function (e) {
      if (e.target.matches("[data-source], [name$='.legal_name'], [name$='.name']")) { refreshPickers(); }
      changed();
    });
    form.addEventListener("change", function (e) {
      if (e.target.matches("[data-union-select]")) { switchVariant(e.target); }
      changed();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); save(false); });
    $("#overwrite-button").addEventListener("click", function () { save(true); });
    $("#preview-doc").addEventListener("change", runPreview);
    $("#preview-body").addEventListener("click", function (e) {
      var about = e.target.closest(".clause-about");
      if (about) { openClause(about); return; }
      var link = e.target.closest("a[href^='#']");
      if (link) {
        e.preventDefault();
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) { target.scrollIntoView({block: "center"}); target.classList.add("flash"); setTimeout(function () { target.classList.remove("flash"); }, 1200); }
      }
    });
    $("#clause-panel-close").addEventListener("click", closeClause);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !$("#clause-panel").hidden) { closeClause(); } });
    window.addEventListener("beforeunload", function (e) { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(false); }
    });
    runPreview();
  });
})();
