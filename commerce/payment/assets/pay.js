// The card payment page. No card number ever reaches the shop: Stripe.js's
// card Element tokenises it with Stripe, the shop attaches the token's card
// to the PaymentIntent and confirms; 3-D Secure, when asked, runs in Stripe.js
// (confirmCardPayment), and the shop then re-reads the PaymentIntent.
(function () {
  "use strict";
  var root = document.getElementById("payment");
  var stripe = Stripe(root.dataset.publishableKey);
  var card = stripe.elements().create("card");
  var form = document.getElementById("card-form");
  var button = document.getElementById("pay-button");
  card.mount("#card-element");

  function show(state, detail) {
    ["working", "succeeded", "failed", "requires_action"].forEach(function (name) {
      document.getElementById("status-" + name).hidden = name !== state;
    });
    document.getElementById("status-detail").textContent = detail || "";
    form.hidden = state === "succeeded";
    button.disabled = state === "working";
    root.dataset.state = state;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrfToken},
      body: JSON.stringify(body || {})
    }).then(function (response) { return response.json(); });
  }

  function settle(answer) {
    if (answer.status === "succeeded" || answer.status === "processing") {
      show("succeeded");
    } else if (answer.status === "requires_action") {
      show("requires_action");
      return stripe.confirmCardPayment(root.dataset.clientSecret).then(function () {
        return post(root.dataset.processUrl).then(settle);
      });
    } else {
      show("failed");
    }
  }

  if (root.dataset.paid === "true") { show("succeeded"); return; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show("working");
    stripe.createToken(card).then(function (result) {
      if (result.error || !result.token) {
        show("failed", result.error && result.error.message);
        return;
      }
      return post(root.dataset.confirmUrl, {card: result.token.card.id}).then(settle);
    }).catch(function (error) { show("failed", String(error)); });
  });
})();
