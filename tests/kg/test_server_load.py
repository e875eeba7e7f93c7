"""The endpoint under load: 50 clients on loopback for 30 s, and not one request fails."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from kg.server import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from endpoint_load import run_load, saved_query_texts  # noqa: E402  (bench/ is not a package)

pytestmark = pytest.mark.slow


def test_fifty_clients_for_thirty_seconds_all_get_their_answers(seed_build):
    out = seed_build[0]
    server = make_server(out, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        load = run_load(server.url, saved_query_texts(out), clients=50, seconds=30)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert load.failures == []
    assert load.requests >= 50  # every client got at least one answer
