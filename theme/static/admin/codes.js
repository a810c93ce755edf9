// The form refuses to save a plate code that another site already holds (its own code, or one
// of its points' codes): the app has no uniqueness check of its own, and a `pattern` cannot
// tell "taken by another site" from "this site's own code". codes.json (made by the build)
// maps every code in use or in codes.yml to the site that holds it. The check runs before the
// app's own click handler for its save button (Ctrl+S clicks that button too); `diachido
// check` stays the final word, this only stops the save that would break it.
"use strict";
(() => {
  let data = null;
  fetch("codes.json").then((r) => r.json()).then((json) => { data = json; }, () => {});

  const route = () => {
    const match = location.hash.match(/^#\/collections\/sites\/(?:new|entries\/([^/?]+))/);
    return match ? { slug: match[1] ? decodeURIComponent(match[1]) : "" } : null;
  };

  const taken = () => {
    const here = route();
    if (!data || !here) return null;
    const fields = document.querySelectorAll(
      'section[data-key-path="code"] input, section[data-key-path^="points."] input');
    for (const input of fields) {
      const path = input.closest("section[data-key-path]").dataset.keyPath;
      if (path !== "code" && !/^points\.\d+\.code$/.test(path)) continue;
      const code = input.value.trim();
      const holder = data.taken[code];
      if (code && holder !== undefined && holder !== here.slug) {
        return { code, holder, input, point: path !== "code" };
      }
    }
    return null;
  };

  const say = (text) => {
    let box = document.getElementById("diachido-code-taken");
    if (!box) {
      box = document.createElement("div");
      box.id = "diachido-code-taken";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:2147483647;left:50%;top:8px;"
        + "transform:translateX(-50%);max-width:min(40em,calc(100vw - 16px));padding:12px 16px;"
        + "background:#8b1a1a;color:#fff;border-radius:6px;font:16px/1.4 sans-serif;"
        + "box-shadow:0 2px 8px rgba(0,0,0,.3)";
      document.body.append(box);
    }
    box.textContent = text;
  };

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, name) => values[name] ?? all);

  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("button");
    // the app's save button, the one its Ctrl+S (⌘S) shortcut clicks
    const keys = button && button.getAttribute("aria-keyshortcuts");
    if (!keys || !/^(Ctrl|Meta|Accel)\+S$/i.test(keys)) return;
    const found = taken();
    if (!found) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    say(fill(found.point ? data.point_message : data.message,
             { code: found.code, holder: data.titles[found.holder] || found.holder,
               next: data.next }));
    found.input.focus();
  }, true);

  // The note "no repository set" (admin.html) matters on the sign-in page only.
  addEventListener("hashchange", () => {
    if (location.hash.length > 2) document.getElementById("diachido-no-repo")?.remove();
  });

  document.addEventListener("input", () => {
    document.getElementById("diachido-code-taken")?.remove();
  }, true);
})();
