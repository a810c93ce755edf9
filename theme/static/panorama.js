// 360° view: Pannellum (vendored, assets/pannellum/) and the panorama JPEG are fetched only when
// the visitor taps "View in 360°". Without this script the page shows the flat preview.
// Every [data-pano] box (the site's, each point's) gets its own dialog and viewer; the library
// is fetched once for the page.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-pano]");
  // From disk (the hand-over ZIP) WebGL may not read file:// pictures: the preview stays.
  if (!boxes.length || window.location.protocol === "file:" || !window.HTMLDialogElement) { return; }
  var library = null;

  var add = function (tag, props) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(props).forEach(function (name) { element[name] = props[name]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  };
  var loadLibrary = function (assets) {
    library = library || Promise.all([
      add("link", { rel: "stylesheet", href: assets + "pannellum/pannellum.css" })
        .then(function () { return add("link", { rel: "stylesheet", href: assets + "pannellum/panorama.css" }); }),
      add("script", { src: assets + "pannellum/pannellum.js" })]);
    return library;
  };
  // The 2048 px file on a data saver, a slow connection or a small screen; else the 4096 px one.
  var pick = function (box) {
    var net = navigator.connection || {};
    var slow = net.saveData || /(^|-)[23]g$/.test(net.effectiveType || "");
    var side = Math.min(screen.width, screen.height) * (window.devicePixelRatio || 1);
    return box.getAttribute(slow || side < 720 ? "data-small" : "data-large");
  };
  var loadImage = function (url) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); };
      image.onerror = reject;
      image.src = url;
    });
  };
  // One box: its button, its dialog, its viewer (made on the first tap, then reused).
  var setup = function (box) {
    var open = box.querySelector("[data-pano-open]");
    var dialog = box.querySelector("dialog");
    var view = dialog.querySelector(".pano-view");
    var gyro = dialog.querySelector("[data-pano-gyro]");
    var status = dialog.querySelector("[data-pano-status]");
    var viewer = null;

    var show = function (image) {
      // `dynamic` hands Pannellum our <img>: no XMLHttpRequest and no blob: URL, so the site's
      // img-src 'self' is enough. After the first frame the texture is not uploaded again.
      viewer = window.pannellum.viewer(view, {
        type: "equirectangular", panorama: image, dynamic: true, dynamicUpdate: true,
        autoLoad: true, showControls: false, compass: false, keyboardZoom: true,
        capturedKeyNumbers: [16, 17, 37, 38, 39, 40, 61, 65, 68, 83, 87, 107, 109, 173, 187, 189],
        strings: { loadingLabel: status.getAttribute("data-loading") }
      });
      // Pannellum offers the gyroscope on phones over https (iOS then asks on the first tap).
      gyro.hidden = !viewer.isOrientationSupported();
      var ready = function () {
        viewer.setUpdate(false);
        status.textContent = "";
        view.setAttribute("data-ready", "");
      };
      // With `dynamic` the first frame may be drawn inside viewer(), before `on` can listen.
      if (viewer.isLoaded()) { ready(); } else { viewer.on("load", ready); }
      viewer.on("error", function () { status.textContent = status.getAttribute("data-failed"); });
    };

    gyro.addEventListener("click", function () {
      if (!viewer) { return; }
      var on = gyro.getAttribute("aria-pressed") !== "true";
      // On iOS Pannellum asks for permission here, inside the tap, as Safari requires.
      if (on) { viewer.startOrientation(); } else { viewer.stopOrientation(); }
      gyro.setAttribute("aria-pressed", on ? "true" : "false");
    });

    open.hidden = false;
    open.addEventListener("keydown", function (event) {  // a link acting as a button: Space too
      if (event.key === " ") { event.preventDefault(); open.click(); }
    });
    open.addEventListener("click", function (event) {
      event.preventDefault();
      dialog.showModal();
      view.focus();
      if (viewer) { return; }
      status.textContent = status.getAttribute("data-loading");
      // Offline, a saved trail keeps the smaller file only: fall back to it.
      var image = loadImage(pick(box)).catch(function () { return loadImage(box.getAttribute("data-small")); });
      Promise.all([loadLibrary(box.getAttribute("data-assets")), image]).then(function (done) { show(done[1]); })
        .catch(function () { status.textContent = status.getAttribute("data-failed"); });
    });
    dialog.querySelector("[data-pano-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      if (viewer) { viewer.stopOrientation(); gyro.setAttribute("aria-pressed", "false"); }
      open.focus();
    });
  };

  Array.prototype.forEach.call(boxes, setup);
})();
