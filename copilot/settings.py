"""The one settings object (environment variables with the ``ARCOPILOT_`` prefix, and ``.env``)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.money import normalise_currency


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("arcopilot", appauthor=False))


class Settings(BaseSettings):
    """Everything configurable; offline defaults so a fresh machine runs with none set."""

    model_config = SettingsConfigDict(
        env_prefix="ARCOPILOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in the data directory"
    )
    max_file_mb: float = Field(default=1024, gt=0, description="larger files are quarantined unread")
    auto_apply_threshold: Decimal = Field(default=Decimal("0.95"), ge=0, le=1)
    deduction_max_share: Decimal = Field(
        default=Decimal("0.15"),
        ge=0,
        le=1,
        description="a shortfall above this share of the invoices is a partial payment",
    )
    calibration_file: Path | None = Field(
        default=None,
        description="confidence calibration table (default: the packaged one; see arcopilot eval)",
    )
    reason_codes_file: Path | None = Field(
        default=None, description="deduction reason codes, keywords and examples (default: the packaged YAML)"
    )
    default_currency: str = "EUR"
    default_language: Literal["fr", "en"] = "fr"

    llm_provider: Literal["rules", "openai"] = "rules"
    llm_model: str | None = None
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "ARCOPILOT_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ARCOPILOT_OPENAI_BASE_URL")
    )
    chroma_url: str | None = None

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "ARCOPILOT_SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "ARCOPILOT_SLACK_SIGNING_SECRET"),
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "ARCOPILOT_SLACK_APP_TOKEN")
    )
    slack_api_url: str | None = None
    slack_review_channel: str | None = Field(default=None, description="channel id for /ar review cards")
    smtp_url: str | None = None
    secret_key: SecretStr | None = Field(
        default=None,
        description="signs web log-in sessions; default: a random key kept in the data directory",
    )
    second_approval_above: Decimal = Field(
        default=Decimal("10000"),
        ge=0,
        description="a write-off or allocation edit above this amount needs a second reviewer",
    )
    session_max_age_hours: float = Field(default=12, gt=0, description="web log-in sessions expire after")
    inbox_smtp_host: str = Field(default="127.0.0.1", description="address the inbox SMTP listener binds")
    inbox_smtp_port: int = Field(default=2525, ge=1, le=65535)
    inbox_addresses: list[str] = Field(
        default_factory=list,
        description='recipients the SMTP inbox accepts, as JSON (["ar@example.com"]); empty: any',
    )
    inbox_imap_url: str | None = Field(
        default=None, description="mailbox to poll: imap://user:password@host:143/INBOX or imaps://..."
    )
    inbox_poll_seconds: float = Field(default=60, gt=0)
    inbox_max_message_mb: float = Field(default=25, gt=0, description="larger SMTP messages are refused")
    dunning_scenarios_file: Path | None = Field(
        default=None, description="dunning stages per customer segment (default: the packaged YAML)"
    )
    dunning_rates_file: Path | None = Field(
        default=None, description="dated late-payment reference rates (default: the packaged YAML)"
    )
    dunning_letters_dir: Path | None = Field(
        default=None, description="where PDF letters are written (default: letters/ in the data directory)"
    )
    dunning_from_address: str | None = Field(
        default=None, description="From address of reminders sent by e-mail, e.g. Credit <ar@example.com>"
    )
    dunning_company_name: str | None = Field(default=None, description="the sender named in reminders")
    dunning_signature: str | None = Field(
        default=None, description="the closing signature of reminders (default: the templates' own)"
    )

    @field_validator("default_currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return normalise_currency(value)

    @property
    def documents_dir(self) -> Path:
        """Where ingested files are stored by content hash."""
        return self.data_dir / "documents"

    @property
    def quarantine_dir(self) -> Path:
        """Where files that could not be read wait for a retry."""
        return self.data_dir / "quarantine"

    @property
    def letters_dir(self) -> Path:
        """Where dunning letters are written as PDF files."""
        return self.dunning_letters_dir or self.data_dir / "letters"

    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'arcopilot.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use (never at import)."""
    return Settings()
