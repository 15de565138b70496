"""JupyterLab in a real browser: a notebook with %load_ext interflow, %graph and %%trace run by
headless Chromium (Debian's, driven by Playwright for Python) shows the SVG drawings and the
trace table. Screenshots go to artifacts/screenshots/."""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.notebook.conftest import KERNEL_NAME, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

CELLS = [
    "%load_ext interflow",
    "import interflow as tf\nw = tf.constant(3, name='w')\nx = w + 2\ny = x + 5\nz = x * 3",
    "%graph",
    "%%trace\nwith tf.Session() as sess:\n    print(y.eval())\n    print(z.eval())",
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_server(name, argv, env, cwd, log_path, ready):
    """Runs server `argv` (its output in `log_path`) until the `with` ends; enters once
    `ready()` is true, failing the test with the log's tail if it exits or takes 90 s."""
    log = open(log_path, "wb")
    server = subprocess.Popen(argv, env=env, cwd=str(cwd), stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 90
        while True:
            try:
                if ready():
                    break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                log.flush()
                pytest.fail("%s did not start:\n%s"
                            % (name, log_path.read_text(errors="replace")[-3000:]))
            time.sleep(0.3)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _write_settings(settings_dir):
    """No windowed notebook (every cell in the page) and no news or update checks (offline)."""
    for plugin, values in [
            ("@jupyterlab/notebook-extension/tracker", {"windowingMode": "none"}),
            ("@jupyterlab/apputils-extension/notification",
             {"fetchNews": "false", "checkForUpdates": False})]:
        path = settings_dir / (plugin + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture
def jupyterlab(jupyter_data, tmp_path):
    """A JupyterLab server on a free localhost port with a token, serving a temp directory."""
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install "
                                             "jupyterlab)")
    nbformat = pytest.importorskip("nbformat")
    root = tmp_path / "root"
    root.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME,
                                 "language": "python"}
    nbformat.write(nb, str(root / "interflow_demo.ipynb"))
    _write_settings(tmp_path / "settings")
    port = _free_port()
    token = secrets.token_hex(16)
    env = dict(os.environ)
    env.update({
        "JUPYTER_PATH": str(jupyter_data),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "PYTHONPATH": str(ROOT),
    })
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port=%d" % port, "--ServerApp.port_retries=0",
            "--IdentityProvider.token=%s" % token, "--ServerApp.root_dir=%s" % root,
            "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    url = "http://127.0.0.1:%d" % port

    def ready():
        req = urllib.request.Request(url + "/api/status",
                                     headers={"Authorization": "token " + token})
        with urllib.request.urlopen(req, timeout=2) as r:
            return r.status == 200
    with local_server("JupyterLab", argv, env, root, tmp_path / "jupyterlab.log", ready):
        yield url, token


def all_cells_ran(page, n_cells):
    """True once the kernel is idle and the first `n_cells` cells have run."""
    return page.evaluate("""(n) => {
        const panel = window.jupyterapp.shell.currentWidget;
        if (!panel || !panel.sessionContext || !panel.content) return false;
        const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
        if (!kernel || kernel.status !== 'idle') return false;
        const cells = panel.content.widgets;
        if (cells.length < n) return false;
        for (let i = 0; i < n; i++) {
            if (!cells[i].model.executionCount) return false;
        }
        return true;
    }""", n_cells)


def open_and_run_all(page, url, token, notebook, all_done, timeout=90):
    """Opens `notebook` in JupyterLab, waits for its kernel, runs every cell and waits until
    `all_done()` says the outputs are there."""
    page.goto("%s/lab/tree/%s?token=%s" % (url, notebook, token),
              wait_until="domcontentloaded", timeout=timeout * 1000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget && "
        "window.jupyterapp.shell.currentWidget.sessionContext && "
        "window.jupyterapp.shell.currentWidget.sessionContext.session && "
        "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel && "
        "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status "
        "=== 'idle'", timeout=timeout * 1000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.time() + timeout
    while not all_done():
        assert time.time() < deadline, "the notebook did not finish running"
        time.sleep(0.3)


def test_jupyterlab_shows_the_graph_and_the_trace(jupyterlab, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed (pip install "
                                          "playwright)")
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip("Debian's Chromium is not installed at %s (apt-get install chromium)"
                    % CHROMIUM)
    url, token = jupyterlab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 2000})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            open_and_run_all(page, url, token, "interflow_demo.ipynb",
                             lambda: all_cells_ran(page, len(CELLS)))
            images = page.locator(".jp-RenderedSVG img")
            images.nth(1).wait_for(timeout=30000)
            assert images.count() == 2          # %graph, and the traced graph
            for i in range(2):
                src = images.nth(i).get_attribute("src")
                assert src.startswith("data:image/svg+xml,")
                assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 100")
            assert "ran%202%C3%97" in images.nth(1).get_attribute("src")   # "ran 2×"
            table = page.locator(".jp-RenderedHTMLCommon table")
            table.wait_for(timeout=30000)
            text = table.inner_text()
            assert "y.eval()" in text and "z.eval()" in text and "w, x, y" in text
            assert "Computed more than once" in page.locator(
                ".jp-RenderedHTMLCommon").last.inner_text()
            assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
            page.screenshot(path=str(SCREENSHOTS / "jupyterlab_notebook.png"))
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            cells.nth(2).screenshot(path=str(SCREENSHOTS / "jupyterlab_graph_cell.png"))
            cells.nth(3).screenshot(path=str(SCREENSHOTS / "jupyterlab_trace_cell.png"))
        finally:
            context.close()
    for name in ("jupyterlab_notebook.png", "jupyterlab_graph_cell.png",
                 "jupyterlab_trace_cell.png"):
        assert (SCREENSHOTS / name).stat().st_size > 5000
