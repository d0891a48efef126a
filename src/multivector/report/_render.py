"""Renderers of a :class:`~multivector.report._model.Brief`: HTML, PDF, Markdown.

- **HTML**: one self-contained file. The Vega, Vega-Lite and Vega-Embed
  libraries (``vl_convert.javascript_bundle()``), the styles and every chart
  specification are inlined; charts are drawn in the browser, with
  tooltips, and the page opens offline.
- **PDF**: the same self-contained HTML, loaded in the system's headless
  Chromium (through Playwright) at the printed width (A4 minus margins),
  which draws the charts with vega-embed and then prints (page numbers in
  the footer). Chromium lays out text, tables and page breaks exactly as
  the HTML reads and keeps the text selectable and searchable; assembling
  per-chart PDFs (``vl_convert.svg_to_pdf``) would need a second layout
  engine for the text and tables. The browser has to start anyway, so
  letting it draw the charts is about a second faster than rendering them
  to SVG with vl-convert first (``pdf(..., charts="static")`` does that and
  prints a page without any script). Chromium is the system package
  (``/usr/bin/chromium`` or ``MULTIVECTOR_CHROMIUM``); nothing is downloaded.
- **Markdown**: text and tables in Markdown, charts as SVG (or PNG) files in
  a folder beside it.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import threading
from functools import lru_cache
from pathlib import Path

from multivector.charts import _palette
from multivector.charts import _specs as _charts
from multivector._errors import DataError, MissingExtraError, MultivectorError
from multivector.report._model import Brief

TEMPLATES = Path(__file__).parent / "templates"

#: Chart size in the HTML page (width fills the column) and in static renderings.
HTML_HEIGHT = 220
STATIC_WIDTH, STATIC_HEIGHT = 600, 200

#: Look of the charts in the brief (the library's specs carry none).
CHART_CONFIG = {
    "font": "Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e6e6e6"},
    "legend": {"orient": "bottom", "labelFontSize": 11, "columns": 5, "symbolLimit": 0},
    "title": {"fontSize": 13, "anchor": "start"},
    **_palette.vega_config(),  # the product's one palette (every chart also names its own colours)
}


class BrowserNotFoundError(MissingExtraError):
    """Writing a PDF needs Chromium, and none was found."""

    def __init__(self):
        self.package = "chromium"
        self.extra = "report"
        MultivectorError.__init__(
            self,
            "Writing a PDF needs Chromium, which was not found. Install it with your package manager "
            "(Debian/Ubuntu: apt-get install chromium) or set MULTIVECTOR_CHROMIUM to its path; "
            "or write HTML (--format html) and print it from a browser.",
        )


def _need(module: str, package: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(package, "report") from None


def _styled(spec: dict, width, height) -> dict:
    out = _charts.wrap_title(_charts.sized(spec, width=width, height=height), 42)  # never cut on a phone or a page
    out["config"] = {**CHART_CONFIG, **out.get("config", {})}
    return out


def _cache_dir() -> Path:
    from multivector._cache import cache_dir

    return cache_dir()


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """The inlinable Vega + Vega-Lite + Vega-Embed script.

    vl-convert builds it in about 2 s; it is kept in memory and in the user's
    cache folder (``MULTIVECTOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/multivector``
    or ``~/.cache/multivector``), keyed by the vl-convert version, so later
    briefs skip the build. An unwritable cache is simply not used.
    """
    vlc = _need("vl_convert", "vl-convert-python")
    path = _cache_dir() / f"vega-bundle-{getattr(vlc, '__version__', '0')}.js"
    try:
        text = path.read_text(encoding="utf-8")
        if "window.vegaEmbed" in text:
            return text
    except OSError:
        pass
    text = vlc.javascript_bundle()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return text


def _env():
    jinja2 = _need("jinja2", "jinja2")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=lambda name: name is not None and ".html" in name,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["mdcell"] = _mdcell
    env.tests["python"] = lambda line: str(line).startswith("mv.")
    return env


def _script_json(obj) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(obj, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def svg(spec: dict) -> str:
    """A chart spec rendered offline to SVG at the brief's static size."""
    vlc = _need("vl_convert", "vl-convert-python")
    return vlc.vegalite_to_svg(_styled(spec, STATIC_WIDTH, STATIC_HEIGHT))


def png(spec: dict, scale: float = 2.0) -> bytes:
    """A chart spec rendered offline to PNG at the brief's static size."""
    vlc = _need("vl_convert", "vl-convert-python")
    return vlc.vegalite_to_png(_styled(spec, STATIC_WIDTH, STATIC_HEIGHT), scale=scale)


def html(brief: Brief, *, static: bool = False) -> str:
    """The brief as one self-contained HTML document.

    Parameters:
        static: charts as inline SVG rendered offline (no scripts; used for
            the PDF) instead of drawn in the browser by vega-embed.
    """
    env = _env()
    specs = {c.key: _styled(c.spec, "container", HTML_HEIGHT) for c in brief.charts}
    svgs = {c.key: svg(c.spec) for c in brief.charts} if static else {}
    tpl = env.get_template("brief.html.j2")
    return tpl.render(
        brief=brief, static=static, svgs=svgs,
        specs_json=_script_json(specs) if not static else "",
        bundle=vega_bundle() if not static else "",
        css=(TEMPLATES / "brief.css").read_text(),
    )


