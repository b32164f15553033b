"""The base of every table in a site or catalog file."""

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

FORBIDDEN_SECRET_KEYS = {"password", "passphrase", "secret", "token", "api_key"}


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _reject_inline_secrets(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if str(key).lower() in FORBIDDEN_SECRET_KEYS:
                    raise ValueError(
                        f"the key '{key}' would put a secret in the file; store the secret in "
                        "the keyring and reference it with credential = "
                        '{ service = "etc-console", username = "..." }'
                    )
        return data
