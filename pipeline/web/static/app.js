// taqrir review: the little script the pages need (served from 'self'; the CSP forbids inline script).
// - record page: scroll the document to the record's evidence, "where is it written" buttons, shortcuts;
// - document page: offsets of a click or a selection, in code points of document.text;
// - list page: j/k to move between records, / to filter.
"use strict";

(function () {
  const byId = (id) => document.getElementById(id);
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // A letter key whatever the keyboard layout (an Arabic layout gives "ش" for the A key).
  const keyOf = (ev) => (ev.code && ev.code.startsWith("Key") ? ev.code.slice(3).toLowerCase() : ev.key);

  // Forms that ask first (bulk accept).
  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) ev.preventDefault();
  });

  // Scroll the document pane to an element (an anchor marks where a span starts) and flash it.
  function reveal(element, flash) {
    if (!element) return;
    let target = element;
    while (target.classList.contains("anchor") && target.nextElementSibling) target = target.nextElementSibling;
    target.scrollIntoView({ block: "center", inline: "nearest" });
    if (flash) {
      target.classList.remove("flash-target");
      void target.offsetWidth; // restart the animation
      target.classList.add("flash-target");
    }
  }

  document.addEventListener("click", (ev) => {
    const button = ev.target.closest("button.locate");
    if (button) reveal(byId(button.dataset.target), true);
  });

  // Record page: the evidence in view as soon as the page opens.
  if (document.body.classList.contains("record-page")) reveal(byId("evidence"), false);

  function submitForm(id) {
    const form = byId(id);
    if (form) form.requestSubmit();
  }
  function follow(id) {
    const link = byId(id);
    if (link) window.location.assign(link.href);
  }

  // List page: a current row moved with j/k, opened with Enter (the row's link has the focus).
  let row = -1;
  function moveRow(step) {
    const rows = Array.from(document.querySelectorAll("#records tbody tr[data-record]"));
    if (!rows.length) return;
    row = Math.max(0, Math.min(rows.length - 1, row + step));
    rows.forEach((r, i) => r.classList.toggle("current", i === row));
    rows[row].querySelector("a").focus();
  }

  const shortcuts = {
    a: () => submitForm("accept-form"),
    r: () => submitForm("reject-form"),
    n: () => follow("next-link"),
    b: () => follow("back-link"),
    g: () => reveal(byId("evidence"), true),
    e: () => {
      const first = document.querySelector("#fields-form input:not([type=hidden]), #fields-form textarea");
      if (first) first.focus();
    },
    j: () => moveRow(1),
    k: () => moveRow(-1),
    "/": () => {
      const first = document.querySelector("#filters select, #filters input");
      if (first) first.focus();
    },
    "?": () => {
      const help = document.querySelector("details.shortcuts");
      if (help) help.open = !help.open;
    },
  };

  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && ev.target.closest && ev.target.closest("#fields-form")) {
      ev.preventDefault();
      submitForm("fields-form");
      return;
    }
    if (ev.key === "Escape" && typing(document.activeElement)) {
      document.activeElement.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    const action = shortcuts[keyOf(ev)] || shortcuts[ev.key];
    if (action) {
      ev.preventDefault();
      action();
    }
  });

  // Document page ---------------------------------------------------------------------------------
  // Every piece of text sits in one element with data-start/data-end, its offsets in document.text
  // (Python code points). A point in the DOM is turned into an offset by counting code points, not
  // UTF-16 units, in its text node: a character outside the BMP counts once, as in Python.
  const text = byId("doctext");
  if (!text || !document.body.classList.contains("document-page")) return;

  const codePoints = (s) => Array.from(s).length;
  const segments = () => Array.from(text.querySelectorAll("[data-start]"));

  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const segment = node.parentElement.closest("[data-start]");
      if (!segment || !text.contains(segment)) return null;
      return Number(segment.dataset.start) + codePoints(node.data.slice(0, offset));
    }
    // A point between elements: the start of the first segment after it, else the end of the text.
    const point = document.createRange();
    point.setStart(node, offset);
    const all = segments();
    for (const segment of all) {
      if (point.comparePoint(segment, 0) >= 0) return Number(segment.dataset.start);
    }
    return all.length ? Number(all[all.length - 1].dataset.end) : 0;
  }

  function selectedOffsets() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0); // in DOM (logical) order, whatever the display direction
    if (!text.contains(range.commonAncestorContainer)) return null;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    return start !== null && end !== null && start < end ? [start, end] : null;
  }

  function textAt(start, end) {
    let found = "";
    for (const segment of segments()) {
      const s = Number(segment.dataset.start);
      const e = Number(segment.dataset.end);
      if (e <= start || s >= end) continue;
      found += Array.from(segment.textContent).slice(Math.max(0, start - s), Math.min(e, end) - s).join("");
    }
    return found;
  }

  function showPreview(form) {
    const start = Number(form.elements.start.value);
    const end = Number(form.elements.end.value);
    const preview = form.querySelector(".preview");
    if (preview) preview.textContent = Number.isInteger(start) && end > start ? textAt(start, end) : "";
  }

  // The last selection made in the text: clicking a button may collapse the selection itself.
  let lastSelection = null;

  function fillFromSelection(form) {
    const offsets = selectedOffsets() || lastSelection;
    if (!offsets) return false;
    form.elements.start.value = offsets[0];
    form.elements.end.value = offsets[1];
    showPreview(form);
    return true;
  }

  const addForm = byId("add-form");
  const entityForm = byId("entity-form");
  document.addEventListener("selectionchange", () => {
    const offsets = selectedOffsets();
    if (!offsets) return;
    lastSelection = offsets;
    if (addForm) fillFromSelection(addForm);
  });

  function selectEntity(index) {
    const source = byId("entity-" + index);
    if (!source || !entityForm) return;
    const { label, start, end } = source.dataset;
    const fields = entityForm.elements;
    fields.old_label.value = label;
    fields.old_start.value = start;
    fields.old_end.value = end;
    fields.label.value = label;
    fields.start.value = start;
    fields.end.value = end;
    entityForm.classList.remove("hidden-until-selected");
    showPreview(entityForm);
    document.querySelectorAll("#entities tr[aria-current]").forEach((r) => r.removeAttribute("aria-current"));
    source.setAttribute("aria-current", "true");
    text.querySelectorAll(".picked").forEach((s) => s.classList.remove("picked"));
    text.querySelectorAll(`[data-entity="${index}"]`).forEach((s) => s.classList.add("picked"));
  }

  text.addEventListener("click", (ev) => {
    const segment = ev.target.closest("[data-entity]");
    if (segment && window.getSelection().isCollapsed) selectEntity(segment.dataset.entity);
  });

  document.addEventListener("click", (ev) => {
    const nudge = ev.target.closest("button.nudge");
    if (nudge) {
      const form = nudge.form;
      const input = form.elements[nudge.dataset.input];
      input.value = Math.max(0, Number(input.value || 0) + Number(nudge.dataset.step));
      showPreview(form);
    }
    const use = ev.target.closest("button.use-selection");
    if (use) fillFromSelection(use.form);
  });

  for (const form of [addForm, entityForm]) {
    if (form) form.addEventListener("input", () => showPreview(form));
  }
  const picked = document.querySelector("#entities tr[aria-current]");
  if (picked) {
    selectEntity(picked.dataset.entity);
    reveal(byId("selected-entity"), false);
  }
})();
