import threading

import pytest

from etc_console.lab import Lab

from labclient import connect_refused, observe_subsystem


def test_start_stop_leaves_no_threads(catalog, tmp_path):
    before = set(threading.enumerate())
    lab = Lab(catalog, tmp_path)

    lab.start()
    running = [thread.name for thread in threading.enumerate() if thread not in before]
    assert observe_subsystem(lab, "iss-auth").outcome == "ok"
    lab.stop()

    assert running == ["etc-console-lab"]
    assert not [thread for thread in threading.enumerate() if thread not in before]


def test_stop_closes_every_port(catalog, tmp_path):
    with Lab(catalog, tmp_path) as lab:
        ports = [port for group in lab.ports.values() for port in group.values()]
        ports.append(lab.control_port)

    refused = [port for port in ports if not connect_refused("127.0.0.1", port)]
    assert refused == []


def test_stop_twice_is_harmless(catalog, tmp_path):
    lab = Lab(catalog, tmp_path, control=False)
    lab.start()
    lab.stop()
    lab.stop()
    assert not lab.running


def test_fault_set_before_start_applies(catalog, tmp_path):
    lab = Lab(catalog, tmp_path, control=False)
    lab.set_fault("iss-auth", "down")
    with lab:
        port = lab.ports["iss-auth"]["https"]
        assert port > 0
        assert connect_refused("127.0.0.1", port)
        assert observe_subsystem(lab, "iss-vat").outcome == "ok"


def test_start_twice_raises(catalog, tmp_path):
    with Lab(catalog, tmp_path, control=False) as lab:
        with pytest.raises(RuntimeError, match="already running"):
            lab.start()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "localhost", "::1"])
def test_non_loopback_host_rejected(catalog, tmp_path, host):
    with pytest.raises(ValueError, match="loopback"):
        Lab(catalog, tmp_path, host=host)


def test_ports_before_start_raise(catalog, tmp_path):
    lab = Lab(catalog, tmp_path)
    with pytest.raises(RuntimeError, match="not running"):
        lab.ports
    with pytest.raises(RuntimeError, match="not running"):
        lab.site_config()


def test_set_fault_from_many_threads(lab):
    targets = ["iss-auth", "iss-vat", "web-hall", "SP001", "SP002", "ord-lane"]
    errors = []

    def set_down(target):
        try:
            lab.set_fault(target, "http500")
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=set_down, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert errors == []
    assert lab.faults() == {target: "http500" for target in sorted(targets)}
