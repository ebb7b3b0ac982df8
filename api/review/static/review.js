// The review station's keyboard, highlight and live checks. The pages work without it
// (forms post as usual); this only makes them fast. No framework, no build step.
"use strict";

(function () {
  const form = document.getElementById("review-form");
  if (!form) return;

  const viewer = document.getElementById("viewer");
  const csrf = document.getElementById("csrf").value;
  const inputs = Array.from(form.querySelectorAll("#fields input[data-field]"));
  const dossier = document.getElementById("dossier");
  const typeSelect = document.getElementById("doc-type");
  let zoom = 1;

  // ---- boxes over the page images: PDF points (origin bottom-left) to percentages
  function drawBoxes() {
    for (const input of inputs) {
      if (!input.dataset.box || !input.dataset.page) continue;
      const page = document.getElementById("page-" + input.dataset.page);
      if (!page) continue;
      const [x0, y0, x1, y1] = input.dataset.box.split(",").map(Number);
      const w = Number(page.dataset.width), h = Number(page.dataset.height);
      const box = document.createElement("div");
      box.className = "box";
      box.id = "box-" + input.dataset.field;
      box.dataset.field = input.dataset.field;
      box.style.left = (100 * x0 / w) + "%";
      box.style.top = (100 * (h - y1) / h) + "%";
      box.style.width = (100 * (x1 - x0) / w) + "%";
      box.style.height = (100 * (y1 - y0) / h) + "%";
      box.title = input.dataset.field;
      box.addEventListener("click", () => input.focus());
      if (input.closest(".field").classList.contains("flagged")) box.classList.add("flagged");
      page.appendChild(box);
    }
  }

  function highlight(name) {
    for (const el of document.querySelectorAll(".box.active, .field.active")) el.classList.remove("active");
    const row = document.getElementById("row-" + name);
    if (row) row.classList.add("active");
    const box = document.getElementById("box-" + name);
    if (!box) return;
    box.classList.add("active");
    box.scrollIntoView({ block: "center", inline: "nearest", behavior: "auto" });
  }

  // ---- zoom: the figure's width; a sharper image once it is shown larger
  function setZoom(z) {
    zoom = Math.min(4, Math.max(0.5, z));
    for (const page of viewer.querySelectorAll(".page")) {
      page.style.width = (100 * zoom) + "%";
      const img = page.querySelector("img");
      const want = zoom > 1.4 ? 2400 : 1400;
      const src = img.dataset.srcBase + "?w=" + want;
      if (!img.src.endsWith(src)) img.src = src;
    }
    document.getElementById("zoom-level").textContent = Math.round(zoom * 100) + "%";
    const active = document.querySelector(".box.active");
    if (active) active.scrollIntoView({ block: "center", inline: "center" });
  }
  document.getElementById("zoom-in").addEventListener("click", () => setZoom(zoom * 1.25));
  document.getElementById("zoom-out").addEventListener("click", () => setZoom(zoom / 1.25));

  // ---- live checks with the pipeline's own validators (server side)
  const timers = {};
  function values() {
    const out = {};
    for (const input of inputs) out[input.dataset.field] = input.value;
    return out;
  }
  async function check(input) {
    const name = input.dataset.field;
    const out = document.getElementById(input.dataset.checkOut || "check-" + name);
    const all = values();
    delete all[name];
    try {
      const response = await fetch(form.dataset.check, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ field: name, value: input.value, doc_type: typeSelect.value, context: all }),
      });
      if (!response.ok) return;
      const result = await response.json();
      input.classList.toggle("invalid", !result.ok);
      input.setAttribute("aria-invalid", result.ok ? "false" : "true");
      out.textContent = result.ok ? (result.value && result.value !== input.value ? "→ " + result.value : "") : result.problem;
      out.className = "check " + (result.ok ? "good" : "bad");
    } catch (e) {
      /* offline: the server checks again on save */
    }
  }
  function scheduleCheck(input) {
    const name = input.dataset.field;
    clearTimeout(timers[name]);
    timers[name] = setTimeout(() => check(input), 250);
  }
  for (const input of inputs.concat([dossier])) {
    input.addEventListener("input", () => {
      input.closest(".field, .row").classList.remove("accepted");
      scheduleCheck(input);
      // The subject's ID is checked against their date of birth and sex (the catalogue's
      // roles name those fields): a change to either re-checks the ID too.
      const pid = document.getElementById("f-" + form.dataset.subjectId);
      const context = (form.dataset.subjectContext || "").split(" ");
      if (pid && input !== pid && context.includes(input.dataset.field)) scheduleCheck(pid);
    });
  }
  for (const input of inputs) {
    input.addEventListener("focus", () => { highlight(input.dataset.field); input.select(); });
  }

  // ---- Enter accepts the value as it stands and moves on
  function accept(input) {
    const name = input.dataset.field;
    if (!form.querySelector('input[name="accept"][value="' + CSS.escape(name) + '"]')) {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "accept";
      hidden.value = name;
      form.appendChild(hidden);
    }
    input.closest(".field").classList.add("accepted");
    const next = inputs[inputs.indexOf(input) + 1];
    if (next) next.focus();
    else document.getElementById("save-next").focus();
  }
  for (const input of inputs) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        accept(input);
      }
    });
  }
  dossier.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      (inputs[0] || document.getElementById("save-next")).focus();
    }
  });

  // ---- a different type shows that type's fields
  typeSelect.addEventListener("change", () => {
    const url = new URL(window.location.href);
    url.searchParams.delete("saved");
    url.searchParams.set("as_type", typeSelect.value);
    window.location.assign(url.toString());
  });

  // ---- page-wide shortcuts
  function submitWith(id) {
    const button = document.getElementById(id);
    if (button && !button.disabled) form.requestSubmit(button);
  }
  document.addEventListener("keydown", (event) => {
    const key = event.key.toLowerCase();
    const inText = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); submitWith("save-next"); }
    else if ((event.ctrlKey || event.metaKey) && key === "s") { event.preventDefault(); submitWith("save"); }
    else if (event.altKey && key === "t") { event.preventDefault(); typeSelect.focus(); }
    else if (event.altKey && key === "d") { event.preventDefault(); dossier.focus(); dossier.select(); }
    else if (event.altKey && key === "r") {
      event.preventDefault();
      const boxes = Array.from(form.querySelectorAll("input.one-key"));
      const tick = boxes.some((b) => !b.checked);
      for (const b of boxes) b.checked = tick;
    }
    else if (!inText && (event.key === "+" || event.key === "=")) setZoom(zoom * 1.25);
    else if (!inText && (event.key === "-" || event.key === "−")) setZoom(zoom / 1.25);
  });

  drawBoxes();
  // Start where the work is: the first doubtful field, else the first field.
  const first = inputs.find((i) => i.closest(".field").classList.contains("flagged")) || inputs[0];
  if (first && !document.getElementById("held")) first.focus();
})();
