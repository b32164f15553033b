"""The trainer panel offers each fault only on targets the lab takes it on."""

from PySide6.QtGui import QStandardItemModel


def enabled_kinds(trainer, target: str) -> set[str]:
    trainer.target_combo.setCurrentIndex(trainer.target_combo.findData(target))
    model = trainer.fault_combo.model()
    assert isinstance(model, QStandardItemModel)
    return {trainer.fault_combo.itemData(row) for row in range(model.rowCount()) if model.item(row).isEnabled()}


def test_deep_faults_only_on_their_targets(console):
    trainer = console.window.trainer_page

    assert enabled_kinds(trainer, "ssh") == {"hostkey-changed"}
    assert trainer.fault_combo.currentData() == "hostkey-changed"

    transfer = enabled_kinds(trainer, "stl-transfer")
    assert "backlog" in transfer
    assert "disk-full" not in transfer
    assert "down" in transfer

    assert "disk-full" in enabled_kinds(trainer, "iss-outlet-api")
    point = enabled_kinds(trainer, "SP017")
    assert "cert-expired" not in point
    assert "backlog" not in point


def test_deep_fault_titles_are_chinese(console):
    trainer = console.window.trainer_page
    titles = {trainer.fault_combo.itemData(row): trainer.fault_combo.itemText(row) for row in range(trainer.fault_combo.count())}
    assert titles["hostkey-changed"] == "SSH 主机密钥变更"
    assert titles["backlog"] == "上传部中心积压"
