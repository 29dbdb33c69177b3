"""How geopy's requests reach a service: a deadline per request, a size cap, same-host redirects.

geopy's adapters give each socket read a timeout, so a server that sends one byte a second
holds a request for ever; they follow redirects to any host and read an answer of any
size. :class:`GuardedAdapter` is a geopy adapter that fetches in a worker thread and stops
waiting at the request's deadline (the earlier of ``timeout`` and what is left of the
run's budget, :class:`Guard`), reads at most ``max_bytes``, follows a redirect only to the
same scheme, host and port, and checks the JSON against the service's schema
(:mod:`geomap.geocode.schema`) before geopy reads it.

Examples
--------
>>> same_origin("http://127.0.0.1:8080/search", "/search?q=x")
True
>>> same_origin("https://a.example/search", "http://a.example/search")  # no downgrade
False
>>> same_origin("http://a.example/search", "http://127.0.0.1/search")
False
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from geopy.adapters import AdapterHTTPError, RequestsAdapter
from geopy.exc import (
    GeocoderParseError,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

from geomap.geocode.schema import answer_problem

__all__ = [
    "AnswerRefused",
    "BadAnswer",
    "Guard",
    "GuardedAdapter",
    "RedirectRefused",
    "same_origin",
]

_MAX_REDIRECTS = 5
_CHUNK = 65536


class BadAnswer(GeocoderParseError):
    """An answer that is JSON but not of the service's schema; asking again will not help."""


class AnswerRefused(GeocoderParseError):
    """An answer larger than the cap; asking again will not help."""


class RedirectRefused(GeocoderServiceError):
    """A redirect to another scheme, host or port."""


@dataclass
class Guard:
    """The limits of one service's requests; ``run_end`` is moved by the geocoder."""

    service: str
    max_bytes: int
    run_end: float = float("inf")  # time.monotonic() when the run's budget is spent


def same_origin(url: str, target: str) -> bool:
    """Whether ``target`` (maybe relative to ``url``) has the scheme, host and port of ``url``."""
    a, b = urlsplit(url), urlsplit(urljoin(url, target))
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


class GuardedAdapter(RequestsAdapter):
    """geopy's requests adapter with a whole-request deadline, a size cap and checked answers."""

    def __init__(self, *, proxies: Any, ssl_context: Any, guard: Guard) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context, max_retries=0)
        self.guard = guard

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        return self._body(url, timeout, headers).decode("utf-8", "replace")

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        body = self._body(url, timeout, headers)
        try:
            answer = json.loads(body)
        except ValueError:  # maybe cut short: worth another try
            raise GeocoderParseError("the answer is not JSON") from None
        except RecursionError:
            raise BadAnswer("the answer is nested too deeply") from None
        problem = answer_problem(self.guard.service, answer)
        if problem:
            raise BadAnswer(f"the answer is not a {self.guard.service} answer ({problem})")
        return answer

    def _body(self, url: str, timeout: float, headers: dict[str, str]) -> bytes:
        """Fetch in a worker thread; stop waiting for it at the deadline."""
        end = min(time.monotonic() + timeout, self.guard.run_end)
        box: dict[str, Any] = {}
        worker = threading.Thread(
            target=self._work, args=(url, headers, end, box), daemon=True, name="geocode"
        )
        worker.start()
        worker.join(max(0.0, end - time.monotonic()))
        if worker.is_alive() or "body" not in box and "error" not in box:
            box["late"] = True  # the worker drops what it reads from now on
            raise GeocoderTimedOut("Service timed out")
        if "error" in box:
            raise box["error"]
        return box["body"]

    def _work(self, url: str, headers: dict[str, str], end: float, box: dict[str, Any]) -> None:
        try:
            box["body"] = self._follow(url, headers, end, box)
        except Exception as e:  # handed to the waiting thread
            box["error"] = e

    def _follow(self, url: str, headers: dict[str, str], end: float, box: dict[str, Any]) -> bytes:
        """GET ``url``, following same-origin redirects only."""
        for _ in range(_MAX_REDIRECTS + 1):
            left = max(0.001, end - time.monotonic())
            try:
                resp = self.session.get(
                    url, timeout=(left, left), headers=headers, stream=True, allow_redirects=False
                )
            except requests.Timeout:
                raise GeocoderTimedOut("Service timed out") from None
            except requests.ConnectionError as e:
                raise GeocoderUnavailable(str(e)) from None
            except requests.RequestException as e:
                raise GeocoderServiceError(str(e)) from None
            with resp:
                if resp.is_redirect:
                    target = urljoin(url, resp.headers.get("location", ""))
                    if not same_origin(url, target):
                        where = urlsplit(target)
                        raise RedirectRefused(
                            f"redirected to {where.scheme}://{where.netloc}, another host; "
                            "only redirects on the endpoint's own host are followed"
                        )
                    url = target
                    continue
                body = self._read(resp, box)
            if resp.status_code >= 400:
                raise AdapterHTTPError(
                    f"Non-successful status code {resp.status_code}",
                    status_code=resp.status_code,
                    headers=resp.headers,
                    text=body[:2000].decode("utf-8", "replace"),
                )
            return body
        raise RedirectRefused(f"more than {_MAX_REDIRECTS} redirects")

    def _read(self, resp: requests.Response, box: dict[str, Any]) -> bytes:
        cap = self.guard.max_bytes
        size = resp.headers.get("content-length", "")
        if size.isdigit() and int(size) > cap:
            raise AnswerRefused(f"the answer is {int(size):,} bytes, over max_bytes={cap:,}")
        chunks, total = [], 0
        try:
            for chunk in resp.iter_content(_CHUNK):
                total += len(chunk)
                if total > cap:
                    raise AnswerRefused(f"the answer is over max_bytes={cap:,} bytes")
                if box.get("late"):
                    return b""
                chunks.append(chunk)
        except requests.RequestException as e:
            if "timed out" in str(e).lower():
                raise GeocoderTimedOut("Service timed out") from None
            raise GeocoderUnavailable(str(e)) from None
        return b"".join(chunks)
