"""Proxies come from the environment, as the HTTP library reads them (HTTP_PROXY, HTTPS_PROXY,
ALL_PROXY and their lower-case forms): one the library cannot use is one line naming the
variable, without its credentials, exit 2; never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer

PROXY_PASSWORD = "pxy-S3cret-pw"
NO_PROXIES = {
    name: None
    for base in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    for name in (base, base.upper())
}


@pytest.mark.parametrize(
    ("variable", "proxy", "words"),
    [
        ("ALL_PROXY", f"socks5://me:{PROXY_PASSWORD}@127.0.0.1:1", "socksio"),
        ("http_proxy", f"ftp://me:{PROXY_PASSWORD}@127.0.0.1:1", "ftp"),
    ],
)
def test_a_proxy_the_http_library_cannot_use_is_one_line_naming_the_variable(
    fake_openai: FakeOpenAIServer, tmp_path: Path, variable: str, proxy: str, words: str
) -> None:
    passage = tmp_path / "p.de.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    env = {
        **NO_PROXIES,
        variable: proxy,
        "OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "sk-proxy-test",
        "WORKBENCH_MODEL": "fake-model",
    }
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "literal", env=env
    )
    stderr = assert_clean_error(result, 2)
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert variable in stderr and words in stderr, stderr
    assert "internal error" not in stderr
    assert PROXY_PASSWORD not in stderr + result.stdout
    assert fake_openai.requests == []
