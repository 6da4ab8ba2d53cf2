// AR Copilot web interface: keyboard shortcuts of the review queue and the upload progress bar.
"use strict";

function queueKeys() {
  const table = document.getElementById("queue");
  if (!table) return;
  const rows = () => Array.from(table.querySelectorAll("tbody tr.queue-row"));
  let index = 0;
  const select = (next) => {
    const all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, next));
    all.forEach((row, i) => row.classList.toggle("selected", i === index));
    all[index].scrollIntoView({ block: "nearest" });
  };
  const current = () => rows()[index];
  const nextUndecided = () => {
    const all = rows();
    for (let i = index + 1; i < all.length; i++) if (!all[i].classList.contains("decided")) return select(i);
  };
  select(0);
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target instanceof HTMLElement && target.closest("input, select, textarea")) return;
    const row = current();
    if (!row) return;
    if (event.key === "j") select(index + 1);
    else if (event.key === "k") select(index - 1);
    else if (event.key === "Enter") window.location.href = row.dataset.href;
    else if (event.key === "a") row.querySelector("button.approve")?.click();
    else if (event.key === "r") row.querySelector("button.reject")?.click();
    else return;
    event.preventDefault();
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const row = event.detail.target.closest("tr.queue-row");
    if (!row) return;
    const decision = row.querySelector(".decision");
    row.classList.add("decided");
    if (decision) row.dataset.status = decision.dataset.status;
    if (row === current()) nextUndecided();
  });
}

function uploadProgress() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const bar = document.getElementById("upload-progress");
  form.addEventListener("htmx:xhr:progress", (event) => {
    if (event.detail.lengthComputable) bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
  });
  form.addEventListener("htmx:beforeRequest", () => { bar.value = 0; bar.hidden = false; form.classList.add("busy"); });
  form.addEventListener("htmx:afterRequest", () => { bar.value = 100; form.classList.remove("busy"); });
}

document.addEventListener("DOMContentLoaded", () => { queueKeys(); uploadProgress(); });
