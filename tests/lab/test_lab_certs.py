import stat
from datetime import datetime, timedelta, timezone

from cryptography import x509

from etc_console.lab import Lab
from etc_console.lab.certs import ROOT_COMMON_NAME, is_issued_by
from etc_console.lab.certstore import ensure_certificates, lab_host_name

ADDRESSES = ["127.0.0.1"]
IDS = ["iss-auth", "web-hall"]


def load_first(path):
    return x509.load_pem_x509_certificates(path.read_bytes())[0]


def mode_of(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_keys_written_private(tmp_path):
    ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)

    keys = sorted((tmp_path / "certs").glob("*.key"))

    assert len(keys) == 2 + 3 * len(IDS)
    assert {key.name: mode_of(key) for key in keys} == {key.name: 0o600 for key in keys}
    assert mode_of(tmp_path / "certs") == 0o700


def test_leaf_chain_and_names(tmp_path):
    files = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)

    root = load_first(files.root_file)
    leaf, intermediate = x509.load_pem_x509_certificates(files.leaves["iss-auth"].chain_file.read_bytes())
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value

    assert root.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == ROOT_COMMON_NAME
    assert is_issued_by(intermediate, root)
    assert is_issued_by(leaf, intermediate)
    assert names.get_values_for_type(x509.DNSName) == [lab_host_name("iss-auth")]
    assert [str(address) for address in names.get_values_for_type(x509.IPAddress)] == ADDRESSES


def test_second_start_reuses_certificates(tmp_path):
    first = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)
    root_before = first.root_file.read_bytes()
    leaf_before = first.leaves["web-hall"].chain_file.read_bytes()

    second = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)

    assert second.root_file.read_bytes() == root_before
    assert second.leaves["web-hall"].chain_file.read_bytes() == leaf_before


def test_fault_leaves_expiring_and_expired(tmp_path):
    now = datetime.now(timezone.utc).replace(microsecond=0)

    files = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES, now=now)
    expiring = load_first(files.expiring["web-hall"].chain_file)
    expired = load_first(files.expired["web-hall"].chain_file)

    assert expiring.not_valid_after_utc - now == timedelta(days=5, hours=1)
    assert expiring.not_valid_before_utc < now
    assert expired.not_valid_after_utc < now
    assert expiring.subject == expired.subject == load_first(files.leaves["web-hall"].chain_file).subject


def test_leaf_near_expiry_reissued(tmp_path):
    now = datetime.now(timezone.utc)
    first = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES, now=now)
    root_before = first.root_file.read_bytes()
    leaf_expiry = load_first(first.leaves["iss-auth"].chain_file).not_valid_after_utc

    later = leaf_expiry - timedelta(days=59)
    second = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES, now=later)

    assert second.root_file.read_bytes() == root_before
    assert load_first(second.leaves["iss-auth"].chain_file).not_valid_after_utc > later + timedelta(days=300)


def test_root_near_expiry_reissues_all(tmp_path):
    now = datetime.now(timezone.utc)
    first = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES, now=now)
    root_before = load_first(first.root_file)

    later = root_before.not_valid_after_utc - timedelta(days=30)
    second = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES, now=later)
    root_after = load_first(second.root_file)
    leaf_after = x509.load_pem_x509_certificates(second.leaves["iss-auth"].chain_file.read_bytes())

    assert root_after.serial_number != root_before.serial_number
    assert is_issued_by(leaf_after[1], root_after)


def test_new_address_reissues_leaf(tmp_path):
    first = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)
    leaf_before = first.leaves["iss-auth"].chain_file.read_bytes()

    second = ensure_certificates(tmp_path / "certs", IDS, ["127.0.0.1", "127.0.0.2"])

    assert second.leaves["iss-auth"].chain_file.read_bytes() != leaf_before


def test_loose_key_mode_tightened(tmp_path):
    files = ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)
    files.leaves["iss-auth"].key_file.chmod(0o644)

    ensure_certificates(tmp_path / "certs", IDS, ADDRESSES)

    assert mode_of(files.leaves["iss-auth"].key_file) == 0o600


def test_lab_places_certs_in_data_dir(catalog, tmp_path):
    with Lab(catalog, tmp_path, control=False) as lab:
        ca_file = lab.ca_file

    assert ca_file == tmp_path / "lab" / "certs" / "root-ca.pem"
    assert ca_file.exists()
