"""A minimal evaluator of site-file JSON rules, so the lab tests need not wait for the probe engine."""


def value_at(document: dict, path: str):
    value = document
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return KeyError(path)
        value = value[part]
    return value


def rule_holds(document: dict, rule: dict) -> bool:
    value = value_at(document, rule["path"])
    if isinstance(value, KeyError):
        return False
    if "equals" in rule and value != rule["equals"]:
        return False
    if "one_of" in rule and value not in rule["one_of"]:
        return False
    if "min" in rule and value < rule["min"]:
        return False
    if "max" in rule and value > rule["max"]:
        return False
    return True
