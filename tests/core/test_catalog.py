import json

import pytest

from etc_console.catalog import load_catalog
from etc_console.cli import main
from etc_console.config import ConfigError

SERVICE_LIST = {
    "issuance": ["网点发行与服务接口平台", "银行账务接口平台", "分对分接口平台", "公共服务平台", "手持机发行与服务系统",
                 "发行认证子系统", "营改增子系统", "客服中心子系统", "运行监控子系统", "用户管理子系统"],
    "online": ["陕西ETC网上营业厅", "陕西三秦通微信小程序", "陕西三秦通app"],
    "settlement": ["清分结算子系统", "信息交互子系统", "数据传输子系统", "数据汇聚子系统"],
    "ordinary-road": ["信息传输系统", "信息交互系统", "收费站收费管理系统", "收费站交易处理系统", "车道收费系统"],
}


def test_catalog_has_every_service_list_line():
    catalog = load_catalog()
    for category_id, names in SERVICE_LIST.items():
        found = [s.name for s in catalog.subsystems if s.category == category_id]
        assert found == names
    assert len(catalog.categories) == 6


def test_sla_classes_follow_contract_table():
    catalog = load_catalog()
    expected = {"iss-auth": (30, 120), "stl-clearing": (30, 120), "wx-miniprogram": (30, 180),
                "app": (30, 180), "iss-monitor": (30, 180), "ord-lane": (30, 180)}
    for subsystem_id, minutes in expected.items():
        sla = catalog.sla_class(catalog.subsystem(subsystem_id).sla_class)
        assert (sla.respond_minutes, sla.handle_minutes) == minutes


def test_service_points_are_one_aggregate():
    catalog = load_catalog()
    aggregates = [s for s in catalog.subsystems if s.aggregate]
    assert [s.id for s in aggregates] == ["service-points"]
    assert len(catalog.service_points) == 163
    assert len({p.code for p in catalog.service_points}) == 163


def test_training_is_not_monitored():
    catalog = load_catalog()
    assert not catalog.subsystem("training").monitored
    assert "training" not in {s.id for s in catalog.monitored()}


def test_site_catalog_adds_and_overrides(tmp_path):
    extra = tmp_path / "site-catalog.toml"
    extra.write_text(
        '[[subsystem]]\nid = "iss-auth"\ncategory = "issuance"\nname = "发行认证（省中心）"\nsla_class = "issuance"\n\n'
        '[[subsystem]]\nid = "invoice-platform"\ncategory = "issuance"\nname = "票据服务平台"\nsla_class = "issuance"\n\n'
        '[[point]]\ncode = "SP164"\nname = "西安新增服务网点"\n',
        encoding="utf-8",
    )
    catalog = load_catalog(extra)
    assert catalog.subsystem("iss-auth").name == "发行认证（省中心）"
    assert catalog.subsystem("invoice-platform").name == "票据服务平台"
    assert len(catalog.service_points) == 164
    assert len(load_catalog().service_points) == 163


def test_site_catalog_unknown_category_is_named(tmp_path):
    extra = tmp_path / "bad.toml"
    extra.write_text('[[subsystem]]\nid = "x1"\ncategory = "nope"\nname = "X"\nsla_class = "issuance"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalog(extra)
    message = str(caught.value)
    assert "bad.toml" in message
    assert "subsystem 'x1'.category" in message
    assert "nope" in message


def test_site_catalog_bad_id_names_key_path(tmp_path):
    extra = tmp_path / "bad.toml"
    extra.write_text('[[subsystem]]\nid = "Bad Id"\ncategory = "issuance"\nname = "X"\nsla_class = "issuance"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalog(extra)
    assert "subsystem[0].id" in str(caught.value)
    assert "line 1" in str(caught.value)


def test_catalog_command_prints_json(capsys):
    assert main(["catalog", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    categories = {c["id"]: c for c in document["categories"]}
    assert len(categories) == 6
    auth = next(s for s in categories["issuance"]["subsystems"] if s["id"] == "iss-auth")
    assert auth["name"] == "发行认证子系统"
    assert auth["sla_class"]["respond_minutes"] == 30
    assert auth["sla_class"]["handle_minutes"] == 120
    points = categories["service-points"]["subsystems"][0]
    assert len(points["members"]) == 163
