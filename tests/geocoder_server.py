"""A local stand-in for the Nominatim, Photon and Pelias search APIs, for tests.

It listens on 127.0.0.1 (a free port), answers ``/search`` like Nominatim, ``/api`` like
Photon and ``/v1/search`` like Pelias from the JSON answers in ``tests/fixtures/geocode/``
(one file per query, named by its slug), records every request with its arrival time, and
can be told to misbehave for the next requests: answer slowly, drip the answer a byte at a
time, answer an HTTP error (with ``Retry-After``), malformed JSON, any body, or a redirect.
A refused connection is :func:`closed_url`.

Examples
--------
>>> import json, urllib.request
>>> urlopen = urllib.request.build_opener(urllib.request.ProxyHandler({})).open  # no proxy
>>> with GeocoderServer() as server:
...     url = server.url + "/search?q=Wembley+Stadium&format=jsonv2&limit=1"
...     answer = json.load(urlopen(url))
...     server.fail(503, times=1)
...     try:
...         urlopen(url)
...     except urllib.error.HTTPError as e:
...         print(e.code, len(server.requests))
503 2
>>> answer[0]["category"], "address" in answer[0]  # jsonv2 renames class; no addressdetails
('leisure', False)
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

__all__ = ["FIXTURES", "GeocoderServer", "Request", "closed_url", "slug"]

FIXTURES = Path(__file__).parent / "fixtures" / "geocode"


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


@dataclass
class _Fault:
    times: int | None  # None: every request from now on
    status: int = 200
    delay: float = 0.0
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between two bytes of the whole response, status line first
    length: bool = True  # send Content-Length (else the body ends when the connection closes)


def slug(query: str) -> str:
    """Return the fixture file stem of a query.

    >>> slug("  Île-de-France "), slug("Stade de France")
    ('ile-de-france', 'stade-de-france')
    """
    ascii_ = unicodedata.normalize("NFKD", query).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def closed_url() -> str:
    """Return an http URL on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class GeocoderServer:
    """A threaded HTTP server answering like Nominatim, Photon and Pelias; a context manager."""

    def __init__(self, fixtures: Path = FIXTURES) -> None:
        self.fixtures = fixtures
        self.requests: list[Request] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self._http.block_on_close = False
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # wakes slow answers up
        self._http.shutdown()
        self._http.server_close()

    def fail(
        self, status: int, *, times: int | None = None, retry_after: str | None = None
    ) -> None:
        """Answer the next ``times`` requests (all if None) with HTTP ``status``."""
        headers = {} if retry_after is None else {"Retry-After": retry_after}
        body = json.dumps({"error": {"code": status, "message": "test fault"}}).encode()
        self._add(_Fault(times, status=status, body=body, headers=headers))

    def delay(self, seconds: float, *, times: int | None = None) -> None:
        """Wait ``seconds`` before answering the next ``times`` requests (all if None)."""
        self._add(_Fault(times, delay=seconds))

    def malformed(self, *, times: int | None = None) -> None:
        """Answer the next ``times`` requests (all if None) with truncated JSON."""
        self._add(_Fault(times, body=b'[{"place_id": 1, "lat": "51.5'))

    def send(
        self,
        body: bytes,
        *,
        times: int | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        """Answer the next ``times`` requests (all if None) with this body."""
        self._add(_Fault(times, status=status, body=body, headers=headers or {}, length=length))

    def drip(self, seconds: float, *, times: int | None = None) -> None:
        """Send the next answers one byte every ``seconds``, from the status line on."""
        self._add(_Fault(times, drip=seconds))

    def redirect(self, location: str, *, times: int | None = None, status: int = 302) -> None:
        """Answer the next ``times`` requests (all if None) with a redirect to ``location``."""
        self._add(_Fault(times, status=status, body=b"", headers={"Location": location}))

    def behave(self) -> None:
        """Forget every pending fault."""
        with self._lock:
            self._faults.clear()

    def count(self, path: str | None = None) -> int:
        """How many requests arrived (to ``path`` only, if given)."""
        with self._lock:
            return sum(path is None or r.path == path for r in self.requests)

    def _add(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _next_fault(self, request: Request) -> _Fault | None:
        with self._lock:
            self.requests.append(request)
            if not self._faults:
                return None
            fault = self._faults[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.pop(0)
            return fault

    def _load(self, service: str, query: str) -> Any:
        path = self.fixtures / service / f"{slug(query)}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        """The status and JSON body the real service would send for this request."""
        if path == "/search":  # Nominatim
            if params.get("format") not in ("json", "jsonv2"):
                return 400, {"error": {"code": 400, "message": "format must be json or jsonv2"}}
            places = self._load("nominatim", params.get("q", "")) or []
            codes = params.get("countrycodes", "").lower().split(",")
            places = [p for p in places if codes == [""] or p["address"]["country_code"] in codes]
            places = places[: int(params.get("limit", 10))]
            for p in places:
                if params.get("addressdetails") != "1":
                    del p["address"]
                if params["format"] == "jsonv2":
                    p["category"] = p.pop("class")
            return 200, places
        if path == "/api":  # Photon
            answer = self._load("photon", params.get("q", ""))
            answer = answer or {"features": [], "type": "FeatureCollection"}
            answer["features"] = answer["features"][: int(params.get("limit", 15))]
            return 200, answer
        if path == "/v1/search":  # Pelias
            answer = self._load("pelias", params.get("text", "")) or self._load(
                "pelias", "nonexistent-place"
            )
            codes = params.get("boundary.country", "").upper().split(",")
            answer["features"] = [
                f
                for f in answer["features"]
                if codes == [""]
                or {f["properties"]["country_code"], f["properties"]["country_a"]} & set(codes)
            ][: int(params.get("size", 10))]
            return 200, answer
        return 404, {"error": f"no route {path}"}


def _handler(server: GeocoderServer) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            request = Request(url.path, params, dict(self.headers.items()), time.monotonic())
            fault = server._next_fault(request)
            if fault and fault.delay and server._stop.wait(fault.delay):
                return
            status, body = server.answer(url.path, params)
            raw = json.dumps(body, ensure_ascii=False).encode()
            headers: dict[str, str] = {}
            if fault and fault.body is not None:
                status, raw, headers = fault.status, fault.body, fault.headers
            length = fault is None or fault.length
            try:
                if fault and fault.drip:
                    self._drip(status, raw, fault.drip)
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                if length:
                    self.send_header("Content-Length", str(len(raw)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)
            if not length:
                self.close_connection = True

        def _drip(self, status: int, raw: bytes, seconds: float) -> None:
            head = (
                f"HTTP/1.0 {status} OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(raw)}\r\n\r\n"
            )
            for byte in head.encode() + raw:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if server._stop.wait(seconds):
                    return
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


AGENT = "geomap-tests/1.0 (tests@example.org)"


def make(url: str, cache_dir: Path, service: str = "nominatim", **kw: Any) -> Any:
    """The real geomap geocoder pointed at ``url``, quick to give up, for tests."""
    from geomap.geocode.geocoder import Geocoder, GeocoderConfig

    settings = {
        "enabled": True,
        "service": service,
        "endpoint": url,
        "user_agent": AGENT,
        "timeout": 2.0,
        "min_delay_seconds": 0.0,
        "max_retries": 2,
        "backoff_seconds": 0.01,
        "cache_dir": cache_dir,
    }
    return Geocoder(GeocoderConfig(**(settings | kw)))
