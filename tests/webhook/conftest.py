"""A real HTTP endpoint in a thread, standing for a supermarket's or a feed's receiver."""

import http.server
import threading
import time

import pytest

from commerce.webhook.models import Webhook


class Receiver:
    """Records each POST (headers, raw body) and answers with the next status in
    `statuses` (the last one repeats)."""

    def __init__(self):
        self.requests = []
        self.statuses = [200]
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answer {status}".encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def wait_for(self, count, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and len(self.requests) < count:
            time.sleep(0.05)
        return len(self.requests) >= count


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def make_webhook(receiver):
    def make(name="sieu-thi", *, events=("product_created", "product_updated"), url=None, secret="bi-mat",
             channels=(), **fields):
        webhook = Webhook.objects.create(name=name, target_url=url or receiver.url, secret_key=secret,
                                         events=list(events), **fields)
        if channels:
            webhook.channels.set(channels)
        return webhook
    return make


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_RETRY_BACKOFF = 0.2
    settings.WEBHOOK_RETRY_BACKOFF_MAX = 1
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_TIMEOUT = 5
    return settings


def wait_until(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
