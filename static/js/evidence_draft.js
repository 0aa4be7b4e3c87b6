// Keeps a reviewer's evidence note in this browser until the server shows it saved, so that a
// poor connection or a session that ended while they typed does not lose it. Progressive
// enhancement: without JavaScript the form works as it is (the server keeps a note sent twice
// once, and gives back the text of a note sent after signing out).
//
// The form says what to keep the draft under (data-evidence-draft: user, challenge and
// activity) and which of the person's notes on the activity the server has saved
// (data-saved-keys: their idempotency keys). A draft holds the text, its tags and the form's
// key; it is put back in the form, key included, so sending it again saves the note once even
// if the first sending did reach the server. It is cleared as soon as its key is among the
// saved ones, and forgotten after a day whatever happens.
const DAY_MS = 24 * 60 * 60 * 1000;
const FIELDS = ["text", "source_type", "line_of_enquiry", "key"];

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // Storage switched off: the form still works, without a draft.
  }
}

function valueOf(form, name) {
  const field = form.elements.namedItem(name);
  if (!field) return "";
  return field.value === undefined ? "" : field.value;
}

function setValue(form, name, value) {
  const field = form.elements.namedItem(name);
  if (!field || !value) return;
  if (field instanceof RadioNodeList) {
    for (const radio of field) radio.checked = radio.value === value;
  } else {
    field.value = value;
  }
}

function start(form, store) {
  const slot = `peerreview:evidence-draft:${form.dataset.evidenceDraft}`;
  const saved = new Set((form.dataset.savedKeys || "").split(" ").filter(Boolean));
  let draft = null;
  try {
    draft = JSON.parse(store.getItem(slot));
  } catch {
    draft = null;
  }
  if (draft && (saved.has(draft.key) || Date.now() - (draft.at || 0) > DAY_MS)) {
    store.removeItem(slot);
    draft = null;
  }
  // A form the server sent back with errors already holds what was typed.
  if (draft && draft.text && form.dataset.bound !== "true") {
    for (const name of FIELDS) setValue(form, name, draft[name]);
    const notice = document.createElement("div");
    notice.className = "govuk-inset-text";
    notice.setAttribute("role", "status");
    notice.textContent = form.dataset.restoredMessage;
    form.prepend(notice);
  }
  const keep = () => {
    const next = { at: Date.now() };
    for (const name of FIELDS) next[name] = valueOf(form, name);
    if (next.text.trim()) {
      store.setItem(slot, JSON.stringify(next));
    } else {
      store.removeItem(slot);
    }
  };
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  // Kept on sending too: it is cleared only when a page shows the note saved.
  form.addEventListener("submit", keep);
}

const store = storage();
if (store) {
  for (const form of document.querySelectorAll("form[data-evidence-draft]")) {
    start(form, store);
  }
}