def chromium_path() -> str | None:
    """The Chromium executable to print with: ``MULTIVECTOR_CHROMIUM``, then the usual names on PATH."""
    env = os.environ.get("MULTIVECTOR_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            return p
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]


class _DriverGone:
    """A logging filter for asyncio's "Future exception was never retrieved ... Connection closed while
    reading from the driver": a Ctrl-C in a terminal reaches the whole process group, so Playwright's
    driver dies with the command, and its unread futures would print that after the interrupt.
    The interrupt itself is reported (the CLI exits 130); the driver's farewell is noise."""

    @staticmethod
    def filter(record) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return "Connection closed while reading from the driver" not in f"{record.getMessage()} {exc}"


def _quiet_driver_farewell() -> None:
    import logging

    log = logging.getLogger("asyncio")
    if not any(isinstance(f, _DriverGone) for f in log.filters):
        log.addFilter(_DriverGone())


class Printer:
    """Headless Chromium started in a background thread, ready to print one document to PDF.

    Starting the browser takes about a second; :func:`multivector.report.report`
    starts it before computing the brief so both proceed at once. Playwright's
    synchronous API is bound to the thread that started it, so the whole
    browser session lives in the worker thread and documents pass through
    queues.
    """

    def __init__(self):
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            raise MissingExtraError("playwright", "report") from None
        self.executable = chromium_path()
        if self.executable is None:
            raise BrowserNotFoundError()
        _quiet_driver_farewell()
        self._jobs: queue.Queue = queue.Queue(maxsize=1)
        self._results: queue.Queue = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._run, name="multivector-pdf", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=self.executable, args=CHROMIUM_ARGS)
                try:
                    # A4 minus the margins is 180 mm = 680 CSS px: charts are drawn at the width they are printed
                    page = browser.new_page(viewport={"width": 680, "height": 1000})
                    page.emulate_media(media="print")
                    job = self._jobs.get()
                    if job is None:
                        return
                    document, footer, wait_for_charts = job
                    page.set_content(document, wait_until="load")
                    if wait_for_charts:
                        page.wait_for_selector("body[data-charts=done]", timeout=60_000)
                        if page.locator(".vega[data-drawn=false]").count():
                            raise DataError("a chart of the brief could not be drawn for the PDF; "
                                            "write HTML (format='html') and print it from a browser")
                    data = page.pdf(format="A4", print_background=True, display_header_footer=True,
                                    header_template="<span></span>", footer_template=footer,
                                    margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
                finally:
                    browser.close()
            self._results.put(("ok", data))
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread, which raises it
            self._results.put(("error", exc))

    def print(self, document: str, footer: str, wait_for_charts: bool) -> bytes:
        """Print ``document`` (HTML) and return the PDF's bytes."""
        try:
            self._jobs.put_nowait((document, footer, wait_for_charts))
        except queue.Full:
            raise RuntimeError("a Printer prints one document") from None
        kind, value = self._results.get()
        self._thread.join()
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop the browser if nothing was printed (e.g. the brief failed)."""
        if self._thread.is_alive():
            try:
                self._jobs.put_nowait(None)
            except queue.Full:
                pass
            self._thread.join(timeout=30)


def pdf(brief: Brief, *, charts: str = "browser", printer: Printer | None = None) -> bytes:
    """The brief as PDF, printed by headless Chromium (A4, page numbers).

    Parameters:
        charts: ``"browser"`` (default): the self-contained HTML is loaded and
            Chromium draws the charts with vega-embed at the printed width
            before printing (the browser has to start anyway, so this is the
            fastest); ``"static"``: the charts are rendered to SVG by
            vl-convert first and the page has no script at all.
        printer: a :class:`Printer` started earlier (default: start one now).
    """
    static = charts == "static"
    printer = printer or Printer()
    try:
        document = html(brief, static=static)
        footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#666;">'
                  f'{_esc(brief.label)} — page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')
        return printer.print(document, footer, wait_for_charts=not static)
    finally:
        printer.close()


def _esc(s: str) -> str:
    import html as _html

    return _html.escape(s)


def markdown(brief: Brief, charts_dir: Path | None, link_prefix: str = "", chart_format: str = "svg") -> str:
    """The brief as Markdown; charts written to ``charts_dir`` (or inlined as data URIs when None)."""
    env = _env()
    images = {}
    if charts_dir is not None:
        charts_dir.mkdir(parents=True, exist_ok=True)
    for c in brief.charts:
        if chart_format == "png":
            data, mime = png(c.spec), "image/png"
        else:
            data, mime = svg(c.spec).encode(), "image/svg+xml"
        if charts_dir is None:
            images[c.key] = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        else:
            name = f"{c.key}.{chart_format}"
            (charts_dir / name).write_bytes(data)
            images[c.key] = f"{link_prefix}{name}"
    tpl = env.get_template("brief.md.j2")
    return tpl.render(brief=brief, images=images)


def _mdcell(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")
