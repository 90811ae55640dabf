"""Panel providers are imported explicitly: a broken one is an error, not a silently missing panel (issue 17)."""

from __future__ import annotations

import inspect

import pytest

from safeplan.clients import panels as client_page
from safeplan.portal import panels as portal_home


@pytest.mark.parametrize(
    ("module", "name"), [(client_page, "client_panels"), (portal_home, "portal_panels")]
)
def test_every_provider_imports_and_takes_request_and_client(module, name):
    found = module.providers()
    assert len(found) == len(module.PROVIDERS) == len(set(module.PROVIDERS))
    for dotted, provider in zip(module.PROVIDERS, found, strict=True):
        assert dotted.endswith(f".{name}") and provider.__name__ == name
        assert list(inspect.signature(provider).parameters)[:2] == ["request", "client"]


@pytest.mark.parametrize(
    ("module", "reader"),
    [(client_page, client_page.panels_for), (portal_home, portal_home.portal_panels_for)],
)
def test_a_provider_that_cannot_be_imported_is_an_error(module, reader, monkeypatch):
    monkeypatch.setattr(module, "PROVIDERS", [*module.PROVIDERS, "safeplan.risk.no_such_panels.x"])
    with pytest.raises(ImportError):
        reader(None, None)
