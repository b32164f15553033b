"""Site-file models of the deep probes: ssh, sql and sftp."""

import pytest
from pydantic import ValidationError

from etc_console.config import ConfigError, parse_site
from etc_console.config.model import SftpProbe, SqlProbe, SshProbe, probe_kinds

SSH = dict(kind="ssh", subsystem="settlement", name="disk", host="127.0.0.1", username="ops", private_key="/keys/id", command="df -P /")
SQL = dict(kind="sql", subsystem="settlement", name="backlog", url="postgresql://probe@127.0.0.1/etc", query="select 1")
SFTP = dict(kind="sftp", subsystem="settlement", name="files", host="127.0.0.1", username="ops", private_key="/keys/id", directory="/data/out")

SITE_WITH_PASSWORD_URL = """
[[probe]]
subsystem = "iss-auth"
name = "backlog"
kind = "sql"
url = "postgresql://probe:Hunter2-secret@127.0.0.1/etc"
query = "select 1"
"""


def test_probe_kinds_include_deep_kinds():
    assert {"ssh", "sql", "sftp"} <= set(probe_kinds())
    assert {"tcp", "http", "tls"} <= set(probe_kinds())


def test_ssh_defaults():
    probe = SshProbe(**SSH)
    assert probe.port == 22
    assert probe.expect_exit == [0]
    assert probe.banner_timeout is None and probe.auth_timeout is None and probe.command_timeout is None
    assert probe.user_known_hosts is True


def test_ssh_needs_key_or_credential():
    options = {key: value for key, value in SSH.items() if key != "private_key"}
    with pytest.raises(ValidationError, match="private_key"):
        SshProbe(**options)


def test_ssh_value_regex_needs_one_group():
    with pytest.raises(ValidationError, match="exactly 1 capture group"):
        SshProbe(**SSH, value_regex=r"\d+%")
    with pytest.raises(ValidationError, match="exactly 1 capture group"):
        SshProbe(**SSH, value_regex=r"(\d+)(%)")


def test_ssh_invalid_regex_named():
    with pytest.raises(ValidationError, match="output_regex is not a valid regular expression"):
        SshProbe(**SSH, output_regex="(unclosed")


def test_ssh_limits_need_value_regex():
    with pytest.raises(ValidationError, match="value_regex"):
        SshProbe(**SSH, warn_above=80)


def test_limits_must_be_ordered():
    with pytest.raises(ValidationError, match="warn_above must not be greater than down_above"):
        SshProbe(**SSH, value_regex=r"(\d+)%", warn_above=95, down_above=90)
    with pytest.raises(ValidationError, match="warn_below must not be less than down_below"):
        SqlProbe(**SQL, warn_below=5, down_below=10)


def test_sql_url_with_password_rejected_without_value():
    with pytest.raises(ValidationError) as caught:
        SqlProbe(**{**SQL, "url": "postgresql://probe:Hunter2-secret@127.0.0.1/etc"})
    assert "contains a password" in str(caught.value)
    assert "Hunter2-secret" not in str(caught.value)


def test_sql_url_password_in_query_rejected():
    with pytest.raises(ValidationError, match="contains a password"):
        SqlProbe(**{**SQL, "url": "postgresql://probe@127.0.0.1/etc?password=Hunter2-secret"})


def test_site_file_error_hides_url_password():
    with pytest.raises(ConfigError) as caught:
        parse_site(SITE_WITH_PASSWORD_URL, "site.toml")
    messages = [str(issue) for issue in caught.value.issues]
    assert any("probe[0]" in message and "contains a password" in message for message in messages)
    assert all("Hunter2-secret" not in message for message in messages)


def test_sql_rejects_unsupported_dialect():
    with pytest.raises(ValidationError, match="supports postgresql and sqlite"):
        SqlProbe(**{**SQL, "url": "mysql://probe@127.0.0.1/etc"})


def test_sql_rejects_malformed_url():
    with pytest.raises(ValidationError, match="not a valid SQLAlchemy URL"):
        SqlProbe(**{**SQL, "url": "not a url"})


def test_sftp_ages_must_be_ordered():
    with pytest.raises(ValidationError, match="warn_age_minutes"):
        SftpProbe(**SFTP, warn_age_minutes=120, down_age_minutes=60)


def test_sftp_defaults():
    probe = SftpProbe(**SFTP)
    assert probe.pattern == "*"
    assert probe.min_size_bytes is None


def test_site_file_accepts_deep_probes():
    text = """
[[probe]]
subsystem = "iss-auth"
name = "disk"
kind = "ssh"
host = "127.0.0.1"
port = 2222
username = "ops"
private_key = "/keys/id_ed25519"
credential = { username = "ops-key" }
command = "df -P /data"
value_regex = '(\\d+)%'
warn_above = 80
down_above = 90

[[probe]]
subsystem = "iss-auth"
name = "backlog"
kind = "sql"
url = "postgresql://probe@127.0.0.1/etc"
credential = { username = "probe" }
query = "select count(*) from queue"
down_above = 1000

[[probe]]
subsystem = "iss-auth"
name = "files"
kind = "sftp"
host = "127.0.0.1"
username = "ops"
private_key = "/keys/id_ed25519"
directory = "/data/out"
pattern = "settle_*.csv"
warn_age_minutes = 60
down_age_minutes = 180
min_size_bytes = 100
"""
    site = parse_site(text, "site.toml")
    assert [probe.kind for probe in site.probes] == ["ssh", "sql", "sftp"]
    assert site.probes[0].value_regex == r"(\d+)%"
    assert site.probes[1].credential.username == "probe"
