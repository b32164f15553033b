import pytest

from etc_console.catalog import load_catalog
from etc_console.config import ConfigError, load_site, parse_site
from etc_console.config.resolve import resolve_probes, resolve_runbook_commands

GOOD = """
[site]
name = "陕西省中心"

[defaults]
interval = 20
timeout = 5

[[probe]]
subsystem = "iss-auth"
name = "健康检查"
kind = "http"
url = "https://127.0.0.1:8443/health"
server_name = "auth.example.test"
json_rules = [{ path = "checks.hsm", equals = "UP" }]

[[probe]]
subsystem = "iss-auth"
name = "加密机端口"
kind = "tcp"
host = "127.0.0.1"
port = 9000
interval = 60

[service_points]
probe = { kind = "http", name = "心跳", url = "http://{host}:8080/sp/{code}/heartbeat" }
hosts = { SP001 = "127.0.0.1" }
"""


def issues_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_site(text, "site.toml")
    return [str(issue) for issue in caught.value.issues]


def test_good_site_resolves_defaults():
    site = parse_site(GOOD, "/etc/etc-console/site.toml")
    specs = resolve_probes(site, load_catalog())
    health, port = specs[0], specs[1]
    assert health.id == "iss-auth/健康检查"
    assert (health.interval, health.timeout, health.connect_timeout, health.fail_after) == (20, 5, 3, 2)
    assert port.interval == 60


def test_service_point_template_expands_per_point():
    site = parse_site(GOOD, "site.toml")
    points = [s for s in resolve_probes(site, load_catalog()) if s.subsystem == "service-points"]
    assert len(points) == 163
    assert points[0].member == "SP001"
    assert points[0].params.url == "http://127.0.0.1:8080/sp/SP001/heartbeat"
    assert points[1].params.url == "http://SP002:8080/sp/SP002/heartbeat"


def test_toml_syntax_error_names_line():
    [message] = issues_of("[defaults]\ninterval = = 3\n")
    assert message.startswith("site.toml: line 2")
    assert "invalid TOML" in message


def test_bad_value_names_key_path_and_value():
    [message] = issues_of("[defaults]\ninterval = -5\n")
    assert "defaults.interval" in message
    assert "-5" in message
    assert "greater than 0" in message


def test_probe_error_names_table_line():
    text = GOOD + '\n[[probe]]\nsubsystem = "iss-auth"\nname = "x"\nkind = "tcp"\nhost = "h"\nport = 70000\n'
    [message] = issues_of(text)
    assert "probe[2].port" in message
    assert "70000" in message
    line = [number for number, row in enumerate(text.splitlines(), start=1) if row == "[[probe]]"][2]
    assert f"line {line}" in message


def test_unknown_kind_lists_valid_kinds():
    [message] = issues_of('[[probe]]\nsubsystem = "iss-auth"\nname = "x"\nkind = "smtp"\n')
    assert "probe[0]" in message
    assert '"tcp"' in message and '"http"' in message and '"tls"' in message


def test_unknown_key_is_reported():
    [message] = issues_of('[defaults]\nintervall = 3\n')
    assert "defaults.intervall" in message
    assert "unknown key" in message


def test_inline_password_is_rejected_without_echo():
    text = '[[probe]]\nsubsystem = "iss-auth"\nname = "x"\nkind = "http"\nurl = "http://127.0.0.1/"\npassword = "S3cret-do-not-print"\n'
    messages = issues_of(text)
    assert any("probe[0].password" in m and "keyring" in m for m in messages)
    assert all("S3cret-do-not-print" not in m for m in messages)


def test_unknown_subsystem_named_on_resolve():
    site = parse_site('[[probe]]\nsubsystem = "nope"\nname = "x"\nkind = "tcp"\nhost = "h"\nport = 1\n', "site.toml")
    with pytest.raises(ConfigError) as caught:
        resolve_probes(site, load_catalog())
    assert "probe[0].subsystem" in str(caught.value)
    assert "'nope'" in str(caught.value)


