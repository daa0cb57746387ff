"""`taqrir review`: serves the app over the store with uvicorn, on the host and port asked for."""

from __future__ import annotations

from typer.testing import CliRunner

from pipeline.store import Store
from taqrir_cli import app


def test_review_serves_the_app_on_the_host_and_port_asked_for(tmp_path, monkeypatch):
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: served.update(app=application, **options))
    url = f"sqlite:///{tmp_path / 'taqrir.db'}"
    Store(url).close()
    result = CliRunner().invoke(app, ["review", "--db", url, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "taqrir review: http://127.0.0.1:8123/" in result.output
    assert "no accounts yet: add one with `taqrir users add NAME --role admin`" in result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert served["app"].state.store.url == url and served["app"].state.settings.secure_cookies is False
