// The live preview: polls /state, shows the chosen PDF with pdf.js, and again after each build.
import * as pdfjs from "/static/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = "/static/pdfjs/pdf.worker.min.mjs";

const select = document.getElementById("outputs");
const status = document.getElementById("status");
const problems = document.getElementById("problems");
const errors = document.getElementById("errors");
const pages = document.getElementById("pages");
let shown = { build: -1, name: null };
let chosen = null; // the reader's choice; until then, the PDF built last
let rendering = Promise.resolve();

select.addEventListener("change", () => {
  chosen = select.value;
  show(select.value, shown.build);
});

async function poll() {
  try {
    const response = await fetch("/state", { cache: "no-store" });
    update(await response.json());
  } catch (error) {
    status.textContent = "the preview server is not answering (stopped?)";
  }
  setTimeout(poll, 500);
}

function update(state) {
  document.body.dataset.build = state.build;
  status.classList.toggle("failed", state.errors.length > 0);
  const failed = state.errors.length ? `, ${state.failed} failed` : "";
  status.textContent = state.building
    ? `build ${state.build + 1}: building…`
    : `build ${state.build} at ${state.ended}: ${state.built} built${failed}`;
  problems.hidden = state.errors.length === 0 && state.warnings.length === 0 && !state.problem;
  errors.replaceChildren(
    ...(state.problem ? [item(state.problem, "error")] : []),
    ...state.errors.map((text) => item(text, "error")),
    ...state.warnings.map((text) => item(text, "warning")),
  );
  const names = state.outputs.map((output) => output.name);
  if (names.join("\n") !== [...select.options].map((option) => option.value).join("\n")) {
    select.replaceChildren(...names.map((name) => new Option(name, name)));
  }
  if (chosen !== null && !names.includes(chosen)) chosen = null;
  const name = chosen ?? state.latest ?? names[0] ?? null;
  if (name !== null) select.value = name;
  if (name !== null && (state.build !== shown.build || name !== shown.name)) show(name, state.build);
}

function item(text, kind) {
  const li = document.createElement("li");
  li.className = kind;
  li.textContent = text;
  return li;
}

function show(name, build) {
  shown = { build, name };
  rendering = rendering.then(() => render(name, build)).catch((error) => {
    status.textContent = `cannot show ${name}: ${error.message}`;
  });
}

async function render(name, build) {
  const pdf = await pdfjs.getDocument({ url: `/pdf/${encodeURIComponent(name)}?build=${build}` }).promise;
  const fresh = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1.5 });
    const div = document.createElement("div");
    div.className = "page";
    div.dataset.page = number;
    div.style.width = `${viewport.width}px`;
    div.style.height = `${viewport.height}px`;
    div.style.setProperty("--total-scale-factor", viewport.scale);
    const canvas = document.createElement("canvas");
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
    const text = document.createElement("div");
    text.className = "textLayer";
    div.append(canvas, text);
    await new pdfjs.TextLayer({ textContentSource: await page.getTextContent(), container: text, viewport }).render();
    fresh.push(div);
  }
  const top = window.scrollY;
  pages.replaceChildren(...fresh);
  pages.dataset.shown = `${name} ${build}`;
  window.scrollTo(0, top); // a reload keeps the reader's place
  await pdf.destroy();
}

poll();
