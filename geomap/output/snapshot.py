"""Pictures of saved maps and reports: a PNG through Debian's headless Chromium.

Never downloads a browser (Playwright drives ``/usr/bin/chromium`` or
``$GEOMAP_CHROMIUM``), and refuses every network request unless asked.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from geomap.errors import BrowserUnavailable, InputError, OutputError

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "render_png"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _wait_until_drawn(page: Any, timeout_ms: float) -> None:
    script = (
        "() => (!document.getElementById('geomap-data') || window.geomapReady === true)"
        " && (!document.getElementById('geomap-features') || window.geomapBasemapReady === true)"
    )
    for frame in page.frames:
        frame.wait_for_function(script, timeout=timeout_ms)


def render_png(
    html_path: str | os.PathLike[str],
    png_path: str | os.PathLike[str],
    *,
    width: int = 1280,
    height: int = 800,
    executable: str | None = None,
    network: bool = False,
    timeout: float = 30.0,
) -> Path:
    """Screenshot a saved map or report with headless Chromium (Playwright), atomically.

    Never downloads a browser: it uses ``executable``, else ``$GEOMAP_CHROMIUM``, else
    ``/usr/bin/chromium``. Unless ``network=True`` every request that is not ``file:`` or
    ``data:`` is refused, so the picture shows the bundled basemap.

    Raises
    ------
    BrowserUnavailable
        When Chromium or the ``playwright`` package is missing or will not start.
    """
    exe = Path(executable or os.environ.get("GEOMAP_CHROMIUM") or CHROMIUM)
    if not exe.is_file():
        raise BrowserUnavailable(
            f"{exe}: no Chromium to render the PNG with; install it (apt-get install chromium) "
            "or set GEOMAP_CHROMIUM to its path"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BrowserUnavailable(
            "render_png needs the playwright package: pip install playwright "
            "(it drives the installed Chromium; no browser download is needed)"
        ) from exc
    source = Path(html_path).resolve()
    if not source.is_file():
        raise InputError(f"{html_path}: no such HTML file to render")
    target = Path(png_path)
    # Playwright's sync API refuses to run where an asyncio loop runs (Jupyter, some test
    # set-ups): drive it from a thread of its own, which has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(_screenshot, exe, source, target, (width, height), network, timeout)
        return job.result()


def _screenshot(
    exe: Path, source: Path, target: Path, size: tuple[int, int], network: bool, timeout: float
) -> Path:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=str(exe), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0]
            raise BrowserUnavailable(f"{exe}: Chromium would not start: {first}") from exc
        try:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            if not network:  # on the context, so that frames (a report's map) obey it too
                context.route("**/*", lambda route: route.continue_()
                              if route.request.url.startswith(("file:", "data:", "about:"))
                              else route.abort())  # fmt: skip
            page = context.new_page()
            page.goto(source.as_uri(), wait_until="load", timeout=timeout * 1000)
            _wait_until_drawn(page, timeout * 1000)
            page.wait_for_timeout(400)  # let marker and tile fades finish
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp.png")
            os.close(fd)
            try:
                page.screenshot(path=tmp, full_page=True)
                os.chmod(tmp, 0o644)  # mkstemp makes the file private
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write the PNG: {exc.strerror or exc}") from exc
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0]
            raise OutputError(f"{source}: Chromium could not render the page: {first}") from exc
        finally:
            browser.close()
    return target
