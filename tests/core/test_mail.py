"""LMS_SMTP_URL: what it may say, and a configuration that names a server it cannot use refuses to start."""

import pytest

from lms.core.config import ConfigError, load_config
from lms.core.mail import SmtpSettings, parse_smtp_url

SECRET = "x" * 64


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.contoh.go.id", SmtpSettings("mail.contoh.go.id", 25, False, False, None, None)),
        ("smtp://u:p@mail.contoh.go.id:2525", SmtpSettings("mail.contoh.go.id", 2525, False, False, "u", "p")),
        ("smtp://mail.contoh.go.id?starttls=1", SmtpSettings("mail.contoh.go.id", 587, False, True, None, None)),
        (
            "smtps://lms%40contoh.go.id:s%3Acret@mail.contoh.go.id",
            SmtpSettings("mail.contoh.go.id", 465, True, False, "lms@contoh.go.id", "s:cret"),
        ),
    ],
)
def test_smtp_urls_are_read(url, expected):
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["http://mail.contoh.go.id", "smtp://", "smtp://mail.contoh.go.id?tls=1", "smtps://h?starttls=1", "smtp://h:port"],
)
def test_a_bad_smtp_url_stops_the_app_from_starting(tmp_path, url):
    with pytest.raises(ConfigError, match="LMS_SMTP_URL"):
        load_config(str(tmp_path), {"SECRET_KEY": SECRET, "LMS_SMTP_URL": url})


def test_production_with_smtp_needs_a_sender_address(tmp_path):
    environ = {"LMS_ENV": "production", "SECRET_KEY": SECRET, "LMS_SMTP_URL": "smtp://mail.contoh.go.id"}
    with pytest.raises(ConfigError, match="LMS_MAIL_FROM"):
        load_config(str(tmp_path), environ)
    config = load_config(str(tmp_path), {**environ, "LMS_MAIL_FROM": "Latsar <lms@contoh.go.id>"})
    assert config["LMS_MAIL_FROM"] == "Latsar <lms@contoh.go.id>"


def test_without_smtp_nothing_is_configured(tmp_path):
    assert load_config(str(tmp_path), {"SECRET_KEY": SECRET})["LMS_SMTP_URL"] is None
