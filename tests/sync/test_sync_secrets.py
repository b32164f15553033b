"""The center's password stays in the keyring: never in the data dir, the logs or the output."""

from tests.sync.sync_process import keyring_env, run_sync, write_site
from tests.sync.test_sync_smoke import NOW, create


def test_password_never_leaves_keyring(make_console, catalog, center, tmp_path):
    (tmp_path / "keyring").mkdir()
    env = keyring_env(tmp_path / "keyring", center.settings, center.password)
    console = make_console("cli")
    console.write(lambda s: create(s, catalog, NOW))
    site = write_site(tmp_path / "site.toml", center.settings, "cli")

    outputs = [run_sync(console.data_dir, site, env, *extra) for extra in ((), ("--json",), ("--upgrade-central",))]
    wrong = write_site(tmp_path / "wrong.toml", center.settings.model_copy(update={"url": center.settings.url + "_missing"}), "cli")
    outputs.append(run_sync(console.data_dir, wrong, env))

    secret = center.password.encode()
    assert [result.returncode for result in outputs] == [0, 0, 0, 1]
    for result in outputs:
        assert center.password not in result.stdout + result.stderr
    for path in console.data_dir.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path
    assert secret not in site.read_bytes()