def test_duplicate_probe_names_rejected():
    text = '[[probe]]\nsubsystem = "iss-auth"\nname = "x"\nkind = "tcp"\nhost = "h"\nport = 1\n' * 2
    [message] = issues_of(text)
    assert "both named 'x'" in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_site(tmp_path / "absent.toml")
    assert "absent.toml" in str(caught.value)
    assert "does not exist" in str(caught.value)


def test_relative_ca_file_is_taken_from_site_folder(tmp_path):
    site_file = tmp_path / "site.toml"
    site_file.write_text('[tls]\nca_file = "certs/ca.pem"\n[[probe]]\nsubsystem = "iss-auth"\nname = "t"\nkind = "tls"\nhost = "127.0.0.1"\n', encoding="utf-8")
    [spec] = resolve_probes(load_site(site_file), load_catalog())
    assert spec.ca_file == tmp_path / "certs" / "ca.pem"


def test_example_site_file_in_docs_is_valid():
    from etc_console.paths import resources_dir

    example = resources_dir().parent / "docs" / "site-example.toml"
    specs = resolve_probes(load_site(example), load_catalog())
    assert len(specs) > 10


def test_relative_key_and_known_hosts_taken_from_site_folder(tmp_path):
    site_file = tmp_path / "site.toml"
    site_file.write_text(
        '[[probe]]\nsubsystem = "iss-auth"\nname = "disk"\nkind = "ssh"\nhost = "127.0.0.1"\n'
        'username = "etc"\nprivate_key = "keys/id_ed25519"\nknown_hosts = "known_hosts"\ncommand = "df -P /"\n',
        encoding="utf-8",
    )
    [spec] = resolve_probes(load_site(site_file), load_catalog())
    assert spec.params.private_key == tmp_path / "keys" / "id_ed25519"
    assert spec.params.known_hosts == tmp_path / "known_hosts"


def test_template_keeps_braces_of_regex():
    text = GOOD.replace(
        'probe = { kind = "http", name = "心跳", url = "http://{host}:8080/sp/{code}/heartbeat" }',
        'probe = { kind = "http", name = "心跳", url = "http://{host}:8080/sp/{code}", keyword = "ok{2}" }',
    )
    points = [s for s in resolve_probes(parse_site(text), load_catalog()) if s.subsystem == "service-points"]
    assert points[0].params.keyword == "ok{2}"
    assert points[0].params.url == "http://127.0.0.1:8080/sp/SP001"


RUNBOOK_COMMAND = """
[[runbook_command]]
id = "disk-usage"
host = "10.61.4.21"
username = "ops"
private_key = "keys/ops_ed25519"
command = "df -P /data"
"""


def test_runbook_command_parses_with_defaults(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(GOOD + RUNBOOK_COMMAND, encoding="utf-8")
    site = load_site(path)
    [command] = site.runbook_commands
    assert command.port == 22
    assert command.timeout == 30
    [resolved] = resolve_runbook_commands(site)
    assert resolved.private_key == tmp_path / "keys" / "ops_ed25519"


def test_runbook_command_errors_name_key():
    bad = RUNBOOK_COMMAND.replace('id = "disk-usage"', 'id = "Disk Usage"').replace('command = "df -P /data"', 'command = ""')
    issues = issues_of(GOOD + bad + "port = 70000\n")
    assert any("runbook_command[0].id" in issue and "'Disk Usage'" in issue for issue in issues)
    assert any("runbook_command[0].command" in issue for issue in issues)
    assert any("runbook_command[0].port" in issue and "70000" in issue for issue in issues)


def test_runbook_command_needs_login():
    issues = issues_of(GOOD + RUNBOOK_COMMAND.replace('private_key = "keys/ops_ed25519"\n', ""))
    assert any("runbook_command[0]" in issue and "private_key" in issue for issue in issues)


def test_runbook_command_ids_are_unique():
    issues = issues_of(GOOD + RUNBOOK_COMMAND + RUNBOOK_COMMAND)
    assert any("both have id 'disk-usage'" in issue for issue in issues)


def test_runbook_command_rejects_unknown_key():
    issues = issues_of(GOOD + RUNBOOK_COMMAND + 'expect = "x"\n')
    assert any("runbook_command[0].expect" in issue for issue in issues)
