// YouTube facade: nothing is loaded from YouTube until the visitor taps play.
(function () {
  document.querySelectorAll(".yt[data-yt]").forEach(function (box) {
    var link = box.querySelector("a.yt-link");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = "https://www.youtube-nocookie.com/embed/" + box.getAttribute("data-yt") + "?autoplay=1";
      frame.title = box.getAttribute("data-title");
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      frame.loading = "lazy";
      box.replaceChildren(frame);
    });
  });
})();
