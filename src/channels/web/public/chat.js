// The web chat page: a random id kept in this browser identifies the visitor.
(function () {
  var key = "cds-chat-user";
  var userId = localStorage.getItem(key);
  if (!userId) {
    userId = "web-" + crypto.randomUUID();
    localStorage.setItem(key, userId);
  }
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var input = document.getElementById("text");

  function add(text, cls) {
    var div = document.createElement("div");
    div.className = "msg " + cls;
    div.textContent = text; // never innerHTML: replies may quote what people typed
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    add(text, "me");
    fetch("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: userId, text: text }),
    })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (r) {
        if (!r.ok) return add(r.body.error || "Có lỗi xảy ra, vui lòng thử lại.", "err");
        r.body.replies.forEach(function (t) { add(t, "bot"); });
      })
      .catch(function () { add("Không kết nối được máy chủ. Vui lòng thử lại.", "err"); });
  });
})();
